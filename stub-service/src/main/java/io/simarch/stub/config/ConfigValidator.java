package io.simarch.stub.config;

import io.simarch.api.model.Behavior;
import io.simarch.api.model.CallPolicy;
import io.simarch.api.model.StubConfig;
import io.simarch.api.model.Traffic;
import io.simarch.api.v1alpha1.PackageNames;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Checks a complete {@link StubConfig} before anything starts. Each problem names its setting as a
 * JSON path, so the operator's user (or the author of a hand-written file) knows what to fix.
 */
public final class ConfigValidator {
  /** One problem: the setting's JSON path and what is wrong with it. */
  public record Problem(String setting, String message) {
    @Override
    public String toString() {
      return setting + ": " + message;
    }
  }

  static final Set<String> DISTRIBUTIONS = Set.of("fixed", "normal", "lognormal");
  static final Set<String> PROTOCOLS = Set.of("http/protobuf", "grpc");

  private ConfigValidator() {}

  /**
   * Throws on the first problem found, listing the others in the message too.
   *
   * @throws ConfigException naming the first offending setting
   */
  public static void requireValid(StubConfig config) {
    List<Problem> problems = validate(config);
    if (!problems.isEmpty()) {
      Problem first = problems.get(0);
      String more =
          problems.size() == 1
              ? ""
              : "; also "
                  + String.join(
                      "; ",
                      problems.subList(1, problems.size()).stream()
                          .map(Problem::toString)
                          .toList());
      throw new ConfigException(first.setting(), first.message() + more);
    }
  }

  public static List<Problem> validate(StubConfig c) {
    var p = new ArrayList<Problem>();
    required(p, "architecture", c.architecture());
    required(p, "service", c.service());
    if (c.packageName() == null || c.packageName().isBlank()) {
      p.add(new Problem("package", "not set; one of " + PackageNames.ALL));
    } else if (!PackageNames.ALL.contains(c.packageName())) {
      p.add(
          new Problem(
              "package", "unknown package '" + c.packageName() + "'; one of " + PackageNames.ALL));
    }
    required(p, "instance", c.instance(), " (or env SIMARCH_INSTANCE / HOSTNAME)");
    required(p, "region", c.region(), " (or env SIMARCH_REGION)");
    required(p, "zone", c.zone(), " (or env SIMARCH_ZONE)");
    if (c.behavior() != null) {
      behavior(p, c.behavior());
    }
    if (c.traffic() != null) {
      traffic(p, c.traffic());
    }
    if (c.tracing() != null) {
      if (c.tracing().sampling() < 0 || c.tracing().sampling() > 1) {
        p.add(
            new Problem(
                "tracing.sampling", "must be between 0 and 1, was " + c.tracing().sampling()));
      }
      if (c.tracing().protocol() != null && !PROTOCOLS.contains(c.tracing().protocol())) {
        p.add(
            new Problem(
                "tracing.protocol",
                "unknown protocol '" + c.tracing().protocol() + "'; one of " + PROTOCOLS));
      }
    }
    if (c.fault() != null) {
      var f = c.fault();
      nonNegative(p, "fault.addedLatencyMs", f.addedLatencyMs());
      nonNegative(p, "fault.startMs", f.startMs());
      nonNegative(p, "fault.durationMs", f.durationMs());
      fraction(p, "fault.errorRate", f.errorRate());
    }
    List<StubConfig.Dependency> deps = c.dependencies() == null ? List.of() : c.dependencies();
    for (int i = 0; i < deps.size(); i++) {
      dependency(p, "dependencies[" + i + "]", deps.get(i));
    }
    return p;
  }

  private static void dependency(List<Problem> p, String at, StubConfig.Dependency d) {
    if (d == null) {
      p.add(new Problem(at, "empty dependency"));
      return;
    }
    required(p, at + ".service", d.service());
    String name = d.service() == null ? at : "'" + d.service() + "'";
    if (d.packageName() != null && !PackageNames.ALL.contains(d.packageName())) {
      p.add(new Problem(at + ".package", "unknown package '" + d.packageName() + "'"));
    }
    if (d.policy() == null) {
      p.add(new Problem(at + ".policy", "no call policy for dependency " + name));
    } else {
      policy(p, at + ".policy", d.policy());
    }
    StubConfig.Discovery disc = d.discovery();
    if (disc == null
        || (disc.dns() == null && (disc.endpoints() == null || disc.endpoints().isEmpty()))) {
      p.add(
          new Problem(
              at + ".discovery",
              "no address for dependency " + name + "; set dns and port, or endpoints"));
      return;
    }
    if (disc.dns() != null) {
      if (disc.dns().isBlank()) {
        p.add(new Problem(at + ".discovery.dns", "empty DNS name for dependency " + name));
      }
      if (disc.port() == null || disc.port() < 1 || disc.port() > 65535) {
        p.add(
            new Problem(
                at + ".discovery.port",
                "needs a port 1-65535 for dependency " + name + ", was " + disc.port()));
      }
    }
    if (disc.endpoints() != null) {
      for (int j = 0; j < disc.endpoints().size(); j++) {
        endpoint(p, at + ".discovery.endpoints[" + j + "]", disc.endpoints().get(j));
      }
    }
  }

