package io.simarch.operator.architecture.desired;

import static io.simarch.operator.testing.Architectures.desired;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.simarch.api.v1alpha1.ServiceSpec;
import io.simarch.api.v1alpha1.SimulatedArchitecture;
import io.simarch.operator.Labels;
import io.simarch.operator.MetricsScrapers;
import io.simarch.operator.OperatorSettings;
import io.simarch.operator.testing.Architectures;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class StubNetworkPoliciesTest {

  static Stream<Arguments> edges() {
    return Stream.of(
        Arguments.of(
            "lamp: callers per service, self-dependency admits itself, root admits no one",
            Architectures.lamp(),
            Map.of(
                "rds-mysql", List.of("rds-mysql", "webserver"),
                "memcache", List.of("webserver"),
                "webserver", List.of("webserver-elb"),
                "webserver-elb", List.of("www"),
                "www", List.of())),
        Arguments.of(
            "eureka is not a service; camelCase callers in DNS form",
            Architectures.of(
                "x",
                new ServiceSpec(
                    "cassSubscriber", "priamCassandra", 3, 1, "cassSubscriber", "eureka"),
                new ServiceSpec("apiProxy", "zuul", 1, 1, "cassSubscriber", "eureka"),
                new ServiceSpec("root", "denominator", 0, 0, "apiProxy")),
            Map.of(
                "cassSubscriber", List.of("api-proxy", "cass-subscriber"),
                "apiProxy", List.of("root"),
                "root", List.of())));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("edges")
  void testIngressOnlyFromDeclaredCallers(
      String what, SimulatedArchitecture resource, Map<String, List<String>> expected) {
    var actual = new LinkedHashMap<String, List<String>>();
    var arch = desired(resource);
    for (NetworkPolicy np : StubNetworkPolicies.desired(arch)) {
      String service = np.getMetadata().getAnnotations().get("simarch.io/service-name");
      var callerRules =
          np.getSpec().getIngress().stream()
              .filter(r -> r.getFrom().get(0).getNamespaceSelector() == null)
              .toList();
      actual.put(
          service,
          callerRules.isEmpty()
              ? List.of()
              : callerRules
                  .get(0)
                  .getFrom()
                  .get(0)
                  .getPodSelector()
                  .getMatchExpressions()
                  .get(0)
                  .getValues());
    }
    assertThat(actual).containsExactlyInAnyOrderEntriesOf(expected);
  }

  @Test
  void testPolicyShape() {
    var np = StubNetworkPolicies.desired(desired(Architectures.lamp())).get(0);

    assertThat(np.getMetadata().getName()).isEqualTo("lamp-rds-mysql");
    assertThat(np.getSpec().getPolicyTypes()).containsExactly("Ingress");
    assertThat(np.getSpec().getEgress()).isNullOrEmpty();
    assertThat(np.getSpec().getPodSelector().getMatchLabels())
        .containsExactlyInAnyOrderEntriesOf(
            Map.of(Labels.ARCHITECTURE, "lamp", Labels.SERVICE, "rds-mysql"));
    var callers = np.getSpec().getIngress().get(0);
    assertThat(callers.getFrom().get(0).getPodSelector().getMatchLabels())
        .containsExactly(Map.entry(Labels.ARCHITECTURE, "lamp"));
    assertThat(callers.getFrom().get(0).getPodSelector().getMatchExpressions().get(0).getKey())
        .isEqualTo(Labels.SERVICE);
    assertThat(callers.getPorts())
        .singleElement()
        .satisfies(p -> assertThat(p.getPort().getIntVal()).isEqualTo(8080));
    var scrapers = np.getSpec().getIngress().get(1);
    assertThat(scrapers.getFrom().get(0).getNamespaceSelector()).isNotNull();
    assertThat(scrapers.getFrom().get(0).getPodSelector().getMatchLabels())
        .containsExactly(Map.entry(Labels.METRICS_SCRAPER, "true"));
    assertThat(np.getMetadata().getOwnerReferences().get(0).getUid()).isEqualTo(Architectures.UID);
  }

  static Stream<Arguments> scrapers() {
    return Stream.of(
        // what, setting, namespace selector's labels, pod selector's labels (null: no selector)
        Arguments.of(
            "default: labelled pods in any namespace",
            MetricsScrapers.DEFAULT,
            Map.of(),
            Map.of(Labels.METRICS_SCRAPER, "true")),
        Arguments.of(
            "every pod of the Prometheus namespace",
            new MetricsScrapers(Map.of("kubernetes.io/metadata.name", "monitoring"), Map.of()),
            Map.of("kubernetes.io/metadata.name", "monitoring"),
            null),
        Arguments.of(
            "Prometheus pods of the Prometheus namespace",
            new MetricsScrapers(
                Map.of("kubernetes.io/metadata.name", "monitoring"),
                Map.of("app.kubernetes.io/name", "prometheus")),
            Map.of("kubernetes.io/metadata.name", "monitoring"),
            Map.of("app.kubernetes.io/name", "prometheus")));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("scrapers")
  void testScrapeRuleFollowsTheOperatorSetting(
      String what,
      MetricsScrapers setting,
      Map<String, String> namespaceLabels,
      Map<String, String> podLabels) {
    var settings = OperatorSettings.defaults().withScrapers(setting);
    for (NetworkPolicy np :
        StubNetworkPolicies.desired(DesiredArchitecture.of(Architectures.lamp(), settings))) {
      var rule = np.getSpec().getIngress().get(np.getSpec().getIngress().size() - 1);
      var peer = rule.getFrom().get(0);
      // one peer with both selectors: an AND, not two peers (an OR)
      assertThat(rule.getFrom()).hasSize(1);
      assertThat(peer.getNamespaceSelector().getMatchLabels())
          .as(np.getMetadata().getName())
          .isEqualTo(namespaceLabels.isEmpty() ? null : namespaceLabels);
      assertThat(peer.getPodSelector() == null ? null : peer.getPodSelector().getMatchLabels())
          .isEqualTo(podLabels);
      assertThat(rule.getPorts())
          .singleElement()
          .satisfies(p -> assertThat(p.getPort().getIntVal()).isEqualTo(8080));
    }
  }
}
