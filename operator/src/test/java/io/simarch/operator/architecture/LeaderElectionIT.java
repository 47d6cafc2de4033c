package io.simarch.operator.architecture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.javaoperatorsdk.operator.Operator;
import io.javaoperatorsdk.operator.api.config.LeaderElectionConfiguration;
import io.simarch.api.v1alpha1.ServiceSpec;
import io.simarch.operator.Labels;
import io.simarch.operator.OperatorSettings;
import io.simarch.operator.SimarchOperator;
import io.simarch.operator.testing.Architectures;
import io.simarch.operator.testing.Cluster;
import io.simarch.operator.testing.ReconcileCounter;
import io.simarch.operator.testing.RequestCounter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Two replicas with leader election: only the leader reconciles; the standby takes over. */
class LeaderElectionIT {
  KubernetesClient admin;
  String namespace;
  Cluster.OperatorAccount account;
  final List<RequestCounter> requests = new ArrayList<>();
  final List<Operator> operators = new ArrayList<>();
  final List<KubernetesClient> clients = new ArrayList<>();

  @BeforeEach
  void setUp() {
    Cluster.assumeReachable();
    admin = Cluster.client(null);
    Cluster.installCrd(admin);
    namespace = Cluster.createNamespace(admin, "simarch-le");
    // both replicas share one ServiceAccount bound to exactly rbac-rules.yaml, as in the chart
    account = Cluster.operatorAccount(admin, namespace);
  }

  @AfterEach
  void tearDown() {
    operators.forEach(Operator::stop);
    clients.forEach(KubernetesClient::close);
    if (admin != null) {
      Cluster.deleteNamespace(admin, namespace);
      admin.close();
    }
  }

  private Operator replica(ReconcileCounter counter) {
    var sent = new RequestCounter();
    requests.add(sent);
    var client = account.client(sent);
    clients.add(client);
    var settings =
        OperatorSettings.of("simarch/stub-service:it", Set.of(namespace))
            .withLeaderElection("simarch-it-lock", namespace);
    // as production, except that losing the lease must not System.exit the test JVM
    var election =
        new LeaderElectionConfiguration(
            "simarch-it-lock",
            namespace,
            Duration.ofSeconds(15),
            Duration.ofSeconds(10),
            Duration.ofSeconds(2),
            null,
            null,
            false);
    var operator =
        SimarchOperator.create(
            client,
            settings,
            o -> o.withMetrics(counter).withLeaderElectionConfiguration(election));
    operators.add(operator);
    operator.start();
    return operator;
  }

  @Test
  void testOnlyTheLeaderReconcilesAndTheStandbyTakesOver() {
    var first = new ReconcileCounter();
    var second = new ReconcileCounter();
    var leader = replica(first);
    replica(second);
    await("a leader")
        .atMost(Duration.ofSeconds(60))
        .until(
            () -> admin.leases().inNamespace(namespace).withName("simarch-it-lock").get() != null);

    var resource = Architectures.lamp();
    resource.getMetadata().setNamespace(namespace);
    resource.getMetadata().setUid(null);
    resource.getMetadata().setGeneration(null);
    admin.resource(resource).create();
    await("children and a finished reconcile")
        .atMost(Duration.ofSeconds(60))
        .until(() -> deployments() == 8 && first.finished("lamp") + second.finished("lamp") > 0);
    assertThat(first.finished("lamp") == 0 || second.finished("lamp") == 0)
        .as(
            "one replica reconciled, not both: %d and %d",
            first.finished("lamp"), second.finished("lamp"))
        .isTrue();

    var standby = first.finished("lamp") > 0 ? second : first;
    (first.finished("lamp") > 0 ? leader : operators.get(1)).stop();
    admin
        .resources(resource.getClass())
        .inNamespace(namespace)
        .withName("lamp")
        .edit(
            r -> {
              r.getSpec().getServices().add(0, new ServiceSpec("extra", "store", 1, 1));
              return r;
            });
    await("the standby took over")
        .atMost(Duration.ofSeconds(90))
        .until(() -> deployments() == 9 && standby.finished("lamp") > 0);
    assertThat(requests.stream().flatMap(r -> r.forbidden().stream()))
        .as("requests rbac-rules.yaml does not allow (leases included)")
        .isEmpty();
  }

  private int deployments() {
    return admin
        .resources(Deployment.class)
        .inNamespace(namespace)
        .withLabel(Labels.ARCHITECTURE, "lamp")
        .list()
        .getItems()
        .size();
  }
}
