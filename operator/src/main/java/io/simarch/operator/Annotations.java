package io.simarch.operator;

/** Every annotation key the operator writes. */
public final class Annotations {
  /**
   * Hash of the service's stub configuration, on the pod template: a configuration change rolls
   * that service's pods and no other's.
   */
  public static final String CONFIG_HASH = "simarch.io/config-hash";

  /** The service name as written in the spec (labels carry its DNS form). */
  public static final String SERVICE_NAME = "simarch.io/service-name";

  public static final String PROMETHEUS_SCRAPE = "prometheus.io/scrape";
  public static final String PROMETHEUS_PORT = "prometheus.io/port";
  public static final String PROMETHEUS_PATH = "prometheus.io/path";

  private Annotations() {}
}
