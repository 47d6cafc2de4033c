package io.simarch.operator.chaos;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.util.Map;

/**
 * Pod evictions through the API server, which enforces PodDisruptionBudgets. The Eviction body has
 * the version the server's discovery names for {@code pods/eviction} ({@link
 * PolicyApi#evictionVersion}): policy/v1 from 1.22, policy/v1beta1 before; fabric8 only speaks v1,
 * so the body is posted as is.
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
      version = PolicyApi.evictionVersion(client.getApiResources("v1"));
    }
    return version;
  }
}
