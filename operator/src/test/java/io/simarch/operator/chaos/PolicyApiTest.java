package io.simarch.operator.chaos;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.APIGroupBuilder;
import io.fabric8.kubernetes.api.model.APIResourceBuilder;
import io.fabric8.kubernetes.api.model.APIResourceListBuilder;
import io.fabric8.kubernetes.api.model.GroupVersionForDiscoveryBuilder;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The policy versions chosen from discovery documents as each Kubernetes release serves them. */
class PolicyApiTest {

  static Stream<Arguments> evictions() {
    return Stream.of(
        // release, group and version of pods/eviction in /api/v1 ("-" = field absent), chosen
        Arguments.of("1.20 and 1.21", "policy", "v1beta1", PolicyApi.V1BETA1),
        Arguments.of("1.22 and later", "policy", "v1", PolicyApi.V1),
        Arguments.of("discovery without group/version", "-", "-", PolicyApi.V1BETA1));
  }

  @ParameterizedTest(name = "{0}: {3}")
  @MethodSource("evictions")
  void evictionBodyHasTheVersionDiscoveryNames(
      String release, String group, String version, String expected) {
    var eviction =
        new APIResourceBuilder()
            .withName("pods/eviction")
            .withKind("Eviction")
            .withGroup(group.equals("-") ? null : group)
            .withVersion(version.equals("-") ? null : version)
            .build();
    var coreV1 =
        new APIResourceListBuilder()
            .withGroupVersion("v1")
            .addNewResource()
            .withName("pods")
            .withKind("Pod")
            .endResource()
            .addToResources(eviction)
            .build();

    assertThat(PolicyApi.evictionVersion(coreV1)).as(release).isEqualTo(expected);
  }

  @Test
  void noEvictionSubresourceIsAClearError() {
    var coreV1 =
        new APIResourceListBuilder()
            .withGroupVersion("v1")
            .addNewResource()
            .withName("pods")
            .endResource()
            .build();

    assertThatThrownBy(() -> PolicyApi.evictionVersion(coreV1))
        .hasMessageContaining("pods/eviction")
        .hasMessageContaining("respectPodDisruptionBudgets");
  }

  static Stream<Arguments> pdbVersions() {
    return Stream.of(
        // release, versions of the policy group the server lists, what simarch can use
        Arguments.of("1.20", "policy/v1beta1", List.of(PolicyApi.V1BETA1)),
        Arguments.of("1.21 to 1.24", "policy/v1,policy/v1beta1", PolicyApi.KNOWN),
        Arguments.of("1.25 and later", "policy/v1", List.of(PolicyApi.V1)),
        Arguments.of("a future version only", "policy/v2", List.of()),
        Arguments.of("no policy group", "", List.of()));
  }

  @ParameterizedTest(name = "{0}: {2}")
  @MethodSource("pdbVersions")
  void servedVersionsNewestFirst(String release, String listed, List<String> expected) {
    var group =
        listed.isEmpty()
            ? null
            : new APIGroupBuilder()
                .withName("policy")
                .withVersions(
                    Arrays.stream(listed.split(","))
                        .map(
                            gv ->
                                new GroupVersionForDiscoveryBuilder()
                                    .withGroupVersion(gv)
                                    .withVersion(gv.substring(gv.indexOf('/') + 1))
                                    .build())
                        .toList())
                .build();

    assertThat(PolicyApi.served(group)).as(release).isEqualTo(expected);
  }
}
