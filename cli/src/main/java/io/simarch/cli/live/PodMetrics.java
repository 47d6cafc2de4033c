package io.simarch.cli.live;

import io.prometheus.metrics.expositionformats.PrometheusProtobufWriter;
import io.prometheus.metrics.expositionformats.generated.Metrics;
import io.simarch.stub.local.InstanceStats;
import io.simarch.stub.telemetry.NodeMetrics;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Map;
import java.util.TreeMap;

/**
 * What the live view reads from one stub pod's {@code /metrics}: the counters of {@link
 * NodeMetrics} at one moment, summed over their labels but the dependency. Pure: the scrape is
 * parsed from the protobuf exposition with the classes client_java ships, and two scrapes of one
 * pod give the counts of the window between them.
 *
 * @param requests requests served (every endpoint)
 * @param errors of those, the ones answered 5xx
 * @param trafficRequests requests its traffic source sent (a root only)
 * @param trafficErrors of those, the ones that failed
 * @param latency {@link NodeMetrics#REQUEST_DURATION}: cumulative counts by upper bound (seconds)
 * @param dependencies calls, errors, retries and timeouts by dependency service
 */
public record PodMetrics(
    long requests,
    long errors,
    long trafficRequests,
    long trafficErrors,
    Map<Double, Long> latency,
    Map<String, InstanceStats.Dependency> dependencies) {

  /** The Accept header that asks a stub for the protobuf exposition this parses. */
  public static final String ACCEPT = PrometheusProtobufWriter.CONTENT_TYPE;

  public static final PodMetrics ZERO = new PodMetrics(0, 0, 0, 0, Map.of(), Map.of());

  /** Parses a scrape answered with {@link #ACCEPT}: length-delimited {@code MetricFamily}s. */
  public static PodMetrics parse(byte[] body) throws IOException {
    long requests = 0;
    long errors = 0;
    long traffic = 0;
    long trafficErrors = 0;
    Map<Double, Long> latency = new TreeMap<>();
    Map<String, long[]> deps = new TreeMap<>();
    InputStream in = new ByteArrayInputStream(body);
    Metrics.MetricFamily f;
    while ((f = Metrics.MetricFamily.parseDelimitedFrom(in)) != null) {
      int column = DEPENDENCY_COLUMNS.getOrDefault(f.getName(), -1);
      for (Metrics.Metric m : f.getMetricList()) {
        long value = (long) m.getCounter().getValue();
        switch (f.getName()) {
          case NodeMetrics.REQUESTS -> requests += value;
          case NodeMetrics.REQUEST_ERRORS -> errors += value;
          case NodeMetrics.TRAFFIC_REQUESTS -> traffic += value;
          case NodeMetrics.TRAFFIC_ERRORS -> trafficErrors += value;
          case NodeMetrics.REQUEST_DURATION -> {
            for (Metrics.Bucket b : m.getHistogram().getBucketList()) {
              if (!Double.isInfinite(b.getUpperBound())) {
                latency.merge(b.getUpperBound(), b.getCumulativeCount(), Long::sum);
              }
            }
            // the +Inf bucket is the sample count, whether or not the writer lists it
            latency.merge(Double.POSITIVE_INFINITY, m.getHistogram().getSampleCount(), Long::sum);
          }
          default -> {
            if (column >= 0) {
              deps.computeIfAbsent(label(m, NodeMetrics.DEPENDENCY_LABEL), k -> new long[4])[
                      column] +=
                  value;
            }
          }
        }
      }
    }
    Map<String, InstanceStats.Dependency> dependencies = new TreeMap<>();
    deps.forEach(
        (d, v) -> dependencies.put(d, new InstanceStats.Dependency(v[0], v[1], v[2], v[3])));
    return new PodMetrics(requests, errors, traffic, trafficErrors, latency, dependencies);
  }

  /** The dependency families, by their column in {@link InstanceStats.Dependency}. */
  private static final Map<String, Integer> DEPENDENCY_COLUMNS =
      Map.of(
          NodeMetrics.DEPENDENCY_REQUESTS, 0,
          NodeMetrics.DEPENDENCY_ERRORS, 1,
          NodeMetrics.DEPENDENCY_RETRIES, 2,
          NodeMetrics.DEPENDENCY_TIMEOUTS, 3);

  private static String label(Metrics.Metric m, String name) {
    for (Metrics.LabelPair l : m.getLabelList()) {
      if (l.getName().equals(name)) {
        return l.getValue();
      }
    }
    return "";
  }

  /**
   * The counts of the window from {@code before} (an earlier scrape of the same pod) to this one.
   * Reset-safe as Prometheus' {@code increase}: a counter lower than before started again from zero
   * (the container restarted), so its whole value is the window's.
   */
  public InstanceStats since(PodMetrics before) {
    Map<Double, Long> window = new TreeMap<>();
    boolean reset = count(latency) < count(before.latency);
    latency.forEach((le, n) -> window.put(le, reset ? n : n - before.latency.getOrDefault(le, 0L)));
    Map<String, InstanceStats.Dependency> deps = new TreeMap<>();
    long retries = 0;
    long timeouts = 0;
    for (var e : dependencies.entrySet()) {
      InstanceStats.Dependency a = e.getValue();
      InstanceStats.Dependency b =
          before.dependencies.getOrDefault(e.getKey(), new InstanceStats.Dependency(0, 0, 0, 0));
      var d =
          new InstanceStats.Dependency(
              increase(b.calls(), a.calls()),
              increase(b.errors(), a.errors()),
              increase(b.retries(), a.retries()),
              increase(b.timeouts(), a.timeouts()));
      deps.put(e.getKey(), d);
      retries += d.retries();
      timeouts += d.timeouts();
    }
    return new InstanceStats(
        increase(before.requests, requests),
        increase(before.errors, errors),
        retries,
        timeouts,
        0,
        0,
        0,
        quantileMs(window, 0.5),
        quantileMs(window, 0.99),
        Map.of(),
        Map.of(),
        increase(before.trafficRequests, trafficRequests),
        increase(before.trafficErrors, trafficErrors),
        0,
        deps,
        InstanceStats.Serverless.NONE);
  }

  /** A counter's increase from {@code before} to {@code after}, a reset counting from zero. */
  static long increase(long before, long after) {
    return after >= before ? after - before : after;
  }

  private static long count(Map<Double, Long> cumulative) {
    return cumulative.getOrDefault(Double.POSITIVE_INFINITY, 0L);
  }

  /**
   * The quantile {@code q} of cumulative bucket counts, interpolated linearly within its bucket as
   * Prometheus' {@code histogram_quantile} does; 0 when nothing was observed, the highest finite
   * bound when the quantile falls in the {@code +Inf} bucket.
   */
  static double quantileMs(Map<Double, Long> cumulative, double q) {
    long total = count(cumulative);
    if (total <= 0) {
      return 0;
    }
    double rank = q * total;
    double lower = 0;
    long below = 0;
    for (var e : new TreeMap<>(cumulative).entrySet()) {
      double upper = e.getKey();
      long n = e.getValue();
      if (n >= rank) {
        if (Double.isInfinite(upper)) {
          return lower * 1000;
        }
        long in = n - below;
        double share = in == 0 ? 1 : (rank - below) / in;
        return (lower + (upper - lower) * share) * 1000;
      }
      lower = upper;
      below = n;
    }
    return lower * 1000;
  }
}
