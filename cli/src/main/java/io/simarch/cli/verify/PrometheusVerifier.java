package io.simarch.cli.verify;

import com.fasterxml.jackson.databind.JsonNode;
import io.simarch.cli.truth.TruthReader;
import io.simarch.stub.core.Outcome;
import io.simarch.stub.telemetry.NodeMetrics;
import io.simarch.stub.truth.TruthFile;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Checks what a Prometheus kept of a run's request and error counts against the truth: per service
 * the requests it served, per dependency the attempts and the failed attempts, at the root the
 * traffic's requests and failures. The run's series are those labelled with its architecture
 * ({@code simarch run --metrics-port} labels every series so); each counter's last value within the
 * run's window is the backend's count, since the run's counters start at zero.
 *
 * <p>The last scrape comes before the run's end, so a count may fall short by what the truth
 * counted in a scrape interval and a second; the scrapes must begin and end within {@link
 * #ALLOWED_GAP_INTERVALS} intervals and a second of the run's start and end, or the backend missed
 * part of the run, and that part counts as lost.
 */
public final class PrometheusVerifier {
  /** Scrape intervals a first or last sample may be from the run's start or end. */
  static final int ALLOWED_GAP_INTERVALS = 2;

  private static final String SERVICE = "service";
  private static final String ARCHITECTURE = "architecture";

  private final PrometheusApi api;

  public PrometheusVerifier(PrometheusApi api) {
    this.api = api;
  }

  public MetricsReport verify(TruthReader.Truth truth, double maxLoss) {
    TruthFile.Header header = truth.header();
    TruthFile.Summary summary = truth.summary();
    double startS = header.startedMicros() / 1e6;
    double endS = summary.endedMicros() / 1e6;
    double runS = Math.max(0.001, endS - startS);
    // one second either side: sample timestamps are the scrapes' starts, clocks are not exact
    double at = endS + 1;
    long windowS = (long) Math.ceil(runS) + 2;
    String selector = "{" + ARCHITECTURE + "=\"" + promString(header.architecture()) + "\"}";

    // the root's raw samples say when scraping began and ended, and how often it came
    JsonNode rootSeries = api.query(NodeMetrics.TRAFFIC_REQUESTS + selector + range(windowS), at);
    var stamps = new TreeSet<Double>();
    var gaps = new ArrayList<Double>();
    for (JsonNode series : rootSeries) {
      double prev = Double.NaN;
      for (JsonNode sample : series.path("values")) {
        double t = sample.path(0).asDouble();
        stamps.add(t);
        if (!Double.isNaN(prev)) {
          gaps.add(t - prev);
        }
        prev = t;
      }
    }
    double interval = median(gaps);
    double from = stamps.isEmpty() ? runS : stamps.first() - startS;
    double to = stamps.isEmpty() ? 0 : stamps.last() - startS;
    double allowed = ALLOWED_GAP_INTERVALS * interval + 1;
    // a gap beyond the allowance is lost whole: nothing says what happened in it
    double uncovered =
        stamps.size() < 2
            ? runS
            : (from > allowed ? from : 0) + (runS - to > allowed ? runS - to : 0);
    // the last scrape may come an interval before the end, give or take a second
    double tolShare = stamps.size() < 2 ? 0 : Math.min(1, (interval + 1) / runS);

    var rows = new ArrayList<MetricsReport.Row>();
    String root = header.root();
    rows.add(
        row(
            root,
            "traffic requests",
            NodeMetrics.TRAFFIC_REQUESTS + selector,
            summary.requests(),
            tolShare,
            windowS,
            at));
    rows.add(
        row(
            root,
            "traffic failed",
            NodeMetrics.TRAFFIC_ERRORS + selector,
            summary.failed(),
            tolShare,
            windowS,
            at));

    Map<String, Long> served = servedRequests(summary);
    Map<String, Long> backendServed =
        bySum(NodeMetrics.REQUESTS + selector, List.of(SERVICE), windowS, at);
    var services = new TreeSet<>(served.keySet());
    services.addAll(backendServed.keySet());
    services.remove(root);
    for (String s : services) {
      long truthCount = served.getOrDefault(s, 0L);
      long found = backendServed.getOrDefault(s, 0L);
      if (truthCount != 0 || found != 0) {
        rows.add(
            new MetricsReport.Row(
                s,
                "requests",
                NodeMetrics.REQUESTS + "{" + SERVICE + "=\"" + promString(s) + "\"}",
                truthCount,
                found,
                tolerance(truthCount, tolShare)));
      }
    }

    String attempts = NodeMetrics.DEPENDENCY_ATTEMPTS + selector;
    String failedAttempts =
        NodeMetrics.DEPENDENCY_ATTEMPTS
            + "{"
            + ARCHITECTURE
            + "=\""
            + promString(header.architecture())
            + "\","
            + NodeMetrics.OUTCOME_LABEL
            + "!=\""
            + Outcome.OK.label()
            + "\"}";
    List<String> byEdge = List.of(SERVICE, NodeMetrics.DEPENDENCY_LABEL);
    Map<String, Long> backendAttempts = bySum(attempts, byEdge, windowS, at);
    Map<String, Long> backendFailed = bySum(failedAttempts, byEdge, windowS, at);
    var edges = new TreeSet<>(summary.edges().keySet());
    edges.addAll(backendAttempts.keySet());
    for (String e : edges) {
      long[] t = summary.edges().getOrDefault(e, new long[2]);
      rows.add(
          new MetricsReport.Row(
              e,
              "attempts",
              NodeMetrics.DEPENDENCY_ATTEMPTS,
              t[0],
              backendAttempts.getOrDefault(e, 0L),
              tolerance(t[0], tolShare)));
      long found = backendFailed.getOrDefault(e, 0L);
      if (t[1] != 0 || found != 0) {
        rows.add(
            new MetricsReport.Row(
                e,
                "failed attempts",
                NodeMetrics.DEPENDENCY_ATTEMPTS + "{outcome!=\"ok\"}",
                t[1],
                found,
                tolerance(t[1], tolShare)));
      }
    }

    long expected = 0;
    long lost = 0;
    for (MetricsReport.Row r : rows) {
      expected += r.truth();
      if (r.state().equals("short")) {
        lost += r.truth() - r.backend();
      }
    }
    double countLoss = expected == 0 ? 0 : 100.0 * lost / expected;
    double loss = Math.max(countLoss, Math.min(100, 100.0 * uncovered / runS));
    return new MetricsReport(
        "prometheus " + api.base(),
        selector,
        runS,
        stamps.size(),
        interval,
        from,
        to,
        allowed,
        rows,
        summary.lowerBound(),
        loss,
        maxLoss,
        loss <= maxLoss);
  }

  private MetricsReport.Row row(
      String subject,
      String what,
      String series,
      long truthCount,
      double tolShare,
      long windowS,
      double at) {
    long found = bySum(series, List.of(), windowS, at).getOrDefault("", 0L);
    return new MetricsReport.Row(
        subject, what, series, truthCount, found, tolerance(truthCount, tolShare));
  }

  /**
   * Requests each service served: its spans less its client spans (one per attempt); the root's own
   * span is its traffic's.
   */
  static Map<String, Long> servedRequests(TruthFile.Summary s) {
    var served = new TreeMap<>(s.services());
    s.edges()
        .forEach(
            (edge, counts) ->
                served.merge(edge.substring(0, edge.indexOf('>')), -counts[0], Long::sum));
    return served;
  }

  static long tolerance(long truthCount, double share) {
    return truthCount == 0 ? 1 : (long) Math.ceil(truthCount * share) + 1;
  }

  /** The sums of each series' last value in the window, by {@code labels} joined with '>'. */
  private Map<String, Long> bySum(String series, List<String> labels, long windowS, double at) {
    String q =
        "sum"
            + (labels.isEmpty() ? "" : " by (" + String.join(", ", labels) + ")")
            + " (last_over_time("
            + series
            + range(windowS)
            + "))";
    var result = new TreeMap<String, Long>();
    for (JsonNode r : api.query(q, at)) {
      var key = new StringBuilder();
      for (String l : labels) {
        key.append(key.isEmpty() ? "" : ">").append(r.path("metric").path(l).asText());
      }
      result.put(key.toString(), Math.round(PrometheusApi.value(r.path("value"))));
    }
    return result;
  }

  private static String range(long seconds) {
    return "[" + seconds + "s]";
  }

  private static String promString(String s) {
    return s.replace("\\", "\\\\").replace("\"", "\\\"");
  }

  private static double median(List<Double> xs) {
    if (xs.isEmpty()) {
      return 0;
    }
    double[] a = xs.stream().mapToDouble(Double::doubleValue).toArray();
    Arrays.sort(a);
    return a[a.length / 2];
  }
}
