package io.simarch.operator.chaos;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.PodBuilder;
import io.simarch.api.model.ArchitectureFiles;
import io.simarch.api.model.Planner;
import io.simarch.operator.Labels;
import io.simarch.operator.testing.Pods;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class VictimFilterTest {
  static final Instant NOW = Instant.parse("2026-11-30T12:00:00Z");
  static final PodPlaces PLACES =
      new PodPlaces(
          "lamp",
          Planner.plan(
              "lamp",
              ArchitectureFiles.parse(
                      "apiVersion: simarch.io/v1alpha1\nkind: SimulatedArchitecture\n"
                          + "metadata: {name: lamp}\nspec:\n"
                          + "  topology: {zoneNames: [zone-a, zone-b]}\n"
                          + "  services:\n"
                          + "    - {name: memcache, package: store, count: 1}\n"
                          + "    - {name: webserver, package: monolith, count: 2}\n",
                      "lamp")
                  .resource()
                  .getSpec()));
  static final VictimFilter FILTER =
      VictimFilter.of(
          "sim", "lamp", List.of("webserver"), PLACES::planned, Duration.ofMinutes(2), NOW);

  static PodBuilder web() {
    return Pods.stub(
        "sim", "lamp", "webserver", "us-east-1", "zone-a", "web-1", NOW.minusSeconds(600));
  }

  static Stream<Arguments> pods() {
    return Stream.of(
        Arguments.of("a running, old victim pod", (UnaryOperator<PodBuilder>) b -> b, null),
        Arguments.of(
            "another namespace",
            (UnaryOperator<PodBuilder>) b -> b.editMetadata().withNamespace("other").endMetadata(),
            "namespace"),
        Arguments.of(
            "not made by simarch",
            (UnaryOperator<PodBuilder>)
                b -> b.editMetadata().removeFromLabels(Labels.MANAGED_BY).endMetadata(),
            "stub-pod"),
        Arguments.of(
            "unlabelled",
            (UnaryOperator<PodBuilder>) b -> b.editMetadata().withLabels(null).endMetadata(),
            "stub-pod"),
        Arguments.of(
            "another architecture's stub",
            (UnaryOperator<PodBuilder>)
                b -> b.editMetadata().addToLabels(Labels.ARCHITECTURE, "lamp2").endMetadata(),
            "architecture"),
        Arguments.of(
            "a service that is no victim",
            (UnaryOperator<PodBuilder>)
                b -> b.editMetadata().addToLabels(Labels.SERVICE, "memcache").endMetadata(),
            "victim-service"),
        Arguments.of(
            "a cell the plan no longer has (a zone taken out of topology.zoneNames)",
            (UnaryOperator<PodBuilder>)
                b -> b.editMetadata().addToLabels(Labels.ZONE, "zone-x").endMetadata(),
            "planned-cell"),
        Arguments.of(
            "a bare pod (no ReplicaSet would replace it)",
            (UnaryOperator<PodBuilder>) b -> b.editMetadata().withOwnerReferences().endMetadata(),
            "replicaset-owned"),
        Arguments.of(
            "pending",
            (UnaryOperator<PodBuilder>) b -> b.editStatus().withPhase("Pending").endStatus(),
            "running"),
        Arguments.of(
            "succeeded",
            (UnaryOperator<PodBuilder>) b -> b.editStatus().withPhase("Succeeded").endStatus(),
            "running"),
        Arguments.of(
            "terminating",
            (UnaryOperator<PodBuilder>)
                b -> b.editMetadata().withDeletionTimestamp(NOW.toString()).endMetadata(),
            "not-terminating"),
        Arguments.of(
            "younger than minPodAge",
            (UnaryOperator<PodBuilder>)
                b ->
                    b.editMetadata()
                        .withCreationTimestamp(NOW.minusSeconds(119).toString())
                        .endMetadata(),
            "min-age"),
        Arguments.of(
            "exactly minPodAge old",
            (UnaryOperator<PodBuilder>)
                b ->
                    b.editMetadata()
                        .withCreationTimestamp(NOW.minusSeconds(120).toString())
                        .endMetadata(),
            null));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("pods")
  void theFirstFilterAPodFailsIsNamed(
      String what, UnaryOperator<PodBuilder> change, String rejectedBy) {
    var pod = change.apply(web()).build();

    var result = FILTER.apply(List.of(pod));

    if (rejectedBy == null) {
      assertThat(result.victims()).containsExactly(pod);
      assertThat(result.rejected()).isEmpty();
    } else {
      assertThat(result.victims()).isEmpty();
      assertThat(result.rejected())
          .containsExactly(new VictimFilter.Rejection("web-1", rejectedBy));
    }
  }

  @Test
  void confinementComesFirst() {
    assertThat(FILTER.filterNames())
        .startsWith("namespace", "stub-pod", "architecture", "victim-service");
  }
}
