package io.simarch.operator;

import java.util.Arrays;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The operator's own settings, from its environment (the Helm chart sets them).
 *
 * @param stubImage image of every stub pod unless {@code spec.stub.image} names another
 * @param namespaces namespaces to watch; empty means all
 * @param leaderElection take a Lease before reconciling, so two replicas can run
 * @param leaseNamespace namespace of the Lease; null lets JOSDK use the pod's own namespace
 * @param healthPort port of /healthz and /readyz
 */
public record OperatorSettings(
    String stubImage,
    Set<String> namespaces,
    boolean leaderElection,
    String leaseName,
    String leaseNamespace,
    int healthPort) {

  public static final String DEFAULT_STUB_IMAGE = "simarch/stub-service:0.1.0";
  public static final String DEFAULT_LEASE_NAME = "simarch-operator-lock";
  public static final int DEFAULT_HEALTH_PORT = 8081;

  /** Settings for tests and tools: the default image, all namespaces, no leader election. */
  public static OperatorSettings defaults() {
    return new OperatorSettings(
        DEFAULT_STUB_IMAGE, Set.of(), false, DEFAULT_LEASE_NAME, null, DEFAULT_HEALTH_PORT);
  }

  public OperatorSettings withStubImage(String image) {
    return new OperatorSettings(
        image, namespaces, leaderElection, leaseName, leaseNamespace, healthPort);
  }

  /**
   * Reads {@code SIMARCH_STUB_IMAGE}, {@code SIMARCH_WATCH_NAMESPACES} (comma separated, empty for
   * all), {@code SIMARCH_LEADER_ELECTION} ({@code true}, {@code false}; default on inside a pod),
   * {@code SIMARCH_LEASE_NAME}, {@code SIMARCH_LEASE_NAMESPACE} (default {@code POD_NAMESPACE})
   * and {@code SIMARCH_HEALTH_PORT}.
   */
  public static OperatorSettings fromEnv(Map<String, String> env) {
    String image = env.getOrDefault("SIMARCH_STUB_IMAGE", "").trim();
    Set<String> namespaces =
        Arrays.stream(env.getOrDefault("SIMARCH_WATCH_NAMESPACES", "").split(","))
            .map(String::trim)
            .filter(s -> !s.isEmpty())
            .collect(Collectors.toUnmodifiableSet());
    String election = env.getOrDefault("SIMARCH_LEADER_ELECTION", "").trim();
    boolean inPod = env.containsKey("KUBERNETES_SERVICE_HOST");
    String leaseNamespace = env.getOrDefault("SIMARCH_LEASE_NAMESPACE", env.get("POD_NAMESPACE"));
    return new OperatorSettings(
        image.isEmpty() ? DEFAULT_STUB_IMAGE : image,
        namespaces,
        election.isEmpty() ? inPod : Boolean.parseBoolean(election),
        env.getOrDefault("SIMARCH_LEASE_NAME", DEFAULT_LEASE_NAME),
        leaseNamespace == null || leaseNamespace.isBlank() ? null : leaseNamespace,
        Integer.parseInt(
            env.getOrDefault("SIMARCH_HEALTH_PORT", String.valueOf(DEFAULT_HEALTH_PORT))));
  }
}
