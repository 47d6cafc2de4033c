package io.simarch.stub.telemetry;

import io.simarch.stub.core.Op;
import io.simarch.stub.core.Outcome;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Supplier;

/**
 * One instance's counters and histograms, rendered in the Prometheus text format. Hand-kept rather
 * than a registry library because the local runtime holds up to a thousand of these in one JVM: the
 * whole object stays a few kilobytes until it sees traffic.
 */
public final class NodeMetrics {
  /** A circuit breaker's state for the gauge. */
  public record BreakerState(String dependency, String peer, String state) {}

  private static final String[] STATES = {"closed", "open", "half_open"};

  private final Map<Op, Endpoint> endpoints = new EnumMap<>(Op.class);
  private final LatencyHistogram serverLatency = new LatencyHistogram();
  private final AtomicLong inFlight = new AtomicLong();
  private final AtomicLong arrivedSpent = new AtomicLong();
  private final AtomicLong shed = new AtomicLong();
  private final AtomicLong zoneFallbacks = new AtomicLong();
  private final AtomicLong trafficRequests = new AtomicLong();
  private final AtomicLong trafficErrors = new AtomicLong();
  private final AtomicLong trafficSkipped = new AtomicLong();
  private final LatencyHistogram roundTrips = new LatencyHistogram();
  private final PromHistogram roundTripSeconds = new PromHistogram();
  private final List<DependencyMetrics> dependencies = new CopyOnWriteArrayList<>();
  private final LongAdder spansDropped;
  private volatile Supplier<List<BreakerState>> breakers = List::of;
  private volatile SpanExportQueue exportQueue;

  public NodeMetrics(LongAdder spansDropped) {
    this.spansDropped = spansDropped;
    for (Op op : Op.values()) {
      endpoints.put(op, new Endpoint());
    }
  }

  private static final class Endpoint {
    final AtomicLong requests = new AtomicLong();
    final AtomicLong errors = new AtomicLong();
    final PromHistogram duration = new PromHistogram();
  }

  public DependencyMetrics dependency(String name) {
    var m = new DependencyMetrics(name);
    dependencies.add(m);
    return m;
  }

  /** The export queue whose totals /metrics shows (the pod's own; the host's, shared). */
  public void exportQueue(SpanExportQueue queue) {
    this.exportQueue = queue;
  }

  public void breakers(Supplier<List<BreakerState>> states) {
    this.breakers = states;
  }

  public void started() {
    inFlight.incrementAndGet();
  }

  /** A request to this instance ended; {@code op} null for one that was not a key/value op. */
  public void served(Op op, long nanos, boolean error) {
    inFlight.decrementAndGet();
    if (op == null) {
      return;
    }
    Endpoint e = endpoints.get(op);
    e.requests.incrementAndGet();
    if (error) {
      e.errors.incrementAndGet();
    }
    e.duration.recordNanos(nanos);
    serverLatency.recordNanos(nanos);
  }

  /** A request arrived with its budget already spent. */
  public void arrivedSpent() {
    arrivedSpent.incrementAndGet();
  }

  /** A request answered 503 at once because the instance was at its in-flight limit. */
  public void shed() {
    shed.incrementAndGet();
  }

  public long shedCount() {
    return shed.get();
  }

  public void zoneFallback() {
    zoneFallbacks.incrementAndGet();
  }

  public void trafficSkipped() {
    trafficSkipped.incrementAndGet();
  }

  public void roundTrip(long nanos, boolean error) {
    trafficRequests.incrementAndGet();
    if (error) {
      trafficErrors.incrementAndGet();
    }
    roundTrips.recordNanos(nanos);
    roundTripSeconds.recordNanos(nanos);
  }

  public long inFlight() {
    return inFlight.get();
  }

  public long requests() {
    return endpoints.values().stream().mapToLong(e -> e.requests.get()).sum();
  }

  public long errors() {
    return endpoints.values().stream().mapToLong(e -> e.errors.get()).sum();
  }

