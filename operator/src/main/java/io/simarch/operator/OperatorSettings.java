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
 * @param defaultOtlpEndpoint OTLP endpoint for architectures whose spec.tracing names none; null
 *     for none
 * @param scrapers who may scrape the stubs through their NetworkPolicies
 */
public record OperatorSettings(
    String stubImage,
    Set<String> namespaces,
    boolean leaderElection,
    String leaseName,
    String leaseNamespace,
    int healthPort,
    String defaultOtlpEndpoint,
    MetricsScrapers scrapers) {

  public static final String DEFAULT_STUB_IMAGE = "simarch/stub-service:0.1.0";
  public static final String DEFAULT_LEASE_NAME = "simarch-operator-lock";
  public static final int DEFAULT_HEALTH_PORT = 8081;

  /** Settings for tests and tools: the default image, all namespaces, no leader election. */
  public static OperatorSettings defaults() {
    return new OperatorSettings(
        DEFAULT_STUB_IMAGE,
        Set.of(),
        false,
        DEFAULT_LEASE_NAME,
        null,
        DEFAULT_HEALTH_PORT,
        null,
        MetricsScrapers.DEFAULT);
  }

  /** Settings for tests: one image and the given namespaces, the rest as {@link #defaults()}. */
  public static OperatorSettings of(String stubImage, Set<String> namespaces) {
    return defaults().withStubImage(stubImage).withNamespaces(namespaces);
  }

  public OperatorSettings withStubImage(String image) {
    return new OperatorSettings(
        image,
        namespaces,
        leaderElection,
        leaseName,
        leaseNamespace,
        healthPort,
        defaultOtlpEndpoint,
        scrapers);
  }

  public OperatorSettings withNamespaces(Set<String> watched) {
    return new OperatorSettings(
        stubImage,
        Set.copyOf(watched),
        leaderElection,
        leaseName,
        leaseNamespace,
        healthPort,
        defaultOtlpEndpoint,
        scrapers);
  }

  public OperatorSettings withLeaderElection(String lease, String namespace) {
    return new OperatorSettings(
        stubImage, namespaces, true, lease, namespace, healthPort, defaultOtlpEndpoint, scrapers);
  }

  public OperatorSettings withDefaultOtlpEndpoint(String endpoint) {
    return new OperatorSettings(
        stubImage,
        namespaces,
        leaderElection,
        leaseName,
        leaseNamespace,
        healthPort,
        endpoint,
        scrapers);
  }

  public OperatorSettings withScrapers(MetricsScrapers who) {
    return new OperatorSettings(
        stubImage,
        namespaces,
        leaderElection,
        leaseName,
        leaseNamespace,
        healthPort,
        defaultOtlpEndpoint,
        who);
  }

  /**
   * Reads {@code SIMARCH_STUB_IMAGE}, {@code SIMARCH_WATCH_NAMESPACES} (comma separated, empty for
   * all), {@code SIMARCH_LEADER_ELECTION} ({@code true}, {@code false}; default on inside a pod),
   * {@code SIMARCH_LEASE_NAME}, {@code SIMARCH_LEASE_NAMESPACE} (default {@code POD_NAMESPACE})
   * {@code SIMARCH_HEALTH_PORT}, {@code SIMARCH_DEFAULT_OTLP_ENDPOINT} and the metrics scrapers
   * ({@link MetricsScrapers#fromEnv}).
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
    String otlp = env.getOrDefault("SIMARCH_DEFAULT_OTLP_ENDPOINT", "").trim();
    return new OperatorSettings(
        image.isEmpty() ? DEFAULT_STUB_IMAGE : image,
        namespaces,
        election.isEmpty() ? inPod : Boolean.parseBoolean(election),
        env.getOrDefault("SIMARCH_LEASE_NAME", DEFAULT_LEASE_NAME),
        leaseNamespace == null || leaseNamespace.isBlank() ? null : leaseNamespace,
        Integer.parseInt(
            env.getOrDefault("SIMARCH_HEALTH_PORT", String.valueOf(DEFAULT_HEALTH_PORT))),
        otlp.isEmpty() ? null : otlp,
        MetricsScrapers.fromEnv(env));
  }
}
