package io.simarch.stub.telemetry;

import io.prometheus.metrics.core.datapoints.CounterDataPoint;
import io.prometheus.metrics.core.datapoints.DistributionDataPoint;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.CounterWithCallback;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import io.simarch.api.model.StubConfig;
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
 * One instance's metrics: the one definition of the schema a pod's and a local run's {@code
 * /metrics} both serve, kept by Prometheus client_java in a registry of the instance's own.
 *
 * <p>A pod's series carry only their own labels ({@code endpoint}, {@code dependency}, …): the
 * scrape adds the pod's. In the local runtime every series also carries {@link #INSTANCE_LABELS},
 * so one scrape of {@code simarch run --metrics-port} tells a thousand instances apart.
 *
 * <p>The request path records on every request, so every labelled child is looked up once, here or
 * in {@link DependencyMetrics}, and kept; recording is then an adder increment. To add a counter: a
 * field built by {@link #counter} (or {@link #labelled} plus cached children), a method that
 * increments it, and a row in docs/traces-and-metrics.md.
 */
public final class NodeMetrics {
  /** A circuit breaker's state for the gauge. */
  public record BreakerState(String dependency, String peer, String state) {}

  /** What tells instances apart when many share one scrape (the local runtime). */
  public static final List<String> INSTANCE_LABELS =
      List.of("architecture", "service", "instance", "region", "zone");

  // the series `simarch verify --prometheus` compares with the ground truth
  public static final String REQUESTS = "simarch_requests_total";
  public static final String DEPENDENCY_ATTEMPTS = "simarch_dependency_attempts_total";
  public static final String TRAFFIC_REQUESTS = "simarch_traffic_requests_total";
  public static final String TRAFFIC_ERRORS = "simarch_traffic_errors_total";
  public static final String IN_FLIGHT_LIMIT = "simarch_in_flight_limit";
  public static final String SHED_REQUESTS = "simarch_shed_requests_total";
  public static final String DEPENDENCY_LABEL = "dependency";

  // the series `simarch ui` reads from a pod's /metrics for the live view
  public static final String REQUEST_ERRORS = "simarch_request_errors_total";
  public static final String REQUEST_DURATION = "simarch_request_duration_seconds";
  public static final String DEPENDENCY_REQUESTS = "simarch_dependency_requests_total";
  public static final String DEPENDENCY_ERRORS = "simarch_dependency_errors_total";
  public static final String DEPENDENCY_RETRIES = "simarch_dependency_retries_total";
  public static final String DEPENDENCY_TIMEOUTS = "simarch_dependency_timeouts_total";
  public static final String OUTCOME_LABEL = "outcome";

  /** Classic buckets in seconds, 0.5 ms to 10 s, as dashboards have them. */
  static final double[] BUCKETS = {
    0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10
  };

  private static final String[] STATES = {"closed", "open", "half_open"};

  private final PrometheusRegistry registry = new PrometheusRegistry();
  private final Labels constLabels;
  private final Map<Op, CounterDataPoint> requests = new EnumMap<>(Op.class);
  private final Map<Op, CounterDataPoint> requestErrors = new EnumMap<>(Op.class);
  private final Map<Op, DistributionDataPoint> requestDuration = new EnumMap<>(Op.class);
  private final LatencyHistogram serverLatency = new LatencyHistogram();
  private final AtomicLong inFlight = new AtomicLong();
  private volatile java.util.function.IntSupplier inFlightLimit = () -> 0;
  private final Counter arrivedSpent;
  private final Counter shed;
  private final Counter throttled;
  private volatile Function function;
  private final Counter zoneFallbacks;
  private final Traffic traffic;
  private final LatencyHistogram roundTrips = new LatencyHistogram();

  // by dependency: one family each, a DependencyMetrics per dependency keeps its children
  final Counter depRequests;
  final Counter depErrors;
  final Histogram depDuration;
  final Counter depAttempts;
  final Counter depRetries;
  final Counter depTimeouts;
  final Counter depBudgetExhausted;
  final Counter depCircuitOpen;
  private final List<DependencyMetrics> dependencies = new CopyOnWriteArrayList<>();

  private final LongAdder spansDropped;
  private volatile Supplier<List<BreakerState>> breakers = List::of;
  private volatile SpanExportQueue exportQueue;

  /** A pod's metrics: no per-instance labels, no traffic source. */
  public NodeMetrics(LongAdder spansDropped) {
    this(spansDropped, Labels.EMPTY, false);
  }

  /**
   * @param constLabels on every series: {@link Labels#EMPTY} in a pod, {@link #instanceLabels}
   *     locally
   * @param root whether this instance is a traffic source (the {@code simarch_traffic_*} series)
   */
  public NodeMetrics(LongAdder spansDropped, Labels constLabels, boolean root) {
    this.spansDropped = spansDropped;
    this.constLabels = constLabels;
    Counter reqs = labelled(REQUESTS, "Requests served, by endpoint.", "endpoint");
    Counter errs = labelled(REQUEST_ERRORS, "Requests answered 5xx, by endpoint.", "endpoint");
    Histogram dur = histogram(REQUEST_DURATION, "Time to answer, by endpoint.", "endpoint");
    for (Op op : Op.values()) {
      requests.put(op, reqs.labelValues(op.spanName()));
      requestErrors.put(op, errs.labelValues(op.spanName()));
      requestDuration.put(op, dur.labelValues(op.spanName()));
    }
    gauge("simarch_requests_in_flight", "Requests being served.", inFlight::get);
    arrivedSpent =
        counter(
            "simarch_requests_budget_spent_total",
            "Requests refused on arrival because the caller's budget was spent.");
    shed =
        counter(
            SHED_REQUESTS,
            "Requests answered 503 at once because the adaptive in-flight limit was reached.");
    gauge(
        IN_FLIGHT_LIMIT,
        "Requests this instance admits at once now: adaptive, at most behavior.inFlightLimit.",
        () -> inFlightLimit.getAsInt());

    depRequests = labelled(DEPENDENCY_REQUESTS, "Calls to a dependency.", DEPENDENCY_LABEL);
    depErrors =
        labelled(
            DEPENDENCY_ERRORS,
            "Calls to a dependency that failed after every attempt.",
            DEPENDENCY_LABEL);
    depDuration =
        histogram(
            "simarch_dependency_duration_seconds",
            "Time of a call to a dependency, retries included.",
            "dependency");
    depAttempts =
        labelled(DEPENDENCY_ATTEMPTS, "Attempts by outcome.", DEPENDENCY_LABEL, OUTCOME_LABEL);
    depRetries = labelled(DEPENDENCY_RETRIES, "Attempts after the first.", DEPENDENCY_LABEL);
    depTimeouts = labelled(DEPENDENCY_TIMEOUTS, "Attempts that timed out.", DEPENDENCY_LABEL);
    depBudgetExhausted =
        labelled(
            "simarch_dependency_budget_exhausted_total",
            "Attempts not made because the budget was spent.",
            "dependency");
    depCircuitOpen =
        labelled(
            "simarch_dependency_circuit_open_total",
            "Instances passed over because their circuit breaker was open.",
            "dependency");
    register(
        GaugeWithCallback.builder()
            .name("simarch_circuit_breaker_state")
            .help("1 for the state each instance's breaker is in.")
            .labelNames("dependency", "peer", "state")
            .callback(
                cb -> {
                  for (BreakerState b : breakers.get()) {
                    for (String s : STATES) {
                      cb.call(s.equals(b.state()) ? 1 : 0, b.dependency(), b.peer(), s);
                    }
                  }
                }));
    throttled =
        counter(
            "simarch_throttled_requests_total",
            "Requests answered 429 because the function's concurrency, the gateway's rate or the"
                + " table's capacity was used up.");
    zoneFallbacks =
        counter(
            "simarch_zone_fallbacks_total",
            "Calls sent outside the preferred zone or region because it had no instance.");
    register(
        CounterWithCallback.builder()
            .name("simarch_spans_dropped_total")
            .help("Spans dropped because the export queue was full.")
            .callback(cb -> cb.call(spansDropped.sum())));
    register(
        CounterWithCallback.builder()
            .name("simarch_spans_exported_total")
            .help("Spans the exporter delivered (every instance of this process).")
            .callback(cb -> ifQueue(q -> cb.call(q.exported()))));
    register(
        CounterWithCallback.builder()
            .name("simarch_spans_export_failed_total")
            .help(
                "Spans in batches the exporter failed to deliver (every instance of this process).")
            .callback(cb -> ifQueue(q -> cb.call(q.failed()))));
    register(
        GaugeWithCallback.builder()
            .name("simarch_spans_queued")
            .help("Spans waiting in the export queue.")
            .callback(cb -> ifQueue(q -> cb.call(q.queued()))));
    this.traffic = root ? new Traffic() : null;
  }

  /** The traffic source's series, registered for a root only. */
  private final class Traffic {
    final Counter requests = counter(TRAFFIC_REQUESTS, "Requests the traffic source sent.");
    final Counter errors =
        labelled(TRAFFIC_ERRORS, "Traffic requests that failed, by outcome.", OUTCOME_LABEL);
    final Map<String, CounterDataPoint> errorsBy = new java.util.concurrent.ConcurrentHashMap<>();
    final Counter skipped =
        counter(
            "simarch_traffic_skipped_total",
            "Ticks skipped because maxInFlight requests were outstanding.");
    final Histogram roundTrip =
        histogram("simarch_traffic_round_trip_seconds", "Round trips measured.");

    Traffic() {
      // the outcomes a root request fails with, at 0 from the start so rates have a series
      for (Outcome o : Outcome.values()) {
        if (o != Outcome.OK && o != Outcome.SHED) {
          errorsBy.put(o.label(), errors.labelValues(o.label()));
        }
      }
    }
  }

  /** A function's series, registered by {@link #function()} for a lambda only. */
  public final class Function {
    private final Counter invocations =
        counter("simarch_faas_invocations_total", "Invocations that got an environment.");
    private final Counter coldStarts =
        counter("simarch_faas_coldstarts_total", "Invocations that found no idle environment.");
    private final Counter gbSeconds =
        counter(
            "simarch_faas_gb_seconds_total",
            "Billed duration (rounded up to 1 ms) times memory, in GB-seconds.");
    private final Counter cost =
        counter("simarch_faas_cost_usd_total", "Billed GB-seconds and requests, in USD.");
    private final Histogram billed =
        histogram(
            "simarch_faas_billed_duration_seconds",
            "Billed duration of an invocation (rounded up to 1 ms), cold start included.");

    private Function() {}

    public void invoked(boolean cold, long billedMs, double gbSeconds, double costUsd) {
      invocations.inc();
      if (cold) {
        coldStarts.inc();
      }
      this.gbSeconds.inc(gbSeconds);
      this.cost.inc(costUsd);
      billed.observe(billedMs / 1000.0);
    }

    public void environments(
        java.util.function.IntSupplier busy, java.util.function.IntSupplier idle) {
      gauge(
          "simarch_faas_environments_busy", "Environments running an invocation.", busy::getAsInt);
      gauge("simarch_faas_environments_idle", "Environments warm and waiting.", idle::getAsInt);
    }

    public long invocations() {
      return invocations.getLongValue();
    }

    public long coldStarts() {
      return coldStarts.getLongValue();
    }

    public double gbSeconds() {
      return gbSeconds.get();
    }

    public double costUsd() {
      return cost.get();
    }
  }

  /** The function series of this instance, registered on first use. */
  public synchronized Function function() {
    if (function == null) {
      function = new Function();
    }
    return function;
  }

  /** The function series, or null when this instance is no function. */
  public Function functionOrNull() {
    return function;
  }

  /** {@link #INSTANCE_LABELS} of one instance. */
  public static Labels instanceLabels(StubConfig c) {
    return Labels.of(
        INSTANCE_LABELS,
        List.of(c.architecture(), c.service(), c.instance(), c.region(), c.zone()));
  }

  private Counter counter(String name, String help) {
    return register(Counter.builder().name(name).help(help).withoutExemplars());
  }

  private Counter labelled(String name, String help, String... labels) {
    return register(Counter.builder().name(name).help(help).labelNames(labels).withoutExemplars());
  }

  private Histogram histogram(String name, String help, String... labels) {
    return register(
        Histogram.builder()
            .name(name)
            .help(help)
            .labelNames(labels)
            .classicOnly()
            .classicUpperBounds(BUCKETS)
            .withoutExemplars());
  }

  private void gauge(String name, String help, Supplier<Number> value) {
    register(
        GaugeWithCallback.builder()
            .name(name)
            .help(help)
            .callback(cb -> cb.call(value.get().doubleValue())));
  }

  @SuppressWarnings("unchecked")
  private <M extends io.prometheus.metrics.core.metrics.MetricWithFixedMetadata> M register(
      io.prometheus.metrics.core.metrics.MetricWithFixedMetadata.Builder<?, ?> builder) {
    builder.constLabels(constLabels);
    M metric = (M) builder.build();
    registry.register(metric);
    return metric;
  }

  private void ifQueue(java.util.function.Consumer<SpanExportQueue> use) {
    SpanExportQueue q = exportQueue;
    if (q != null) {
      use.accept(q);
    }
  }

  public DependencyMetrics dependency(String name) {
    var m = new DependencyMetrics(this, name);
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

  /** Where the {@value #IN_FLIGHT_LIMIT} gauge reads the admission limit. */
  public void inFlightLimit(java.util.function.IntSupplier limit) {
    this.inFlightLimit = limit;
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
    requests.get(op).inc();
    if (error) {
      requestErrors.get(op).inc();
    }
    requestDuration.get(op).observe(seconds(nanos));
    serverLatency.recordNanos(nanos);
  }

  static double seconds(long nanos) {
    return nanos / 1e9;
  }

  /** A request arrived with its budget already spent. */
  public void arrivedSpent() {
    arrivedSpent.inc();
  }

  /** A request answered 503 at once because the instance was at its in-flight limit. */
  public void shed() {
    shed.inc();
  }

  public void throttled() {
    throttled.inc();
  }

  public long throttledCount() {
    return throttled.getLongValue();
  }

  public long shedCount() {
    return shed.getLongValue();
  }

  public void zoneFallback() {
    zoneFallbacks.inc();
  }

  /** Where the root's outstanding-requests gauge reads (a root only). */
  public void trafficInFlight(java.util.function.IntSupplier outstanding) {
    if (traffic != null) {
      gauge(
          "simarch_traffic_in_flight",
          "Traffic requests sent and not yet answered (at most traffic.maxInFlight).",
          outstanding::getAsInt);
    }
  }

  public void trafficSkipped() {
    if (traffic != null) {
      traffic.skipped.inc();
    }
  }

  /**
   * A root request came back.
   *
   * @param failure why it failed (an {@code x-simarch-outcome}), or null when it succeeded
   */
  public void roundTrip(long nanos, String failure) {
    roundTrips.recordNanos(nanos);
    if (traffic == null) {
      return;
    }
    traffic.requests.inc();
    if (failure != null) {
      traffic.errorsBy.computeIfAbsent(failure, traffic.errors::labelValues).inc();
    }
    traffic.roundTrip.observe(seconds(nanos));
  }

  public long inFlight() {
    return inFlight.get();
  }

  public long requests() {
    return requests.values().stream().mapToLong(CounterDataPoint::getLongValue).sum();
  }

  public long errors() {
    return requestErrors.values().stream().mapToLong(CounterDataPoint::getLongValue).sum();
  }

  public long arrivedSpentCount() {
    return arrivedSpent.getLongValue();
  }

  public long zoneFallbacks() {
    return zoneFallbacks.getLongValue();
  }

  public long trafficRequests() {
    return traffic == null ? 0 : traffic.requests.getLongValue();
  }

  public long trafficErrors() {
    return traffic == null
        ? 0
        : traffic.errorsBy.values().stream().mapToLong(CounterDataPoint::getLongValue).sum();
  }

  /** Failed traffic requests of one outcome. */
  public long trafficErrors(String outcome) {
    CounterDataPoint c = traffic == null ? null : traffic.errorsBy.get(outcome);
    return c == null ? 0 : c.getLongValue();
  }

  public long trafficSkippedCount() {
    return traffic == null ? 0 : traffic.skipped.getLongValue();
  }

  /** Served latencies for the p50/p99 of {@code InstanceStats} (not exposed). */
  public LatencyHistogram serverLatency() {
    return serverLatency;
  }

  /** Round trips for the p50/p99 of {@code InstanceStats} (not exposed). */
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

  /** This instance's series now. */
  public MetricSnapshots scrape() {
    return registry.scrape();
  }

  /** Everything else an instance reports, for tests and stats. */
  public List<String> breakerSummary() {
    var l = new ArrayList<String>();
    breakers.get().forEach(b -> l.add(b.dependency() + "/" + b.peer() + "=" + b.state()));
    return l;
  }
}
