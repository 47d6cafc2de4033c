package io.simarch.operator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.javaoperatorsdk.operator.Operator;
import io.simarch.api.v1alpha1.SimulatedArchitecture;
import io.simarch.operator.chaos.ChaosSpans;
import io.simarch.operator.testing.Architectures;
import io.simarch.operator.testing.Cluster;
import io.simarch.operator.testing.RequestCounter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The health port's /metrics after a reconcile on a real API server (the status is written by
 * server-side apply, which fabric8's mock server lacks): JOSDK's series and simarch's
 * (architectures by Ready state, chaos kills and spared pods).
 */
class OperatorMetricsIT {
  private static final Duration TIMEOUT = Duration.ofSeconds(60);

  KubernetesClient admin;
  String namespace;
  KubernetesClient client;
  final RequestCounter requests = new RequestCounter();
  ChaosSpans spans;
  OperatorMetrics metrics;
  Operator operator;
  HealthServer health;

  @BeforeEach
  void start() throws Exception {
    Cluster.assumeReachable();
    admin = Cluster.client(null);
    Cluster.installCrd(admin);
    namespace = Cluster.createNamespace(admin, "simarch-metrics");
    client = Cluster.operatorAccount(admin, namespace).client(requests);
    spans = new ChaosSpans();
    metrics = new OperatorMetrics();
    operator =
        SimarchOperator.create(
            client,
            OperatorSettings.of("simarch/stub-service:it", Set.of(namespace)),
            spans,
            metrics,
            o -> {});
    operator.start();
    health =
        HealthServer.start(
            new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), operator, metrics);
  }

  @AfterEach
  void stop() {
    if (health != null) {
      health.close();
    }
    Cluster.stop(operator, client, admin, namespace);
    if (spans != null) {
      spans.close();
    }
    assertThat(requests.forbidden()).as("requests rbac-rules.yaml does not allow").isEmpty();
  }

  @Test
  void servesJosdkAndSimarchSeriesAfterAReconcile() throws Exception {
    var desired = Architectures.lamp();
    desired.getMetadata().setNamespace(namespace);
    desired.getMetadata().setUid(null);
    SimulatedArchitecture lamp = admin.resource(desired).create();

    // no kubelet in the IT tier: the architecture stays InstancesNotReady
    await()
        .atMost(TIMEOUT)
        .untilAsserted(
            () ->
                assertThat(scrape())
                    .contains(
                        "simarch_architectures{ready=\"False\",state=\"InstancesNotReady\"} 1")
                    .containsPattern("operator_sdk_reconciliations_success_total\\{[^}]*} [1-9]")
                    .containsPattern("operator_sdk_reconciliations_started_total\\{[^}]*} [1-9]")
                    .contains("operator_sdk_reconciliations_executions"));

    metrics.chaosKill(lamp, "delete", false);
    metrics.chaosKill(lamp, "delete", false);
    metrics.chaosSpared(lamp, "evict");
    assertThat(scrape())
        .contains(
            "simarch_chaos_kills_total{architecture=\"lamp\",dry_run=\"false\",mode=\"delete\","
                + "namespace=\""
                + namespace
                + "\"} 2.0")
        .contains(
            "simarch_chaos_spared_total{architecture=\"lamp\",mode=\"evict\",namespace=\""
                + namespace
                + "\"} 1.0");

    // a deleted architecture leaves the state gauge
    admin.resource(lamp).delete();
    await()
        .atMost(TIMEOUT)
        .untilAsserted(() -> assertThat(scrape()).doesNotContain("simarch_architectures{"));
  }

  private String scrape() throws Exception {
    var response =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + health.port() + "/metrics"))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).isEqualTo(200);
    return response.body();
  }
}
