package io.simarch.api.model;

import java.util.Map;

/**
 * The label keys that select a service's stub pods: the operator writes them, {@code simarch verify
 * --kube} selects the root's pods by them.
 */
public final class PodLabels {
  public static final String ARCHITECTURE = "simarch.io/architecture";
  public static final String SERVICE = "simarch.io/service";

  private PodLabels() {}

  /** Selects the pods of one service of an architecture (all its cells). */
  public static Map<String, String> serviceSelector(String architecture, String service) {
    return Map.of(ARCHITECTURE, architecture, SERVICE, KubeNames.dns(service));
  }
}