  private static void endpoint(List<Problem> p, String at, StubConfig.Endpoint e) {
    if (e == null) {
      p.add(new Problem(at, "empty endpoint"));
      return;
    }
    required(p, at + ".instance", e.instance());
    if (e.url() == null || e.url().isBlank()) {
      p.add(new Problem(at + ".url", "no address for instance " + e.instance()));
      return;
    }
    try {
      URI u = URI.create(e.url());
      if (!"http".equals(u.getScheme()) || u.getHost() == null || u.getPort() < 1) {
        p.add(new Problem(at + ".url", "'" + e.url() + "' is not http://host:port"));
      }
    } catch (IllegalArgumentException ex) {
      p.add(new Problem(at + ".url", "'" + e.url() + "' is not a URL"));
    }
  }

  private static void policy(List<Problem> p, String at, CallPolicy c) {
    positive(p, at + ".timeoutMs", c.timeoutMs());
    if (c.retries() < 0 || c.retries() > 10) {
      p.add(new Problem(at + ".retries", "must be 0-10, was " + c.retries()));
    }
    if (c.retryMode() == null) {
      p.add(new Problem(at + ".retryMode", "not set; one of none, immediate, failover"));
    }
    nonNegative(p, at + ".budgetMarginMs", c.budgetMarginMs());
    if (c.budget()) {
      positive(p, at + ".deadlineMs", c.deadlineMs());
    }
    if (c.backoff() == null) {
      p.add(new Problem(at + ".backoff", "not set"));
    } else {
      var b = c.backoff();
      nonNegative(p, at + ".backoff.initialMs", b.initialMs());
      if (b.maxMs() < b.initialMs()) {
        p.add(
            new Problem(
                at + ".backoff.maxMs",
                "must be at least initialMs (" + b.initialMs() + "), was " + b.maxMs()));
      }
      if (b.multiplier() < 1) {
        p.add(new Problem(at + ".backoff.multiplier", "must be at least 1, was " + b.multiplier()));
      }
      fraction(p, at + ".backoff.jitter", b.jitter());
    }
    if (c.circuitBreaker() == null) {
      p.add(new Problem(at + ".circuitBreaker", "not set"));
    } else if (c.circuitBreaker().enabled()) {
      var cb = c.circuitBreaker();
      if (cb.failureRateThreshold() < 1 || cb.failureRateThreshold() > 100) {
        p.add(
            new Problem(
                at + ".circuitBreaker.failureRateThreshold",
                "must be 1-100, was " + cb.failureRateThreshold()));
      }
      if (cb.minimumCalls() < 1) {
        p.add(
            new Problem(
                at + ".circuitBreaker.minimumCalls",
                "must be at least 1, was " + cb.minimumCalls()));
      }
      positive(p, at + ".circuitBreaker.openDurationMs", cb.openDurationMs());
    }
  }

  private static void behavior(List<Problem> p, Behavior b) {
    fraction(p, "behavior.errorRate", b.errorRate());
    if (b.responseSize() < 0) {
      p.add(new Problem("behavior.responseSize", "must not be negative, was " + b.responseSize()));
    }
    if (b.inFlightLimit() < 0) {
      p.add(
          new Problem(
              "behavior.inFlightLimit", "must not be negative (0: default), was " + b.inFlightLimit()));
    }
    Behavior.Latency l = b.latency();
    if (l == null) {
      return;
    }
    String d = l.distribution() == null ? "fixed" : l.distribution();
    if (!DISTRIBUTIONS.contains(d)) {
      p.add(
          new Problem(
              "behavior.latency.distribution",
              "unknown distribution '" + d + "'; one of " + DISTRIBUTIONS));
    }
    nonNegative(p, "behavior.latency.meanMs", l.meanMs());
    nonNegative(p, "behavior.latency.stddevMs", l.stddevMs());
    nonNegative(p, "behavior.latency.p50Ms", l.p50Ms());
    nonNegative(p, "behavior.latency.p99Ms", l.p99Ms());
    if (d.equals("lognormal")) {
      if (l.p50Ms() <= 0) {
        p.add(new Problem("behavior.latency.p50Ms", "a lognormal latency needs p50 > 0"));
      } else if (l.p99Ms() <= l.p50Ms()) {
        p.add(
            new Problem(
                "behavior.latency.p99Ms",
                "must exceed p50 (" + l.p50Ms() + "ms), was " + l.p99Ms()));
      }
    }
  }

  private static void traffic(List<Problem> p, Traffic t) {
    positive(p, "traffic.intervalMicros", t.intervalMicros());
    nonNegative(p, "traffic.durationMs", t.durationMs());
    if (t.getKnown() < 0
        || t.getRecent() < 0
        || t.put() < 0
        || t.getKnown() + t.getRecent() + t.put() == 0) {
      p.add(new Problem("traffic", "the request mix needs non-negative weights, not all zero"));
    }
    if (t.maxInFlight() < 1) {
      p.add(new Problem("traffic.maxInFlight", "must be at least 1, was " + t.maxInFlight()));
    }
  }

  private static void required(List<Problem> p, String setting, String value) {
    required(p, setting, value, "");
  }

  private static void required(List<Problem> p, String setting, String value, String hint) {
    if (value == null || value.isBlank()) {
      p.add(new Problem(setting, "not set" + hint));
    }
  }

  private static void positive(List<Problem> p, String setting, long value) {
    if (value <= 0) {
      p.add(new Problem(setting, "must be positive, was " + value));
    }
  }

  private static void nonNegative(List<Problem> p, String setting, double value) {
    if (value < 0 || Double.isNaN(value)) {
      p.add(new Problem(setting, "must not be negative, was " + value));
    }
  }

  private static void fraction(List<Problem> p, String setting, double value) {
    if (!(value >= 0 && value <= 1)) {
      p.add(new Problem(setting, "must be between 0 and 1, was " + value));
    }
  }
}
