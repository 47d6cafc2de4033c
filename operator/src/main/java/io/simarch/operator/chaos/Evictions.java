package io.simarch.operator.chaos;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.util.Map;

/**
 * Pod evictions through the API server, which enforces PodDisruptionBudgets. The Eviction body is
 * policy/v1 where the cluster serves it (1.22+), else policy/v1beta1 (1.20, 1.21): fabric8 only
 * speaks v1, so the older body is posted as is.
 */
final class Evictions {
  private final KubernetesClient client;
  private volatile String version;

  Evictions(KubernetesClient client) {
    this.client = client;
  }

  /**
   * @return false when a PodDisruptionBudget forbids it (429)
   */
  boolean evict(Pod pod, boolean abrupt) {
    String ns = pod.getMetadata().getNamespace();
    String name = pod.getMetadata().getName();
    var body =
        Map.of(
            "apiVersion",
            version(),
            "kind",
            "Eviction",
            "metadata",
            Map.of("name", name, "namespace", ns),
            "deleteOptions",
            abrupt ? Map.of("gracePeriodSeconds", 0) : Map.of());
    try {
      client.raw(
          client.getMasterUrl().toString().replaceAll("/$", "")
              + "/api/v1/namespaces/"
              + ns
              + "/pods/"
              + name
              + "/eviction",
          "POST",
          body);
      return true;
    } catch (KubernetesClientException e) {
      if (e.getCode() == 429) {
        return false;
      }
      throw e;
    }
  }

  private String version() {
    if (version == null) {
      var group = client.getApiGroup("policy");
      boolean v1 =
          group != null && group.getVersions().stream().anyMatch(v -> "v1".equals(v.getVersion()));
      version = v1 ? "policy/v1" : "policy/v1beta1";
    }
    return version;
  }
}
