package io.simarch.operator.architecture.desired;

import static io.simarch.operator.testing.Architectures.desired;
import static io.simarch.operator.testing.Architectures.lamp;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.simarch.api.model.KubeNames;
import io.simarch.api.model.Planner;
import io.simarch.api.model.StubConfig;
import io.simarch.api.model.StubConfigs;
import io.simarch.api.v1alpha1.BehaviorSpec;
import io.simarch.api.v1alpha1.CallPolicySpec;
import io.simarch.api.v1alpha1.SimulatedArchitecture;
import io.simarch.api.v1alpha1.TrafficSpec;
import io.simarch.operator.Annotations;
import io.simarch.operator.Labels;
import io.simarch.operator.testing.Architectures;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class StubConfigMapsTest {

  @Test
  void testOneConfigMapPerServiceWithNameLabelsAndOwner() {
    var cms = StubConfigMaps.desired(desired(lamp()));

    assertThat(cms)
        .extracting(cm -> cm.getMetadata().getName())
        .containsExactly(
            "lamp-rds-mysql", "lamp-memcache", "lamp-webserver", "lamp-webserver-elb", "lamp-www");
    var webserver = cms.get(2);
    assertThat(webserver.getMetadata().getNamespace()).isEqualTo(Architectures.NAMESPACE);
    assertThat(webserver.getMetadata().getLabels())
        .containsEntry(Labels.NAME, "stub-service")
        .containsEntry(Labels.INSTANCE, "lamp-webserver")
        .containsEntry(Labels.COMPONENT, "monolith")
        .containsEntry(Labels.PART_OF, "lamp")
        .containsEntry(Labels.MANAGED_BY, "simarch-operator")
        .containsEntry(Labels.ARCHITECTURE, "lamp")
        .containsEntry(Labels.SERVICE, "webserver");
    assertThat(webserver.getMetadata().getAnnotations())
        .containsEntry(Annotations.SERVICE_NAME, "webserver");
    var owner = webserver.getMetadata().getOwnerReferences();
    assertThat(owner).hasSize(1);
    assertThat(owner.get(0).getKind()).isEqualTo("SimulatedArchitecture");
    assertThat(owner.get(0).getApiVersion()).isEqualTo("simarch.io/v1alpha1");
    assertThat(owner.get(0).getName()).isEqualTo("lamp");
    assertThat(owner.get(0).getUid()).isEqualTo(Architectures.UID);
    assertThat(owner.get(0).getController()).isTrue();
  }

  @Test
  void testDataIsTheStubConfigWithHeadlessServiceDiscovery() {
    var resource = lamp();
    var cm = StubConfigMaps.desired(desired(resource)).get(2);

    assertThat(cm.getData()).containsOnlyKeys(StubConfigJson.KEY);
    assertThat(cm.getBinaryData()).isNullOrEmpty();
    StubConfig parsed = StubConfigJson.read(cm.getData().get(StubConfigJson.KEY));
    var expected =
        StubConfigs.forService(
            resource.getSpec(),
            Planner.plan("lamp", resource.getSpec()),
            "webserver",
            dep -> StubConfig.Discovery.dns(KubeNames.headless("lamp", dep), StubConfig.PORT));
    assertThat(parsed).isEqualTo(expected);
    assertThat(parsed.dependencies())
        .extracting(d -> d.discovery().dns())
        .containsExactly("lamp-memcache-hl", "lamp-rds-mysql-hl");
    assertThat(parsed.traffic()).as("only the root gets traffic").isNull();
  }

  @Test
  void testOnlyTheRootCarriesTraffic() {
    var cms = StubConfigMaps.desired(desired(lamp()));
    for (ConfigMap cm : cms) {
      var config = StubConfigJson.read(cm.getData().get(StubConfigJson.KEY));
      assertThat(config.traffic() != null)
          .as(cm.getMetadata().getName())
          .isEqualTo(cm.getMetadata().getName().equals("lamp-www"));
    }
  }

  @Test
  void testSerializationIsDeterministic() {
    var a = StubConfigMaps.desired(desired(lamp()));
    var b = StubConfigMaps.desired(desired(lamp()));
    assertThat(a).isEqualTo(b);
  }

  static Stream<Arguments> changes() {
    return Stream.of(
        Arguments.of("nothing", (Consumer<SimulatedArchitecture>) r -> {}, List.of()),
        Arguments.of(
            "webserver's behaviour",
            (Consumer<SimulatedArchitecture>)
                r -> r.getSpec().getServices().get(2).setBehavior(errorRate(0.1)),
            List.of("webserver")),
        Arguments.of(
            "the policy of calls to memcache",
            (Consumer<SimulatedArchitecture>)
                r ->
                    r.getSpec()
                        .getServices()
                        .get(2)
                        .putDependencyPolicy("memcache", timeout("50ms")),
            List.of("webserver")),
        Arguments.of(
            "the architecture's behaviour",
            (Consumer<SimulatedArchitecture>) r -> r.getSpec().setBehavior(errorRate(0.01)),
            List.of("rds-mysql", "memcache", "webserver", "webserver-elb", "www")),
        Arguments.of(
            "the traffic (root only)",
            (Consumer<SimulatedArchitecture>)
                r -> {
                  var t = new TrafficSpec();
                  t.setInterval("20ms");
                  r.getSpec().setTraffic(t);
                },
            List.of("www")),
        Arguments.of(
            "a count (the plan, not the config)",
            (Consumer<SimulatedArchitecture>) r -> r.getSpec().getServices().get(2).setCount(3),
            List.of()));
  }

  @ParameterizedTest(name = "changing {0} changes the hash of {2}")
  @MethodSource("changes")
  void testConfigHashChangesOnlyForChangedServices(
      String what, Consumer<SimulatedArchitecture> change, List<String> changed) {
    var before = hashes(lamp());
    var resource = lamp();
    change.accept(resource);
    var after = hashes(resource);

    var differing =
        before.keySet().stream()
            .filter(k -> !before.get(k).equals(after.get(k)))
            .collect(Collectors.toList());
    assertThat(differing).containsExactlyInAnyOrderElementsOf(changed);
  }

  private static Map<String, String> hashes(SimulatedArchitecture resource) {
    return desired(resource).services().values().stream()
        .collect(
            Collectors.toMap(
                DesiredArchitecture.ServiceModel::name,
                DesiredArchitecture.ServiceModel::configHash));
  }

  private static BehaviorSpec errorRate(double rate) {
    var b = new BehaviorSpec();
    b.setErrorRate(rate);
    return b;
  }

  private static CallPolicySpec timeout(String timeout) {
    var p = new CallPolicySpec();
    p.setTimeout(timeout);
    return p;
  }
}
