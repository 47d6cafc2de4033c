package io.simarch.operator.architecture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceQuota;
import io.fabric8.kubernetes.api.model.ResourceQuotaBuilder;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.javaoperatorsdk.operator.Operator;
import io.simarch.api.v1alpha1.SimulatedArchitecture;
import io.simarch.operator.Labels;
import io.simarch.operator.OperatorSettings;
import io.simarch.operator.SimarchOperator;
import io.simarch.operator.testing.Architectures;
import io.simarch.operator.testing.Cluster;
import io.simarch.operator.testing.RequestCounter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * A dependent that really fails on a real API server: a ResourceQuota allows 3 of lamp's 8
 * Deployments. The reconciler itself sees the failure (not JOSDK's exception handler): the status
 * names the API server's refusal, nothing already created is deleted on the retries, and once the
 * quota is lifted the next retry finishes the job.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DependentFailureIT {
  static final Duration TIMEOUT = Duration.ofSeconds(90);
  static final String QUOTA = "three-deployments";
  static final String COUNT = "count/deployments.apps";

  KubernetesClient admin;
  KubernetesClient operatorClient;
  final RequestCounter requests = new RequestCounter();
  Operator operator;
  String namespace;

  @BeforeAll
  void startOperator() {
    if (Cluster.unavailable() != null) {
      return;
    }
    admin = Cluster.client(null);
    Cluster.installCrd(admin);
    namespace = Cluster.createNamespace(admin, "simarch-fail-it");
    operatorClient = Cluster.operatorClient(admin, namespace, requests);
    operator =
        SimarchOperator.create(
            operatorClient, OperatorSettings.of("simarch/stub-service:it", Set.of(namespace)));
    operator.start();
  }

  @BeforeEach
  void needsCluster() {
    Cluster.assumeReachable();
  }

  @AfterAll
  void stopOperator() {
    Cluster.stop(operator, operatorClient, admin, namespace);
  }

  @Test
  void aRefusedDependentIsReportedRetriedDeletesNothingAndRecovers() {
    admin
        .resourceQuotas()
        .inNamespace(namespace)
        .resource(
            new ResourceQuotaBuilder()
                .withNewMetadata()
                .withName(QUOTA)
                .endMetadata()
                .withNewSpec()
                .addToHard(COUNT, new Quantity("3"))
                .endSpec()
                .build())
        .create();
    // the quota controller must have counted before admission enforces the limit
    admin
        .resourceQuotas()
        .inNamespace(namespace)
        .withName(QUOTA)
        .waitUntilCondition(DependentFailureIT::counted, 60, TimeUnit.SECONDS);

    var lamp = Architectures.lamp();
    lamp.getMetadata().setNamespace(namespace);
    lamp.getMetadata().setUid(null);
    lamp.getMetadata().setGeneration(null);
    admin.resource(lamp).create();

    await("Ready=False ReconcileFailed naming the quota")
        .atMost(TIMEOUT)
        .untilAsserted(
            () -> {
              assertThat(condition(ArchitectureStatusAggregator.READY))
                  .startsWith("False " + ArchitectureStatusAggregator.RECONCILE_FAILED + " ")
                  .contains("deployments: HTTP 403: ")
                  .contains("exceeded quota: " + QUOTA)
                  .contains(COUNT);
              assertThat(children(Deployment.class)).hasSize(3);
            });
    assertThat(condition(ArchitectureStatusAggregator.PROGRESSING))
        .startsWith("False " + ArchitectureStatusAggregator.RECONCILE_FAILED + " ")
        .contains("exceeded quota: " + QUOTA);
    assertThat(condition(ArchitectureStatusAggregator.VALID)).startsWith("True ");
    // the other kinds do not wait for the Deployments
    assertThat(children(ConfigMap.class)).hasSize(5);
    assertThat(children(Service.class)).hasSize(6);
    assertThat(children(NetworkPolicy.class)).hasSize(5);

    // the reconciler's own retry: it tries the refused Deployments again and deletes nothing
    var before = childUids();
    requests.reset();
    await("retries that delete nothing")
        .during(SimulatedArchitectureReconciler.RETRY_AFTER.plusSeconds(5))
        .atMost(SimulatedArchitectureReconciler.RETRY_AFTER.plusSeconds(30))
        .until(() -> childUids().equals(before));
    assertThat(requests.writes())
        .as("a retry wrote the refused Deployments again")
        .anyMatch(w -> w.contains("/namespaces/" + namespace + "/deployments"))
        .noneMatch(w -> w.startsWith("DELETE "));
    assertThat(condition(ArchitectureStatusAggregator.READY)).contains("exceeded quota");

    admin.resourceQuotas().inNamespace(namespace).withName(QUOTA).delete();

    await("recovered once the quota is lifted")
        .atMost(TIMEOUT)
        .untilAsserted(
            () -> {
              assertThat(children(Deployment.class)).hasSize(8);
              // no node runs the pods: recovered means reconciled, instances not yet ready
              assertThat(condition(ArchitectureStatusAggregator.READY))
                  .startsWith("False " + ArchitectureStatusAggregator.NOT_READY);
              assertThat(condition(ArchitectureStatusAggregator.PROGRESSING))
                  .doesNotContain(ArchitectureStatusAggregator.RECONCILE_FAILED);
            });
    assertThat(childUids())
        .as("what existed before is the same object")
        .containsAllEntriesOf(before);
    // a quota's refusal is a 403 as RBAC's is: the only ones are the refused Deployment applies
    // (RBAC allows those: three of them went through)
    assertThat(requests.forbidden())
        .as("requests refused with 403")
        .allMatch(
            w -> w.startsWith("PATCH /apis/apps/v1/namespaces/" + namespace + "/deployments/"));
  }

  private static boolean counted(ResourceQuota q) {
    return q != null
        && q.getStatus() != null
        && q.getStatus().getHard() != null
        && q.getStatus().getHard().containsKey(COUNT)
        && q.getStatus().getUsed() != null
        && q.getStatus().getUsed().containsKey(COUNT);
  }

  private String condition(String type) {
    var live =
        admin.resources(SimulatedArchitecture.class).inNamespace(namespace).withName("lamp").get();
    if (live == null || live.getStatus() == null || live.getStatus().getConditions() == null) {
      return "missing";
    }
    return live.getStatus().getConditions().stream()
        .filter(c -> c.getType().equals(type))
        .map(c -> c.getStatus() + " " + c.getReason() + " " + c.getMessage())
        .findFirst()
        .orElse("missing");
  }

  private <T extends HasMetadata> List<T> children(Class<T> type) {
    return admin
        .resources(type)
        .inNamespace(namespace)
        .withLabel(Labels.ARCHITECTURE, "lamp")
        .list()
        .getItems();
  }

  private Map<String, String> childUids() {
    var all = new ArrayList<HasMetadata>();
    all.addAll(children(ConfigMap.class));
    all.addAll(children(Deployment.class));
    all.addAll(children(Service.class));
    all.addAll(children(NetworkPolicy.class));
    var out = new TreeMap<String, String>();
    all.forEach(
        c -> out.put(c.getKind() + "/" + c.getMetadata().getName(), c.getMetadata().getUid()));
    return out;
  }
}
