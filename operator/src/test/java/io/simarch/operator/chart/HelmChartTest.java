package io.simarch.operator.chart;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.marcnuri.helm.Helm;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.simarch.operator.MetricsScrapers;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Helm chart, rendered by a real helm (helm-java bundles it): it lints, every object it renders
 * is a valid Kubernetes object, and its RBAC grants exactly what the operator uses
 * (rbac-rules.yaml, which RbacRulesTest checks against the code) — in cluster-wide and in
 * namespaced mode.
 */
class HelmChartTest {
  private static final Path CHART = Path.of("../charts/simarch");

  @Test
  void lintsStrictly() {
    var result = new Helm(CHART).lint().strict().call();

    assertThat(result.isFailed()).as(String.join("\n", result.getMessages())).isFalse();
  }

  @Test
  void clusterWideModeGrantsExactlyTheOperatorsRules() throws Exception {
    List<HasMetadata> objects = render(new Helm(CHART).template().withName("simarch").call());

    var clusterRoles = ofKind(objects, ClusterRole.class);
    assertThat(clusterRoles).hasSize(1);
    assertThat(ofKind(objects, Role.class))
        .extracting(r -> r.getMetadata().getName())
        .containsExactly("simarch-leader-election");
    assertThat(triples(clusterRoles.get(0).getRules())).isEqualTo(operatorRules(false));
    assertThat(triples(ofKind(objects, Role.class).get(0).getRules()))
        .isEqualTo(operatorRules(true));
  }

  @Test
  void namespacedModeHasARolePerNamespaceAndNothingClusterWide() throws Exception {
    List<HasMetadata> objects =
        render(
            new Helm(CHART)
                .template()
                .withName("simarch")
                .set("watchNamespaces[0]", "team-a")
                .set("watchNamespaces[1]", "team-b")
                .call());

    assertThat(ofKind(objects, ClusterRole.class)).isEmpty();
    var roles =
        ofKind(objects, Role.class).stream()
            .filter(r -> !r.getMetadata().getName().endsWith("leader-election"))
            .toList();
    assertThat(roles)
        .extracting(r -> r.getMetadata().getNamespace())
        .containsExactlyInAnyOrder("team-a", "team-b");
    assertThat(roles)
        .allSatisfy(r -> assertThat(triples(r.getRules())).isEqualTo(operatorRules(false)));
    assertThat(operatorEnv(objects)).containsEntry("SIMARCH_WATCH_NAMESPACES", "team-a,team-b");
  }

  @Test
  void theOperatorPodIsHardened() throws Exception {
    var d =
        ofKind(render(new Helm(CHART).template().withName("simarch").call()), Deployment.class)
            .get(0);
    var pod = d.getSpec().getTemplate().getSpec();
    var c = pod.getContainers().get(0);

    assertThat(pod.getSecurityContext().getRunAsNonRoot()).isTrue();
    assertThat(c.getSecurityContext().getReadOnlyRootFilesystem()).isTrue();
    assertThat(c.getSecurityContext().getAllowPrivilegeEscalation()).isFalse();
    assertThat(c.getSecurityContext().getCapabilities().getDrop()).containsExactly("ALL");
    assertThat(c.getResources().getLimits()).containsKeys("cpu", "memory");
    assertThat(c.getLivenessProbe()).isNotNull();
    assertThat(c.getReadinessProbe()).isNotNull();
  }

  @Test
  void podMonitorOnlyWhenAsked() throws Exception {
    String off = new Helm(CHART).template().withName("simarch").call();
    String on =
        new Helm(CHART)
            .template()
            .withName("simarch")
            .set("metrics.podMonitor.enabled", "true")
            .call();

    assertThat(off).doesNotContain("kind: PodMonitor");
    assertThat(on).contains("kind: PodMonitor");
  }

  /** The chart's scraper values reach the operator as the setting its NetworkPolicies use. */
  @Test
  void networkPolicyScrapersReachTheOperator(@TempDir Path dir) throws Exception {
    Path values = dir.resolve("values.yaml");
    Files.writeString(
        values,
        "networkPolicyScrapers:\n"
            + "  namespaceLabels: {kubernetes.io/metadata.name: monitoring}\n"
            + "  podLabels: {}\n");

    var byDefault = operatorEnv(render(new Helm(CHART).template().withName("simarch").call()));
    var monitoring =
        operatorEnv(
            render(new Helm(CHART).template().withName("simarch").withValuesFile(values).call()));

    assertThat(MetricsScrapers.fromEnv(byDefault)).isEqualTo(MetricsScrapers.DEFAULT);
    assertThat(MetricsScrapers.fromEnv(monitoring))
        .isEqualTo(
            new MetricsScrapers(Map.of("kubernetes.io/metadata.name", "monitoring"), Map.of()));
  }

