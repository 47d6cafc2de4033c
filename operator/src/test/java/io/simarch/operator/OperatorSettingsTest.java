package io.simarch.operator;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class OperatorSettingsTest {

  @Test
  void testDefaultsOutsideAPod() {
    var s = OperatorSettings.fromEnv(Map.of());

    assertThat(s.stubImage()).isEqualTo("simarch/stub-service:0.1.0");
    assertThat(s.namespaces()).isEmpty();
    assertThat(s.leaderElection()).isFalse();
    assertThat(s.healthPort()).isEqualTo(8081);
    assertThat(s.defaultOtlpEndpoint()).isNull();
  }

  @Test
  void testEnvironmentAsTheHelmChartSetsIt() {
    var s =
        OperatorSettings.fromEnv(
            Map.of(
                "KUBERNETES_SERVICE_HOST", "10.0.0.1",
                "SIMARCH_STUB_IMAGE", "reg/stub:1",
                "SIMARCH_WATCH_NAMESPACES", "a, b,,",
                "SIMARCH_DEFAULT_OTLP_ENDPOINT", "",
                "POD_NAMESPACE", "simarch-system"));

    assertThat(s.stubImage()).isEqualTo("reg/stub:1");
    assertThat(s.namespaces()).isEqualTo(Set.of("a", "b"));
    assertThat(s.leaderElection()).as("on by default inside a pod").isTrue();
    assertThat(s.leaseNamespace()).isEqualTo("simarch-system");
    assertThat(s.defaultOtlpEndpoint()).isNull();
    assertThat(
            OperatorSettings.fromEnv(
                    Map.of("SIMARCH_LEADER_ELECTION", "false", "KUBERNETES_SERVICE_HOST", "x"))
                .leaderElection())
        .isFalse();
  }
}
