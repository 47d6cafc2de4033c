package io.simarch.operator.architecture;

import static io.simarch.operator.architecture.ArchitectureStatusAggregator.PROGRESSING;
import static io.simarch.operator.architecture.ArchitectureStatusAggregator.READY;
import static io.simarch.operator.architecture.ArchitectureStatusAggregator.TIMEOUT_BUDGET;
import static io.simarch.operator.architecture.ArchitectureStatusAggregator.VALID;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.simarch.api.model.Problem;
import io.simarch.api.v1alpha1.ChaosStatus;
import io.simarch.api.v1alpha1.ServiceStatus;
import io.simarch.api.v1alpha1.SimulatedArchitectureStatus;
import io.simarch.operator.architecture.desired.DesiredArchitecture;
import io.simarch.operator.architecture.desired.StubDeployments;
import io.simarch.operator.testing.Architectures;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class ArchitectureStatusAggregatorTest {
  static final Instant T0 = Instant.parse("2026-11-30T10:00:00.123Z");
  static final Instant T1 = Instant.parse("2026-11-30T10:05:00Z");
  static final DesiredArchitecture LAMP = Architectures.desired(Architectures.lamp());

  /** Every desired Deployment, each with its status set by {@code status}. */
  static List<Deployment> deployments(UnaryOperator<DeploymentBuilder> status) {
    var out = new ArrayList<Deployment>();
    for (Deployment d : StubDeployments.desired(LAMP)) {
      d.getMetadata().setGeneration(1L);
      out.add(status.apply(new DeploymentBuilder(d)).build());
    }
    return out;
  }

  static UnaryOperator<DeploymentBuilder> ready() {
    return b -> {
      int n = b.buildSpec().getReplicas();
      return b.withNewStatus()
          .withObservedGeneration(1L)
          .withReplicas(n)
          .withUpdatedReplicas(n)
          .withReadyReplicas(n)
          .withAvailableReplicas(n)
          .endStatus();
    };
  }

  static Stream<Arguments> cases() {
    var allReady = deployments(ready());
    var oneShort = deployments(ready());
    oneShort.get(3).getStatus().setReadyReplicas(4); // webserver zone a: 4 of 6
    oneShort.get(3).getStatus().setAvailableReplicas(4);
    var notObserved = deployments(ready());
    notObserved.get(0).getMetadata().setGeneration(2L);
    return Stream.of(
        Arguments.of(
            "nothing exists yet",
            List.of(),
            List.of(),
            "True SpecValid|False InstancesNotReady|True Rolling",
            "0/23"),
        Arguments.of(
            "all ready",
            allReady,
            List.of(),
            "True SpecValid|True AllInstancesReady|False Complete",
            "23/23"),
        Arguments.of(
            "one cell short",
            oneShort,
            List.of(),
            "True SpecValid|False InstancesNotReady|True Rolling",
            "21/23"),
        Arguments.of(
            "a Deployment's new generation not yet observed",
            notObserved,
            List.of(),
            "True SpecValid|False InstancesNotReady|True Rolling",
            "23/23"),
        Arguments.of(
            "a dependent failed",
            allReady,
            List.of("deployments: KubernetesClientException: boom"),
            "True SpecValid|False ReconcileFailed|False ReconcileFailed",
            "23/23"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void testConditionsAndTotals(
      String what,
      List<Deployment> deployments,
      List<String> errors,
      String conditions,
      String instances) {
    var status =
        ArchitectureStatusAggregator.aggregate(
            new StatusInput(1, null, List.of(), LAMP, deployments, errors, null, T0));

    assertThat(shape(status)).isEqualTo(conditions);
    assertThat(status.getInstances()).isEqualTo(instances);
    assertThat(status.getObservedGeneration()).isEqualTo(1L);
    assertThat(status.getServiceCount()).isEqualTo(5);
    assertThat(status.getDesiredInstances()).isEqualTo(23);
    assertThat(status.getConditions())
        .allSatisfy(
            c -> {
              assertThat(c.getLastTransitionTime()).isEqualTo("2026-11-30T10:00:00Z");
              assertThat(c.getObservedGeneration()).isEqualTo(1L);
              assertThat(c.getMessage()).isNotBlank();
            });
  }

  @Test
  void testPerServiceDesiredAndReady() {
    var deployments = deployments(ready());
    deployments.get(3).getStatus().setReadyReplicas(4);
    var status =
        ArchitectureStatusAggregator.aggregate(
            new StatusInput(1, null, List.of(), LAMP, deployments, List.of(), null, T0));

    assertThat(status.getServices())
        .containsExactly(
            new ServiceStatus("rds-mysql", 2, 2),
            new ServiceStatus("memcache", 1, 1),
            new ServiceStatus("webserver", 18, 16),
            new ServiceStatus("webserver-elb", 1, 1),
            new ServiceStatus("www", 1, 1));
    assertThat(condition(status, READY).getMessage())
        .isEqualTo("21/23 instances ready; not ready: webserver 16/18");
  }

  @Test
  void testInvalidSpecListsEveryProblemAndKeepsLastKnownCounts() {
    var previous =
        ArchitectureStatusAggregator.aggregate(
            new StatusInput(1, null, List.of(), LAMP, deployments(ready()), List.of(), null, T0));
    var problems =
        List.of(
            new Problem("spec.services[0].dependencies[0]", "nope", "is not a service", "add it"),
            new Problem("spec.scale", "0", "must be at least 1 (percent)", null));

    var status =
        ArchitectureStatusAggregator.aggregate(
            new StatusInput(2, previous, problems, null, List.of(), List.of(), null, T1));

    assertThat(shape(status)).isEqualTo("False InvalidSpec|False InvalidSpec|False InvalidSpec");
    assertThat(condition(status, VALID).getMessage())
        .isEqualTo(
            "spec.services[0].dependencies[0] = \"nope\": is not a service; fix: add it; "
                + "spec.scale = \"0\": must be at least 1 (percent)");
    assertThat(status.getInstances()).isEqualTo("23/23");
    assertThat(status.getServices()).isEqualTo(previous.getServices());
    assertThat(status.getObservedGeneration()).isEqualTo(2L);
    assertThat(condition(status, VALID).getLastTransitionTime()).isEqualTo("2026-11-30T10:05:00Z");
  }

  @Test
  void testLastTransitionTimeChangesOnlyWithTheStatus() {
    var first =
        ArchitectureStatusAggregator.aggregate(
            new StatusInput(1, null, List.of(), LAMP, List.of(), List.of(), null, T0));
    var later =
        ArchitectureStatusAggregator.aggregate(
            new StatusInput(1, first, List.of(), LAMP, deployments(ready()), List.of(), null, T1));

    assertThat(condition(later, VALID).getLastTransitionTime()).isEqualTo("2026-11-30T10:00:00Z");
    assertThat(condition(later, READY).getLastTransitionTime()).isEqualTo("2026-11-30T10:05:00Z");
    assertThat(condition(later, PROGRESSING).getLastTransitionTime())
        .isEqualTo("2026-11-30T10:05:00Z");

    var again =
        ArchitectureStatusAggregator.aggregate(
            new StatusInput(
                1,
                later,
                List.of(),
                LAMP,
                deployments(ready()),
                List.of(),
                null,
                T1.plusSeconds(60)));
    assertThat(again).as("a resync with nothing changed computes an equal status").isEqualTo(later);
  }

  @Test
  void testChaosStatusPassesThroughAsTheChaosMonkeyLeftIt() {
    var chaos = new ChaosStatus();
    chaos.setState("active");
    chaos.setTotalKills(3);
    var withChaos =
        ArchitectureStatusAggregator.aggregate(
            new StatusInput(1, null, List.of(), LAMP, List.of(), List.of(), chaos, T0));
    var victimRemoved =
        ArchitectureStatusAggregator.aggregate(
            new StatusInput(2, withChaos, List.of(), LAMP, List.of(), List.of(), null, T0));

    assertThat(withChaos.getChaos()).isEqualTo(chaos);
    assertThat(victimRemoved.getChaos()).isNull();
  }

  static Stream<Arguments> timeoutBudgets() {
    return Stream.of(
        Arguments.of("lamp, no retries", "lamp.yaml", "True TimeoutsCoverRetries", 0),
        Arguments.of(
            "retry storm, bad config",
            "retry-storm/bad-config.yaml",
            "False TimeoutBudgetWarnings",
            3),
        Arguments.of(
            "retry storm, budgeted", "retry-storm/budgeted.yaml", "True TimeoutsCoverRetries", 0),
        Arguments.of(
            "retry storm, failover", "retry-storm/failover.yaml", "True TimeoutsCoverRetries", 0));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("timeoutBudgets")
  void testTimeoutBudgetConditionFromTheSpecAlone(
      String what, String example, String shape, int warnings) {
    var desired = Architectures.desired(Architectures.example("examples/" + example));
    var status =
        ArchitectureStatusAggregator.aggregate(
            new StatusInput(1, null, List.of(), desired, List.of(), List.of(), null, T0));

    var c = condition(status, TIMEOUT_BUDGET);
    assertThat(c.getStatus() + " " + c.getReason()).isEqualTo(shape);
    assertThat(ArchitectureStatusAggregator.timeoutWarnings(desired)).hasSize(warnings);
    for (var w : ArchitectureStatusAggregator.timeoutWarnings(desired)) {
      assertThat(c.getMessage()).contains(w.message());
    }
    assertThat(shape(status))
        .as("warnings never block the reconcile")
        .isEqualTo("True SpecValid|False InstancesNotReady|True Rolling");
  }

  @Test
  void testBadConfigsConditionNamesBothServicesAndBothNumbers() {
    var desired =
        Architectures.desired(Architectures.example("examples/retry-storm/bad-config.yaml"));
    var status =
        ArchitectureStatusAggregator.aggregate(
            new StatusInput(1, null, List.of(), desired, List.of(), List.of(), null, T0));

    assertThat(condition(status, TIMEOUT_BUDGET).getMessage())
        .startsWith(
            "3 warnings: edge waits 2000ms for api, which may take 3 × 2000ms = 6000ms on mid;"
                + " fix: ");
  }

  static String shape(SimulatedArchitectureStatus s) {
    return String.join(
        "|",
        Stream.of(VALID, READY, PROGRESSING)
            .map(t -> condition(s, t))
            .map(c -> c.getStatus() + " " + c.getReason())
            .toList());
  }

  static Condition condition(SimulatedArchitectureStatus s, String type) {
    return s.getConditions().stream()
        .filter(c -> c.getType().equals(type))
        .findFirst()
        .orElseThrow();
  }
}
