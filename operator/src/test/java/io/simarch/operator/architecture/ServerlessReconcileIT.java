package io.simarch.operator.architecture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.javaoperatorsdk.operator.Operator;
import io.simarch.api.model.StubConfig;
import io.simarch.api.v1alpha1.SimulatedArchitecture;
import io.simarch.operator.Labels;
import io.simarch.operator.OperatorSettings;
import io.simarch.operator.SimarchOperator;
import io.simarch.operator.architecture.desired.DesiredArchitecture;
import io.simarch.operator.architecture.desired.StubConfigJson;
import io.simarch.operator.architecture.desired.StubConfigMaps;
import io.simarch.operator.architecture.desired.StubDeployments;
import io.simarch.operator.architecture.desired.StubServices;
import io.simarch.operator.testing.Architectures;
import io.simarch.operator.testing.Cluster;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * examples/serverless.yaml on a real API server (KUBECONFIG): the file {@code simarch run} runs is
 * reconciled into its Deployments, Services and ConfigMaps, each serverless service's config
 * carrying its settings for the stub.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ServerlessReconcileIT {
  static final Duration TIMEOUT = Duration.ofSeconds(90);
  static final String IMAGE = "simarch/stub-service:faas";

  KubernetesClient admin;
  KubernetesClient operatorClient;
  Operator operator;
  String namespace;

  @BeforeAll
  void startOperator() {
    if (Cluster.unavailable() != null) {
      return;
    }
    admin = Cluster.client(null);
    Cluster.installCrd(admin);
    namespace = Cluster.createNamespace(admin, "faas-it");
    operatorClient = Cluster.operatorAccount(admin, namespace).client(null);
    operator =
        SimarchOperator.create(
            operatorClient, OperatorSettings.of(IMAGE, Set.of(namespace)), o -> {});
    operator.start();
  }

  @AfterAll
  void stopOperator() {
    Cluster.stop(operator, operatorClient, admin, namespace);
  }

  @Test
  void theServerlessExampleIsReconciledWithItsSettingsInEachConfig() throws Exception {
    Cluster.assumeReachable();
    var resource = Architectures.example("examples/serverless.yaml");
    resource.getMetadata().setNamespace(namespace);
    resource.setStatus(null);
    admin.resource(resource).fieldManager("it-user").forceConflicts().serverSideApply();
    String name = resource.getMetadata().getName();

    await("reconciled")
        .atMost(TIMEOUT)
        .pollInterval(Duration.ofMillis(250))
        .untilAsserted(
            () -> {
              var live =
                  admin
                      .resources(SimulatedArchitecture.class)
                      .inNamespace(namespace)
                      .withName(name)
                      .get();
              assertThat(live.getStatus()).isNotNull();
              assertThat(live.getStatus().getConditions())
                  .anySatisfy(
                      c -> {
                        assertThat(c.getType()).isEqualTo("Valid");
                        assertThat(c.getStatus()).isEqualTo("True");
                      });
              var d =
                  DesiredArchitecture.of(live, OperatorSettings.defaults().withStubImage(IMAGE));
              assertThat(names(children(ConfigMap.class, name)))
                  .isEqualTo(names(StubConfigMaps.desired(d)));
              assertThat(names(children(Deployment.class, name)))
                  .isEqualTo(names(StubDeployments.desired(d)))
                  .hasSize(11);
              assertThat(names(children(Service.class, name)))
                  .isEqualTo(names(StubServices.desired(d)));
            });

    var json =
        new ObjectMapper().configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, true);
    var configs =
        children(ConfigMap.class, name).stream()
            .map(c -> read(json, c.getData().get(StubConfigJson.KEY)))
            .collect(Collectors.toMap(StubConfig::service, c -> c));
    var writer = configs.get("historyWriter").faas().function();
    assertThat(writer.memoryMb()).isEqualTo(256);
    assertThat(writer.idleTimeoutMs()).isEqualTo(1000);
    assertThat(configs.get("personalizationTable").faas().table().provisioned()).isTrue();
    assertThat(configs.get("personalizationTable").faas().table().readCapacity()).isEqualTo(2);
    assertThat(configs.get("api").faas().gateway().burst()).isEqualTo(200);
    assertThat(configs.get("viewingEvents").faas().stream().batchWindowMs()).isEqualTo(2000);
    assertThat(configs.get("contentMetadataS3").behavior().responseSize()).isEqualTo(65536);
    assertThat(configs.get("www").faas()).isNull();
  }

  private static StubConfig read(ObjectMapper json, String text) {
    try {
      return json.readValue(text, StubConfig.class);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private <T extends HasMetadata> List<T> children(Class<T> type, String name) {
    return admin
        .resources(type)
        .inNamespace(namespace)
        .withLabel(Labels.ARCHITECTURE, name)
        .list()
        .getItems();
  }

  private static Set<String> names(List<? extends HasMetadata> objects) {
    return objects.stream()
        .map(o -> o.getMetadata().getName())
        .collect(Collectors.toCollection(TreeSet::new));
  }
}
