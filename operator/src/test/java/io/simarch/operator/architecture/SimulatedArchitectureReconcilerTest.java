package io.simarch.operator.architecture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.javaoperatorsdk.operator.Operator;
import io.simarch.api.v1alpha1.ServiceSpec;
import io.simarch.api.v1alpha1.SimulatedArchitecture;
import io.simarch.api.v1alpha1.SimulatedArchitectureSpec;
import io.simarch.api.v1alpha1.StubSpec;
import io.simarch.operator.Labels;
import io.simarch.operator.OperatorSettings;
import io.simarch.operator.SimarchOperator;
import io.simarch.operator.testing.Architectures;
import io.simarch.operator.testing.MockCluster;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The reconciler on fabric8's mock API server: fast, but with create/update instead of server-side
 * apply and no garbage collector. The SSA path is proven by the *IT.
 */
class SimulatedArchitectureReconcilerTest {
  static final String NS = Architectures.NAMESPACE;
  static final Duration TIMEOUT = Duration.ofSeconds(30);

  MockCluster mock;
  KubernetesClient client;
  Operator operator;

  @BeforeEach
  void start() {
    mock = new MockCluster();
    client = mock.client(null);
    operator =
        SimarchOperator.create(
            mock.client(null), OperatorSettings.of("stub:test", Set.of(NS)), MockCluster.noSsa());
    operator.start();
  }

  @AfterEach
  void stop() {
    operator.stop();
    client.close();
    mock.close();
  }

  @Test
  void testCreateMakesEveryChildAndWritesStatus() {
    create(Architectures.lamp());

    await()
        .atMost(TIMEOUT)
        .untilAsserted(
            () -> {
              assertThat(names(ConfigMap.class)).hasSize(5);
              assertThat(names(Deployment.class)).hasSize(8);
              assertThat(names(Service.class)).hasSize(6);
              assertThat(names(NetworkPolicy.class)).hasSize(5);
              var status = live().getStatus();
              assertThat(status).isNotNull();
              assertThat(status.getInstances()).isEqualTo("0/23");
            });
    var status = live().getStatus();
    assertThat(status.getServiceCount()).isEqualTo(5);
    assertThat(status.getConditions())
        .extracting(c -> c.getType() + "=" + c.getStatus())
        .containsExactly(
            "Valid=True", "Ready=False", "Progressing=True", "TimeoutBudget=True");
  }

  @Test
  void testRemovedServiceLosesItsChildrenAndOthersStay() {
    create(Architectures.lamp());
    await().atMost(TIMEOUT).until(() -> names(Deployment.class).size() == 8);
    var uid = uid(Deployment.class, "lamp-rds-mysql-us-east-1-zone-a");

    update(
        spec -> {
          spec.getServices().remove(1); // memcache
          spec.getServices().get(1).setDependencies(List.of("rds-mysql")); // webserver
        });

    await()
        .atMost(TIMEOUT)
        .untilAsserted(
            () -> {
              assertThat(names(ConfigMap.class)).doesNotContain("lamp-memcache").hasSize(4);
              assertThat(names(Deployment.class))
                  .doesNotContain("lamp-memcache-us-east-1-zone-a")
                  .hasSize(7);
              assertThat(names(Service.class)).doesNotContain("lamp-memcache-hl").hasSize(5);
              assertThat(names(NetworkPolicy.class)).doesNotContain("lamp-memcache").hasSize(4);
            });
    assertThat(uid(Deployment.class, "lamp-rds-mysql-us-east-1-zone-a")).isEqualTo(uid);
  }

  @Test
  void testInvalidUpdateDeletesNothing() {
    create(Architectures.lamp());
    await().atMost(TIMEOUT).until(() -> names(Deployment.class).size() == 8);
    var before =
        List.of(
            names(ConfigMap.class),
            names(Deployment.class),
            names(Service.class),
            names(NetworkPolicy.class));

    update(
        spec -> {
          spec.getServices().remove(0); // rds-mysql, which others still call
          spec.getServices().add(new ServiceSpec("extra", "store", 1, 1));
        });

    await()
        .atMost(TIMEOUT)
        .untilAsserted(
            () -> {
              var valid = live().getStatus().getConditions().get(0);
              assertThat(valid.getStatus()).isEqualTo("False");
              assertThat(valid.getReason()).isEqualTo("InvalidSpec");
              assertThat(valid.getMessage()).contains("rds-mysql");
            });
    assertThat(
            List.of(
                names(ConfigMap.class),
                names(Deployment.class),
                names(Service.class),
                names(NetworkPolicy.class)))
        .isEqualTo(before);
    assertThat(live().getStatus().getInstances()).as("last known counts kept").isEqualTo("0/23");
  }

  @Test
  void testNetworkPoliciesOffDeletesThem() {
    create(Architectures.lamp());
    await().atMost(TIMEOUT).until(() -> names(NetworkPolicy.class).size() == 5);

    update(
        spec -> {
          var stub = new StubSpec();
          stub.setNetworkPolicies(false);
          spec.setStub(stub);
        });

    await().atMost(TIMEOUT).until(() -> names(NetworkPolicy.class).isEmpty());
    assertThat(names(Deployment.class)).hasSize(8);
  }

  private void create(SimulatedArchitecture resource) {
    resource.getMetadata().setUid(null);
    resource.getMetadata().setGeneration(null);
    client.resource(resource).create();
  }

  /** Edits the spec, retrying when a status write of the operator raced the edit (409). */
  private void update(Consumer<SimulatedArchitectureSpec> change) {
    for (int attempt = 1; ; attempt++) {
      try {
        client
            .resources(SimulatedArchitecture.class)
            .inNamespace(NS)
            .withName("lamp")
            .edit(
                r -> {
                  change.accept(r.getSpec());
                  return r;
                });
        return;
      } catch (KubernetesClientException e) {
        if (e.getCode() != 409 || attempt == 5) {
          throw e;
        }
      }
    }
  }

  private SimulatedArchitecture live() {
    return client.resources(SimulatedArchitecture.class).inNamespace(NS).withName("lamp").get();
  }

  private <T extends HasMetadata> Set<String> names(Class<T> type) {
    return client
        .resources(type)
        .inNamespace(NS)
        .withLabel(Labels.ARCHITECTURE, "lamp")
        .list()
        .getItems()
        .stream()
        .map(o -> o.getMetadata().getName())
        .collect(Collectors.toCollection(TreeSet::new));
  }

  private <T extends HasMetadata> String uid(Class<T> type, String name) {
    return client.resources(type).inNamespace(NS).withName(name).get().getMetadata().getUid();
  }
}
