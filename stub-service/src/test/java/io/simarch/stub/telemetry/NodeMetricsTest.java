package io.simarch.stub.telemetry;

import static org.assertj.core.api.Assertions.assertThat;

import io.simarch.stub.core.Op;
import io.simarch.stub.core.Outcome;
import java.util.HashSet;
import java.util.List;
import java.util.concurrent.atomic.LongAdder;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class NodeMetricsTest {
  private static final Pattern SAMPLE =
      Pattern.compile("^[a-z_]+(\\{([a-z_]+=\"[^\"]*\",?)*\\})? -?[0-9.E+-]+$");

  @Test
  void rendersValidPrometheusTextWithEveryFamily() {
    var dropped = new LongAdder();
    dropped.add(3);
    var m = new NodeMetrics(dropped);
    m.started();
    m.served(Op.GET, 2_000_000, false);
    m.started();
    m.served(Op.PUT, 30_000_000, true);
    DependencyMetrics d = m.dependency("store");
    d.attempt("store00", 1, Outcome.ERROR);
    d.attempt("store01", 2, Outcome.OK);
    d.call(5_000_000, true);
    m.breakers(() -> List.of(new NodeMetrics.BreakerState("store", "store00", "open")));

    String text = text(m.scrape());
    var families = new HashSet<String>();
    for (String line : text.split("\n")) {
      if (line.startsWith("# TYPE ")) {
        assertThat(families.add(line.split(" ")[2])).as("duplicate %s", line).isTrue();
      } else if (!line.startsWith("#")) {
        assertThat(line).matches(SAMPLE);
      }
    }
    assertThat(families)
        .contains(
            "simarch_requests_total",
            "simarch_request_errors_total",
            "simarch_request_duration_seconds",
            "simarch_dependency_requests_total",
            "simarch_dependency_duration_seconds",
            "simarch_dependency_retries_total",
            "simarch_dependency_timeouts_total",
            "simarch_dependency_budget_exhausted_total",
            "simarch_circuit_breaker_state",
            "simarch_spans_dropped_total");
    assertThat(text)
        .contains("simarch_request_errors_total{endpoint=\"Put\"} 1.0")
        .contains("simarch_request_duration_seconds_bucket{endpoint=\"Get\",le=\"0.0025\"} 1")
        .contains("simarch_request_duration_seconds_bucket{endpoint=\"Get\",le=\"0.001\"} 0")
        .contains("simarch_dependency_retries_total{dependency=\"store\"} 1.0")
        .contains("simarch_dependency_attempts_total{dependency=\"store\",outcome=\"error\"} 1.0")
        .contains(
            "simarch_circuit_breaker_state{dependency=\"store\",peer=\"store00\","
                + "state=\"open\"} 1.0")
        .contains("simarch_spans_dropped_total 3.0")
        .doesNotContain("simarch_traffic_", "instance=");
    assertThat(m.requests()).isEqualTo(2);
    assertThat(m.errors()).isEqualTo(1);
    assertThat(d.retries()).isEqualTo(1);
  }

  @Test
  void localInstancesCarryTheirLabelsAndMergeIntoOneExposition() {
    var a = local("webserver00", true);
    var b = local("webserver01", false);
    a.served(Op.GET, 1_000_000, false);
    b.served(Op.GET, 1_000_000, false);
    b.served(Op.GET, 1_000_000, false);
    a.roundTrip(3_000_000, null);

    String text = text(Exposition.merge(List.of(a.scrape(), b.scrape())));
    String labels =
        "architecture=\"test\",endpoint=\"Get\",instance=\"%s\",region=\"r\","
            + "service=\"web\",zone=\"z\"";
    assertThat(text)
        .containsOnlyOnce("# TYPE simarch_requests_total counter")
        .contains("simarch_requests_total{" + labels.formatted("webserver00") + "} 1.0")
        .contains("simarch_requests_total{" + labels.formatted("webserver01") + "} 2.0")
        .containsOnlyOnce("simarch_traffic_requests_total{");
  }

  private static NodeMetrics local(String instance, boolean root) {
    var config =
        new io.simarch.api.model.StubConfig(
            "test", "web", "monolith", instance, "r", "z", 0, false, null, null, null, null, null);
    return new NodeMetrics(new LongAdder(), NodeMetrics.instanceLabels(config), root);
  }

  private static String text(io.prometheus.metrics.model.snapshots.MetricSnapshots s) {
    return new String(Exposition.write(s, null).bytes(), java.nio.charset.StandardCharsets.UTF_8);
  }
}