  public long arrivedSpentCount() {
    return arrivedSpent.get();
  }

  public long zoneFallbacks() {
    return zoneFallbacks.get();
  }

  public long trafficRequests() {
    return trafficRequests.get();
  }

  public long trafficErrors() {
    return trafficErrors.get();
  }

  public long trafficSkippedCount() {
    return trafficSkipped.get();
  }

  public LatencyHistogram serverLatency() {
    return serverLatency;
  }

  public LatencyHistogram roundTrips() {
    return roundTrips;
  }

  public long spansDropped() {
    return spansDropped.sum();
  }

  public List<DependencyMetrics> dependencies() {
    return dependencies;
  }

  /** Sum over dependencies of one attempt outcome. */
  public long attempts(Outcome outcome) {
    return dependencies.stream().mapToLong(d -> d.attempts(outcome)).sum();
  }

  /** The Prometheus text exposition (format 0.0.4). */
  public String render() {
    var out = new StringBuilder(4096);
    header(out, "simarch_requests_total", "counter", "Requests served, by endpoint.");
    endpoints.forEach((op, e) -> line(out, "simarch_requests_total", ep(op), e.requests.get()));
    header(out, "simarch_request_errors_total", "counter", "Requests answered 5xx, by endpoint.");
    endpoints.forEach((op, e) -> line(out, "simarch_request_errors_total", ep(op), e.errors.get()));
    header(out, "simarch_request_duration_seconds", "histogram", "Time to answer, by endpoint.");
    endpoints.forEach(
        (op, e) ->
            e.duration.write(
                out, "simarch_request_duration_seconds", "endpoint=\"" + op.spanName() + "\","));
    header(out, "simarch_requests_in_flight", "gauge", "Requests being served.");
    line(out, "simarch_requests_in_flight", "", inFlight.get());
    header(
        out,
        "simarch_requests_budget_spent_total",
        "counter",
        "Requests refused on arrival because the caller's budget was spent.");
    line(out, "simarch_requests_budget_spent_total", "", arrivedSpent.get());
    header(
        out,
        "simarch_shed_requests_total",
        "counter",
        "Requests answered 503 at once because the in-flight limit was reached.");
    line(out, "simarch_shed_requests_total", "", shed.get());

    header(out, "simarch_dependency_requests_total", "counter", "Calls to a dependency.");
    dependencies.forEach(d -> line(out, "simarch_dependency_requests_total", dep(d), d.requests()));
    header(
        out,
        "simarch_dependency_errors_total",
        "counter",
        "Calls to a dependency that failed after every attempt.");
    dependencies.forEach(d -> line(out, "simarch_dependency_errors_total", dep(d), d.errors()));
    header(
        out,
        "simarch_dependency_duration_seconds",
        "histogram",
        "Time of a call to a dependency, retries included.");
    dependencies.forEach(
        d ->
            d.duration.write(
                out,
                "simarch_dependency_duration_seconds",
                "dependency=\"" + esc(d.dependency) + "\","));
    header(out, "simarch_dependency_attempts_total", "counter", "Attempts by outcome.");
    for (DependencyMetrics d : dependencies) {
      for (Outcome o : Outcome.values()) {
        line(
            out,
            "simarch_dependency_attempts_total",
            "dependency=\"" + esc(d.dependency) + "\",outcome=\"" + o.label() + "\"",
            d.attempts(o));
      }
    }
    header(out, "simarch_dependency_retries_total", "counter", "Attempts after the first.");
    dependencies.forEach(d -> line(out, "simarch_dependency_retries_total", dep(d), d.retries()));
    header(out, "simarch_dependency_timeouts_total", "counter", "Attempts that timed out.");
    dependencies.forEach(
        d -> line(out, "simarch_dependency_timeouts_total", dep(d), d.attempts(Outcome.TIMEOUT)));
    header(
        out,
        "simarch_dependency_budget_exhausted_total",
        "counter",
        "Attempts not made because the budget was spent.");
    dependencies.forEach(
        d ->
            line(
                out,
                "simarch_dependency_budget_exhausted_total",
                dep(d),
                d.attempts(Outcome.BUDGET_EXHAUSTED)));
    header(
        out,
        "simarch_dependency_circuit_open_total",
        "counter",
        "Instances passed over because their circuit breaker was open.");
    dependencies.forEach(
        d -> line(out, "simarch_dependency_circuit_open_total", dep(d), d.breakerSkips()));
    header(
        out,
        "simarch_circuit_breaker_state",
        "gauge",
        "1 for the state each instance's breaker is in.");
    for (BreakerState b : breakers.get()) {
      for (String s : STATES) {
        line(
            out,
            "simarch_circuit_breaker_state",
            "dependency=\""
                + esc(b.dependency())
                + "\",peer=\""
                + esc(b.peer())
                + "\",state=\""
                + s
                + "\"",
            s.equals(b.state()) ? 1 : 0);
      }
    }
    header(
        out,
        "simarch_zone_fallbacks_total",
        "counter",
        "Calls sent outside the preferred zone or region because it had no instance.");
    line(out, "simarch_zone_fallbacks_total", "", zoneFallbacks.get());
    header(
        out,
        "simarch_spans_dropped_total",
        "counter",
        "Spans dropped because the export queue was full.");
    line(out, "simarch_spans_dropped_total", "", spansDropped.sum());
    SpanExportQueue q = exportQueue;
    if (q != null) {
      header(
          out,
          "simarch_spans_exported_total",
          "counter",
          "Spans the exporter delivered (every instance of this process).");
      line(out, "simarch_spans_exported_total", "", q.exported());
      header(
          out,
          "simarch_spans_export_failed_total",
          "counter",
          "Spans in batches the exporter failed to deliver (every instance of this process).");
      line(out, "simarch_spans_export_failed_total", "", q.failed());
      header(out, "simarch_spans_queued", "gauge", "Spans waiting in the export queue.");
      line(out, "simarch_spans_queued", "", q.queued());
    }
    if (trafficRequests.get() > 0 || trafficSkipped.get() > 0) {
      header(out, "simarch_traffic_requests_total", "counter", "Requests the traffic source sent.");
      line(out, "simarch_traffic_requests_total", "", trafficRequests.get());
      header(out, "simarch_traffic_errors_total", "counter", "Traffic requests that failed.");
      line(out, "simarch_traffic_errors_total", "", trafficErrors.get());
      header(
          out,
          "simarch_traffic_skipped_total",
          "counter",
          "Ticks skipped because maxInFlight requests were outstanding.");
      line(out, "simarch_traffic_skipped_total", "", trafficSkipped.get());
      header(out, "simarch_traffic_round_trip_seconds", "histogram", "Round trips measured.");
      roundTripSeconds.write(out, "simarch_traffic_round_trip_seconds", "");
    }
    return out.toString();
  }

  /** Everything else an instance reports, for tests and stats. */
  public List<String> breakerSummary() {
    var l = new ArrayList<String>();
    breakers.get().forEach(b -> l.add(b.dependency() + "/" + b.peer() + "=" + b.state()));
    return l;
  }

  private static String ep(Op op) {
    return "endpoint=\"" + op.spanName() + "\"";
  }

  private static String dep(DependencyMetrics d) {
    return "dependency=\"" + esc(d.dependency) + "\"";
  }

  private static void header(StringBuilder out, String name, String type, String help) {
    out.append("# HELP ").append(name).append(' ').append(help).append('\n');
    out.append("# TYPE ").append(name).append(' ').append(type).append('\n');
  }

  private static void line(StringBuilder out, String name, String labels, long value) {
    out.append(name);
    if (!labels.isEmpty()) {
      out.append('{').append(labels).append('}');
    }
    out.append(' ').append(value).append('\n');
  }

  static String esc(String s) {
    return s.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n");
  }
}
