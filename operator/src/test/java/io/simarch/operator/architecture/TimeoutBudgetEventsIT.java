package io.simarch.operator.architecture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.javaoperatorsdk.operator.Operator;
import io.simarch.api.v1alpha1.SimulatedArchitecture;
import io.simarch.operator.OperatorSettings;
import io.simarch.operator.SimarchOperator;
import io.simarch.operator.testing.Architectures;
import io.simarch.operator.testing.Cluster;
import io.simarch.operator.testing.RequestCounter;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Timeout warnings on a real API server (the status is written by server-side apply): one Warning
 * Event per distinct warning, not per reconcile, and the reconcile goes on.
 */
class TimeoutBudgetEventsIT {
  static final Duration TIMEOUT = Duration.ofSeconds(60);

  KubernetesClient client;
  String ns;
  KubernetesClient operatorClient;
  final RequestCounter requests = new RequestCounter();
  Operator operator;

  @BeforeEach
  void start() {
    Cluster.assumeReachable();
    client = Cluster.client(null);
    Cluster.installCrd(client);
    ns = Cluster.createNamespace(client, "simarch-timeouts");
    operatorClient = Cluster.operatorAccount(client, ns).client(requests);
    operator =
        SimarchOperator.create(
            operatorClient, OperatorSettings.of("simarch/stub-service:it", Set.of(ns)), o -> {});
    operator.start();
  }

  @AfterEach
  void stop() {
    Cluster.stop(operator, operatorClient, client, ns);
    assertThat(requests.forbidden()).as("requests rbac-rules.yaml does not allow").isEmpty();
  }

  @Test
  void badConfigGetsOneEventPerWarningAndTheReconcileGoesOn() {
    var resource = Architectures.example("examples/retry-storm/bad-config.yaml");
    resource.getMetadata().setNamespace(ns);
    resource.getMetadata().setUid(null);
    client.resource(resource).create();

    await().atMost(TIMEOUT).until(() -> timeoutEvents().size() == 3);
    // the events are sent before the one status write of the same reconcile lands
    await()
        .atMost(TIMEOUT)
        .untilAsserted(
            () -> {
              var status = live().getStatus();
              assertThat(status).isNotNull();
              assertThat(status.getConditions())
                  .extracting(c -> c.getType() + "=" + c.getStatus())
                  .contains("Valid=True", "TimeoutBudget=False");
            });
    var live = live();
    assertThat(timeoutEvents())
        .extracting(Event::getMessage)
        .anySatisfy(
            m ->
                assertThat(m)
                    .startsWith(
                        "edge waits 2000ms for api, which may take 3 × 2000ms = 6000ms on mid"));

    // the same warnings again, as a later reconcile or a restarted operator would send them
    var desired = Architectures.desired(live);
    new ArchitectureEvents(client)
        .timeoutWarnings(live, ArchitectureStatusAggregator.timeoutWarnings(desired));
    assertThat(timeoutEvents()).hasSize(3);
    assertThat(timeoutEvents()).allSatisfy(e -> assertThat(e.getType()).isEqualTo("Warning"));
  }

  @Test
  void aGoodConfigGetsNoEvent() {
    var resource = Architectures.example("examples/retry-storm/budgeted.yaml");
    resource.getMetadata().setNamespace(ns);
    resource.getMetadata().setUid(null);
    client.resource(resource).create();

    await()
        .atMost(TIMEOUT)
        .until(
            () ->
                live() != null
                    && live().getStatus() != null
                    && live().getStatus().getConditions().stream()
                        .anyMatch(
                            c ->
                                c.getType().equals("TimeoutBudget")
                                    && c.getStatus().equals("True")));
    assertThat(timeoutEvents()).isEmpty();
  }

  private SimulatedArchitecture live() {
    return client.resources(SimulatedArchitecture.class).inNamespace(ns).list().getItems().stream()
        .findFirst()
        .orElse(null);
  }

  private List<Event> timeoutEvents() {
    return client.v1().events().inNamespace(ns).list().getItems().stream()
        .filter(e -> ArchitectureStatusAggregator.TIMEOUT_WARNINGS.equals(e.getReason()))
        .toList();
  }
}