  /**
   * ui.rbac.create renders the Role of examples/rbac/simarch-ui-role.yaml (the chart is the source,
   * the example its copy for users without the chart), in each namespace asked for, bound to the
   * subjects given; nothing without it.
   */
  @Test
  void theUiRoleIsTheShippedExampleInTheNamespacesAskedForOnlyWhenAsked(@TempDir Path dir)
      throws Exception {
    Role example =
        Serialization.unmarshal(
            Files.readString(Path.of("../examples/rbac/simarch-ui-role.yaml")), Role.class);
    Path values = dir.resolve("values.yaml");
    Files.writeString(
        values,
        "watchNamespaces: [team-a, team-b]\n"
            + "ui:\n  rbac:\n    create: true\n    subjects:\n"
            + "      - {kind: User, name: alice, apiGroup: rbac.authorization.k8s.io}\n");

    List<HasMetadata> off = render(new Helm(CHART).template().withName("simarch").call());
    List<HasMetadata> watched =
        render(new Helm(CHART).template().withName("simarch").withValuesFile(values).call());
    List<HasMetadata> own =
        render(
            new Helm(CHART)
                .template()
                .withName("simarch")
                .withNamespace("simarch-system")
                .set("ui.rbac.create", "true")
                .call());
    List<HasMetadata> named =
        render(
            new Helm(CHART)
                .template()
                .withName("simarch")
                .withValuesFile(values)
                .set("ui.rbac.namespaces[0]", "shop")
                .call());

    assertThat(uiRoles(off, example)).isEmpty();
    assertThat(uiRoles(watched, example))
        .extracting(r -> r.getMetadata().getNamespace())
        .containsExactly("team-a", "team-b");
    assertThat(uiRoles(watched, example))
        .allSatisfy(r -> assertThat(r.getRules()).isEqualTo(example.getRules()));
    var bindings =
        ofKind(watched, RoleBinding.class).stream()
            .filter(b -> b.getMetadata().getName().equals(example.getMetadata().getName()))
            .toList();
    assertThat(bindings)
        .extracting(b -> b.getMetadata().getNamespace())
        .containsExactly("team-a", "team-b");
    assertThat(bindings)
        .allSatisfy(
            b -> {
              assertThat(b.getRoleRef().getKind()).isEqualTo("Role");
              assertThat(b.getRoleRef().getName()).isEqualTo(example.getMetadata().getName());
              assertThat(b.getSubjects())
                  .singleElement()
                  .satisfies(
                      u -> {
                        assertThat(u.getKind()).isEqualTo("User");
                        assertThat(u.getName()).isEqualTo("alice");
                      });
            });
    // no watched namespaces: the release's; no subjects: the Role alone, for the user to bind
    assertThat(uiRoles(own, example))
        .singleElement()
        .satisfies(r -> assertThat(r.getMetadata().getNamespace()).isEqualTo("simarch-system"));
    assertThat(ofKind(own, RoleBinding.class))
        .noneMatch(b -> b.getMetadata().getName().equals(example.getMetadata().getName()));
    assertThat(uiRoles(named, example))
        .extracting(r -> r.getMetadata().getNamespace())
        .containsExactly("shop");
  }

  /** The rendered Roles named as the example (release "simarch"). */
  private static List<Role> uiRoles(List<HasMetadata> objects, Role example) {
    return ofKind(objects, Role.class).stream()
        .filter(r -> r.getMetadata().getName().equals(example.getMetadata().getName()))
        .toList();
  }

  /** The operator container's environment, name to value. */
  static Map<String, String> operatorEnv(List<HasMetadata> objects) {
    var out = new HashMap<String, String>();
    ofKind(objects, Deployment.class)
        .get(0)
        .getSpec()
        .getTemplate()
        .getSpec()
        .getContainers()
        .get(0)
        .getEnv()
        .forEach(e -> out.put(e.getName(), e.getValue()));
    return out;
  }

