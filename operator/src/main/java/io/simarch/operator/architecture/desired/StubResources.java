package io.simarch.operator.architecture.desired;

import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import io.fabric8.kubernetes.api.model.ResourceRequirementsBuilder;
import java.util.LinkedHashMap;
import java.util.Map;

/** A stub container's requests and limits: the spec's, key by key over the defaults. */
public final class StubResources {
  public static final Map<String, Quantity> DEFAULT_REQUESTS =
      Map.of("cpu", new Quantity("50m"), "memory", new Quantity("96Mi"));
  public static final Map<String, Quantity> DEFAULT_LIMITS =
      Map.of("cpu", new Quantity("500m"), "memory", new Quantity("256Mi"));

  private StubResources() {}

  public static ResourceRequirements of(ResourceRequirements spec) {
    var requests = new LinkedHashMap<>(DEFAULT_REQUESTS);
    var limits = new LinkedHashMap<>(DEFAULT_LIMITS);
    if (spec != null) {
      if (spec.getRequests() != null) {
        requests.putAll(spec.getRequests());
      }
      if (spec.getLimits() != null) {
        limits.putAll(spec.getLimits());
      }
    }
    // a request above the default limit would be rejected by the API server: raise the limit
    requests.forEach(
        (k, request) -> {
          Quantity limit = limits.get(k);
          if (limit != null
              && request.getNumericalAmount().compareTo(limit.getNumericalAmount()) > 0) {
            limits.put(k, request);
          }
        });
    return new ResourceRequirementsBuilder().withRequests(requests).withLimits(limits).build();
  }
}
