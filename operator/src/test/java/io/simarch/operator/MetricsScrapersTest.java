package io.simarch.operator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class MetricsScrapersTest {
  static final String NS = MetricsScrapers.NAMESPACE_ENV;
  static final String POD = MetricsScrapers.POD_ENV;

  static Stream<Arguments> settings() {
    return Stream.of(
        // what, namespace env (null: unset), pod env, namespace labels, pod labels
        Arguments.of("default", null, null, Map.of(), Map.of(Labels.METRICS_SCRAPER, "true")),
        Arguments.of(
            "the chart's default", "{}", null, Map.of(), Map.of(Labels.METRICS_SCRAPER, "true")),
        Arguments.of(
            "every pod of the monitoring namespace",
            "{\"kubernetes.io/metadata.name\":\"monitoring\"}",
            "{}",
            Map.of("kubernetes.io/metadata.name", "monitoring"),
            Map.of()),
        Arguments.of(
            "Prometheus pods of the monitoring namespace",
            "{\"kubernetes.io/metadata.name\":\"monitoring\"}",
            "{\"app.kubernetes.io/name\":\"prometheus\"}",
            Map.of("kubernetes.io/metadata.name", "monitoring"),
            Map.of("app.kubernetes.io/name", "prometheus")));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("settings")
  void readsTheEnvironment(
      String what,
      String namespaceEnv,
      String podEnv,
      Map<String, String> namespaceLabels,
      Map<String, String> podLabels) {
    var env = new HashMap<String, String>();
    if (namespaceEnv != null) {
      env.put(NS, namespaceEnv);
    }
    if (podEnv != null) {
      env.put(POD, podEnv);
    }

    var scrapers = MetricsScrapers.fromEnv(env);

    assertThat(scrapers.namespaceLabels()).isEqualTo(namespaceLabels);
    assertThat(scrapers.podLabels()).isEqualTo(podLabels);
    assertThat(OperatorSettings.fromEnv(env).scrapers()).isEqualTo(scrapers);
  }

  static Stream<Arguments> refused() {
    return Stream.of(
        // what, namespace env, pod env, the message names
        Arguments.of("everyone from everywhere", "{}", "{}", "both empty"),
        Arguments.of("not JSON", "monitoring", null, NS + "=monitoring is not a JSON object"),
        Arguments.of("a list", null, "[\"prometheus\"]", POD + "=[\"prometheus\"]"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("refused")
  void refusesWithTheVariableValueAndFix(
      String what, String namespaceEnv, String podEnv, String names) {
    var env = new HashMap<String, String>();
    if (namespaceEnv != null) {
      env.put(NS, namespaceEnv);
    }
    if (podEnv != null) {
      env.put(POD, podEnv);
    }

    assertThatThrownBy(() -> MetricsScrapers.fromEnv(env))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(names)
        .satisfies(
            e ->
                assertThat(e.getMessage())
                    .containsAnyOf("kubernetes.io/metadata.name", "name the Prometheus"));
  }
}