  @Test
  void operatorMetricsServiceAndPodMonitorReachTheHealthPortOnlyWhenAsked() throws Exception {
    String off = new Helm(CHART).template().withName("simarch").call();
    String on =
        new Helm(CHART)
            .template()
            .withName("simarch")
            .withNamespace("simarch-system")
            .set("metrics.operator.service.enabled", "true")
            .set("metrics.operator.podMonitor.enabled", "true")
            .call();

    assertThat(render(off)).noneMatch(o -> o instanceof Service);
    assertThat(off).doesNotContain("kind: PodMonitor");
    List<HasMetadata> objects = render(on);
    var pod = ofKind(objects, Deployment.class).get(0).getSpec().getTemplate();
    var healthPort =
        pod.getSpec().getContainers().get(0).getPorts().stream()
            .filter(p -> "health".equals(p.getName()))
            .findFirst()
            .orElseThrow();
    var service = ofKind(objects, Service.class).get(0);
    assertThat(pod.getMetadata().getLabels()).containsAllEntriesOf(service.getSpec().getSelector());
    assertThat(service.getSpec().getPorts().get(0).getTargetPort().getStrVal()).isEqualTo("health");
    assertThat(service.getSpec().getPorts().get(0).getPort())
        .isEqualTo(healthPort.getContainerPort());

    JsonNode monitor = null;
    for (String doc : on.split("(?m)^---\\s*$")) {
      if (doc.contains("kind: PodMonitor") && doc.contains("-operator")) {
        monitor = new ObjectMapper(new YAMLFactory()).readTree(doc);
      }
    }
    assertThat(monitor).as(on).isNotNull();
    JsonNode spec = monitor.get("spec");
    assertThat(spec.get("namespaceSelector").get("matchNames").get(0).asText())
        .isEqualTo("simarch-system");
    assertThat(spec.get("podMetricsEndpoints").get(0).get("port").asText()).isEqualTo("health");
    assertThat(spec.get("podMetricsEndpoints").get(0).get("path").asText()).isEqualTo("/metrics");
    spec.get("selector")
        .get("matchLabels")
        .fields()
        .forEachRemaining(
            e ->
                assertThat(pod.getMetadata().getLabels())
                    .containsEntry(e.getKey(), e.getValue().asText()));
  }

  /** Every document of the rendered chart as a typed fabric8 object (fails on a malformed one). */
  static List<HasMetadata> render(String yaml) {
    var out = new ArrayList<HasMetadata>();
    for (String doc : yaml.split("(?m)^---\\s*$")) {
      if (doc.lines().anyMatch(l -> l.startsWith("kind:"))) {
        if (doc.contains("kind: PodMonitor")) {
          continue; // a Prometheus Operator type, unknown to fabric8's model
        }
        HasMetadata o =
            Serialization.unmarshal(new ByteArrayInputStream(doc.getBytes(StandardCharsets.UTF_8)));
        assertThat(o.getMetadata().getName()).as(doc).isNotBlank();
        out.add(o);
      }
    }
    return out;
  }

  static <T> List<T> ofKind(List<HasMetadata> objects, Class<T> type) {
    return objects.stream().filter(type::isInstance).map(type::cast).toList();
  }

  /** "group/resource:verb" for every grant, so that rule layout does not matter. */
  static Set<String> triples(List<PolicyRule> rules) {
    var out = new TreeSet<String>();
    for (PolicyRule r : rules) {
      for (String g : r.getApiGroups()) {
        for (String res : r.getResources()) {
          for (String v : r.getVerbs()) {
            out.add(g + "/" + res + ":" + v);
          }
        }
      }
    }
    return out;
  }

  /** The operator's rules from rbac-rules.yaml: the lease rules, or all the others. */
  static Set<String> operatorRules(boolean leases) throws Exception {
    record Rules(List<PolicyRule> rules) {}
    try (var in = HelmChartTest.class.getClassLoader().getResourceAsStream("rbac-rules.yaml")) {
      var all = triples(new ObjectMapper(new YAMLFactory()).readValue(in, Rules.class).rules());
      var out = new TreeSet<String>();
      for (String t : all) {
        if (t.startsWith("coordination.k8s.io/leases") == leases) {
          out.add(t);
        }
      }
      return out;
    }
  }
}
