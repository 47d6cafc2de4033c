package io.simarch.cli.live;

import static org.assertj.core.api.Assertions.assertThat;

import io.prometheus.metrics.model.snapshots.Labels;
import io.simarch.stub.core.Op;
import io.simarch.stub.core.Outcome;
import io.simarch.stub.local.InstanceStats;
import io.simarch.stub.telemetry.Exposition;
import io.simarch.stub.telemetry.NodeMetrics;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.LongAdder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PodMetricsTest {
  /** A stub's /metrics as a pod serves it to the live view: the real writer, asked for protobuf. */
  static PodMetrics scrape(NodeMetrics m) throws Exception {
    var body = Exposition.write(m.scrape(), PodMetrics.ACCEPT);
    assertThat(body.contentType()).isEqualTo(PodMetrics.ACCEPT);
    return PodMetrics.parse(body.bytes());
  }

  @Test
  void parsesTheCountersAStubExposesSummedOverEndpointsAndByDependency() throws Exception {
    var m = new NodeMetrics(new LongAdder(), Labels.EMPTY, true);
    var db = m.dependency("db");
    var cache = m.dependency("cache");
    for (int i = 0; i < 7; i++) {
      m.started();
      m.served(Op.GET, 2_000_000, i == 0);
    }
    m.started();
    m.served(Op.PUT, 2_000_000, true);
    m.roundTrip(1_000_000, null);
    m.roundTrip(1_000_000, Outcome.TIMEOUT.label());
    db.attempt("db-0", 1, Outcome.TIMEOUT);
    db.attempt("db-1", 2, Outcome.OK);
    db.call(5_000_000, true);
    cache.attempt("cache-0", 1, Outcome.ERROR);
    cache.call(1_000_000, false);
    cache.call(1_000_000, true);

    PodMetrics p = scrape(m);

    assertThat(p.requests()).isEqualTo(8);
    assertThat(p.errors()).isEqualTo(2);
    assertThat(p.trafficRequests()).isEqualTo(2);
    assertThat(p.trafficErrors()).isEqualTo(1);
    assertThat(p.latency()).containsEntry(Double.POSITIVE_INFINITY, 8L).containsEntry(0.001, 0L);
    assertThat(p.latency()).containsEntry(0.0025, 8L);
    assertThat(p.dependencies())
        .containsEntry("db", new InstanceStats.Dependency(1, 0, 1, 1))
        .containsEntry("cache", new InstanceStats.Dependency(2, 1, 0, 0));
  }

  @Test
  void aWindowIsTheDifferenceOfTwoScrapesOfTheRealExposition() throws Exception {
    var m = new NodeMetrics(new LongAdder());
    var db = m.dependency("db");
    m.served(Op.GET, 1_000_000, false);
    db.call(1_000_000, true);
    PodMetrics before = scrape(m);
    for (int i = 0; i < 100; i++) {
      // 98 fast answers, 2 slow: the p99 falls among the slow ones' bucket (0.25 s to 0.5 s)
      m.served(Op.GET, i < 98 ? 3_000_000 : 400_000_000, i % 10 == 0);
      db.call(1_000_000, i % 4 != 0);
      db.attempt("db-0", 2, Outcome.OK);
    }
    InstanceStats w = scrape(m).since(before);

    assertThat(w.requests()).isEqualTo(100);
    assertThat(w.errors()).isEqualTo(10);
    assertThat(w.p50Ms()).isBetween(2.5, 5.0);
    assertThat(w.p99Ms()).isBetween(250.0, 500.0);
    assertThat(w.dependencies().get("db")).isEqualTo(new InstanceStats.Dependency(100, 25, 100, 0));
    assertThat(w.retries()).isEqualTo(100);
  }

  @Test
  void aRestartedPodsCountersCountFromZero() throws Exception {
    var old = new NodeMetrics(new LongAdder());
    for (int i = 0; i < 50; i++) {
      old.served(Op.GET, 1_000_000, false);
    }
    old.dependency("db").call(1_000_000, true);
    PodMetrics before = scrape(old);
    var restarted = new NodeMetrics(new LongAdder());
    for (int i = 0; i < 3; i++) {
      restarted.served(Op.GET, 1_000_000, false);
    }
    InstanceStats w = scrape(restarted).since(before);
    assertThat(w.requests()).isEqualTo(3);
    assertThat(w.p99Ms()).isPositive();
    assertThat(w.dependencies()).isEmpty();
  }

  @ParameterizedTest(name = "increase({0} -> {1}) = {2}")
  @CsvSource({
    "0, 0, 0",
    "10, 25, 15",
    "25, 25, 0",
    // a reset: the counter started again from zero, so all of it is the window's
    "25, 4, 4",
    "25, 0, 0",
  })
  void increaseIsResetSafe(long before, long after, long expected) {
    assertThat(PodMetrics.increase(before, after)).isEqualTo(expected);
  }

  @ParameterizedTest(name = "q{1} of {0} = {2} ms")
  @CsvSource(
      delimiter = '|',
      value = {
        // upper bounds (s) = cumulative counts; +Inf is the total
        "none                              | 0.99 | 0",
        "0.01=0 0.1=100 Inf=100            | 0.5  | 55",
        "0.01=0 0.1=100 Inf=100            | 0.99 | 99.1",
        "0.01=50 0.1=100 Inf=100           | 0.5  | 10",
        "0.01=100 Inf=100                  | 0.99 | 9.9",
        // the quantile falls past the last finite bound: that bound, as histogram_quantile
        "0.01=10 0.1=20 Inf=100            | 0.99 | 100",
      })
  void quantileInterpolatesWithinItsBucket(String buckets, double q, double expectedMs) {
    Map<Double, Long> cumulative = new TreeMap<>();
    for (String b : buckets.equals("none") ? new String[0] : buckets.split("\\s+")) {
      String[] kv = b.split("=");
      cumulative.put(
          kv[0].equals("Inf") ? Double.POSITIVE_INFINITY : Double.parseDouble(kv[0]),
          Long.parseLong(kv[1]));
    }
    assertThat(PodMetrics.quantileMs(cumulative, q))
        .isCloseTo(expectedMs, org.assertj.core.api.Assertions.within(1e-6));
  }
}
