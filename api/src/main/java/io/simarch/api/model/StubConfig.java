package io.simarch.api.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/**
 * Everything one stub-service instance needs to play its part: identity, role, behaviour, the
 * root's traffic, and each dependency with how to find it and how to call it. The operator writes
 * it into a ConfigMap per service (identity fields that differ per pod come from the pod's
 * environment); the local runtime builds one per instance with static endpoints.
 *
 * @param instance instance id ({@code webserver00}); null in a cluster (the pod name is used)
 * @param region null in a cluster (from the pod's environment)
 * @param zone null in a cluster (from the pod's environment)
 * @param traffic set only for the root service
 * @param crossRegion the service declared {@code eureka}: it sees every region's instances
 * @param fault chaos fault injection for this service, or null
 * @param faas a serverless package's settings (lambda, apigateway, dynamodb), or null
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record StubConfig(
    String architecture,
    String service,
    @JsonProperty("package") String packageName,
    String instance,
    String region,
    String zone,
    long seed,
    boolean crossRegion,
    Behavior behavior,
    Traffic traffic,
    List<Dependency> dependencies,
    Tracing tracing,
    Fault fault,
    Faas faas) {

  /** Port every stub listens on in a cluster. */
  public static final int PORT = 8080;

  /**
   * Port of a stub pod's health listener (liveness, on its own thread: busy serving never starves
   * it).
   */
  public static final int HEALTH_PORT = 8081;

  /**
   * A dependency: the service called, its package (callers treat stores, rings and tiers by
   * package), how to call it and how to find its instances.
   *
   * @param replication a self-dependency: the service's own peers, used for replication
   */
  public record Dependency(
      String service,
      @JsonProperty("package") String packageName,
      boolean replication,
      CallPolicy policy,
      Discovery discovery) {}

  /**
   * Where a dependency's instances are: a DNS name that resolves to every instance (a headless
   * Service; re-resolved about every second) or a static endpoint list (the local runtime).
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record Discovery(String dns, Integer port, List<Endpoint> endpoints) {
    public static Discovery dns(String name, int port) {
      return new Discovery(name, port, null);
    }

    public static Discovery of(List<Endpoint> endpoints) {
      return new Discovery(null, null, List.copyOf(endpoints));
    }
  }

  /** A known instance: its id, base URL ({@code http://127.0.0.1:40123}), region and zone. */
  public record Endpoint(String instance, String url, String region, String zone) {}

  /** Latency and errors added to every request while the window is open. */
  public record Fault(long addedLatencyMs, double errorRate, long startMs, long durationMs) {}

  /** A config of a package without serverless settings. */
  public StubConfig(
      String architecture,
      String service,
      String packageName,
      String instance,
      String region,
      String zone,
      long seed,
      boolean crossRegion,
      Behavior behavior,
      Traffic traffic,
      List<Dependency> dependencies,
      Tracing tracing,
      Fault fault) {
    this(
        architecture,
        service,
        packageName,
        instance,
        region,
        zone,
        seed,
        crossRegion,
        behavior,
        traffic,
        dependencies,
        tracing,
        fault,
        null);
  }

  /** This config with the per-instance identity filled in. */
  public StubConfig withIdentity(String instance, String region, String zone) {
    return new StubConfig(
        architecture,
        service,
        packageName,
        instance,
        region,
        zone,
        seed,
        crossRegion,
        behavior,
        traffic,
        dependencies,
        tracing,
        fault,
        faas);
  }
}
