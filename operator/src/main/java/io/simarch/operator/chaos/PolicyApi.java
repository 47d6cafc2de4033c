package io.simarch.operator.chaos;

import io.fabric8.kubernetes.api.model.APIGroup;
import io.fabric8.kubernetes.api.model.APIResource;
import io.fabric8.kubernetes.api.model.APIResourceList;
import java.util.List;
import java.util.Optional;

/**
 * Which version of the {@code policy} API group the API server takes, asked through discovery
 * rather than assumed from a Kubernetes release: policy/v1 PodDisruptionBudgets arrived in 1.21
 * (v1beta1 gone in 1.25), the policy/v1 Eviction body only in 1.22.
 */
public final class PolicyApi {
  public static final String V1 = "policy/v1";
  public static final String V1BETA1 = "policy/v1beta1";

  /** The versions simarch knows how to write, newest first. */
  public static final List<String> KNOWN = List.of(V1, V1BETA1);

  private PolicyApi() {}

  /**
   * The apiVersion of the Eviction body that {@code pods/eviction} takes: the group and version the
   * core v1 discovery document names for that subresource (policy/v1 from 1.22, policy/v1beta1
   * before); a server whose discovery names none takes policy/v1beta1, the only one there was.
   *
   * @param coreV1 the discovery document of /api/v1
   * @throws IllegalStateException when the server offers no eviction subresource at all
   */
  public static String evictionVersion(APIResourceList coreV1) {
    var eviction =
        coreV1 == null || coreV1.getResources() == null
            ? Optional.<APIResource>empty()
            : coreV1.getResources().stream()
                .filter(r -> "pods/eviction".equals(r.getName()))
                .findFirst();
    if (eviction.isEmpty()) {
      throw new IllegalStateException(
          "the API server offers no pods/eviction subresource: respectPodDisruptionBudgets needs"
              + " it (turn respectPodDisruptionBudgets off)");
    }
    var r = eviction.get();
    if (r.getGroup() == null || r.getVersion() == null || r.getVersion().isBlank()) {
      return V1BETA1;
    }
    return r.getGroup() + "/" + r.getVersion();
  }

  /**
   * Every known version of the policy group the server serves, newest first (for
   * PodDisruptionBudgets: 1.20 v1beta1, 1.21-1.24 both, 1.25+ v1).
   *
   * @param policy the discovery document of the policy group; null when the server has none
   */
  public static List<String> served(APIGroup policy) {
    if (policy == null || policy.getVersions() == null) {
      return List.of();
    }
    var served = policy.getVersions().stream().map(v -> v.getGroupVersion()).toList();
    return KNOWN.stream().filter(served::contains).toList();
  }
}
