package io.simarch.stub.config;

import io.simarch.api.model.Behavior;
import io.simarch.api.model.CallPolicy;
import io.simarch.api.model.Faas;
import io.simarch.api.model.SpecSchema;
import io.simarch.api.model.StubConfig;
import io.simarch.api.model.Traffic;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;

/**
 * Checks a complete {@link StubConfig} before anything starts. Each problem names its setting as a
 * JSON path, so the operator's user (or the author of a hand-written file) knows what to fix.
 *
 * <p>A setting that keeps the unit of an architecture field (retries, multiplier, error rates,
 * package, …) is checked against that field's rule in the CRD schema ({@link SpecSchema}), the one
 * statement of field rules. What the operator or the local runtime derives (identity, discovery,
 * milliseconds from durations, resolved parts) is checked here. Rules between fields (a timeout
 * above 0, p99 above p50, backoff max at least initial) are {@code ArchitectureValidator}'s, which
 * every producer of a config runs on the architecture first; they are not stated again here.
 */
public final class ConfigValidator {
  /** One problem: the setting's JSON path and what is wrong with it. */
  public record Problem(String setting, String message) {
    @Override
    public String toString() {
      return setting + ": " + message;
    }
  }

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
    spec(p, "services.package", "package", c.packageName() == null ? "" : c.packageName());
    required(p, "instance", c.instance(), " (or env SIMARCH_INSTANCE / HOSTNAME)");
    required(p, "region", c.region(), " (or env SIMARCH_REGION)");
    required(p, "zone", c.zone(), " (or env SIMARCH_ZONE)");
    if (c.behavior() != null) {
      behavior(p, c.behavior());
    }
    if (c.traffic() != null) {
      traffic(p, c.traffic());
    }
    if (c.faas() != null) {
      faas(p, c.faas());
    }
    if (c.tracing() != null) {
      spec(p, "tracing.sampling", "tracing.sampling", c.tracing().sampling());
      if (c.tracing().protocol() != null) {
        spec(p, "tracing.protocol", "tracing.protocol", c.tracing().protocol());
      }
    }
    if (c.fault() != null) {
      var f = c.fault();
      nonNegative(p, "fault.addedLatencyMs", f.addedLatencyMs());
      nonNegative(p, "fault.startMs", f.startMs());
      nonNegative(p, "fault.durationMs", f.durationMs());
      spec(p, "chaos.fault.errorRate", "fault.errorRate", f.errorRate());
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
    if (d.packageName() != null) {
      spec(p, "services.package", at + ".package", d.packageName());
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
    spec(p, "callPolicy.retries", at + ".retries", c.retries());
    // an unknown mode fails parsing already; a missing one is checked as empty
    spec(p, "callPolicy.retryMode", at + ".retryMode", c.retryMode() == null ? "" : c.retryMode());
    nonNegative(p, at + ".timeoutMs", c.timeoutMs());
    nonNegative(p, at + ".budgetMarginMs", c.budgetMarginMs());
    nonNegative(p, at + ".deadlineMs", c.deadlineMs());
    if (c.backoff() == null) {
      p.add(new Problem(at + ".backoff", "not set"));
    } else {
      var b = c.backoff();
      nonNegative(p, at + ".backoff.initialMs", b.initialMs());
      nonNegative(p, at + ".backoff.maxMs", b.maxMs());
      spec(p, "callPolicy.backoff.multiplier", at + ".backoff.multiplier", b.multiplier());
      spec(p, "callPolicy.backoff.jitter", at + ".backoff.jitter", b.jitter());
    }
    if (c.circuitBreaker() == null) {
      p.add(new Problem(at + ".circuitBreaker", "not set"));
    } else if (c.circuitBreaker().enabled()) {
      var cb = c.circuitBreaker();
      String field = "callPolicy.circuitBreaker.";
      String setting = at + ".circuitBreaker.";
      spec(
          p,
          field + "failureRateThreshold",
          setting + "failureRateThreshold",
          cb.failureRateThreshold());
      spec(p, field + "minimumCalls", setting + "minimumCalls", cb.minimumCalls());
      nonNegative(p, setting + "openDurationMs", cb.openDurationMs());
    }
  }

  private static void behavior(List<Problem> p, Behavior b) {
    spec(p, "behavior.errorRate", "behavior.errorRate", b.errorRate());
    spec(p, "behavior.responseSize", "behavior.responseSize", b.responseSize());
    if (b.inFlightLimit() < 0) {
      p.add(
          new Problem(
              "behavior.inFlightLimit",
              "must not be negative (0: default), was " + b.inFlightLimit()));
    }
    Behavior.Latency l = b.latency();
    if (l == null) {
      return;
    }
    String d = l.distribution() == null ? "fixed" : l.distribution();
    spec(p, "behavior.latency.distribution", "behavior.latency.distribution", d);
    nonNegative(p, "behavior.latency.meanMs", l.meanMs());
    nonNegative(p, "behavior.latency.stddevMs", l.stddevMs());
    nonNegative(p, "behavior.latency.p50Ms", l.p50Ms());
    nonNegative(p, "behavior.latency.p99Ms", l.p99Ms());
  }

  private static void traffic(List<Problem> p, Traffic t) {
    // derived from interval or rate: one request per tick needs a tick
    if (t.intervalMicros() <= 0) {
      p.add(new Problem("traffic.intervalMicros", "must be positive, was " + t.intervalMicros()));
    }
    nonNegative(p, "traffic.durationMs", t.durationMs());
    spec(p, "traffic.mix.getKnown", "traffic.getKnown", t.getKnown());
    spec(p, "traffic.mix.getRecent", "traffic.getRecent", t.getRecent());
    spec(p, "traffic.mix.put", "traffic.put", t.put());
    spec(p, "traffic.maxInFlight", "traffic.maxInFlight", t.maxInFlight());
  }

  private static void faas(List<Problem> p, Faas f) {
    if (f.function() != null) {
      Faas.Function fn = f.function();
      spec(p, "services.function.memoryMb", "faas.function.memoryMb", fn.memoryMb());
      spec(p, "services.function.concurrency", "faas.function.concurrency", fn.concurrency());
      spec(
          p,
          "services.function.pricePerGbSecond",
          "faas.function.pricePerGbSecond",
          fn.pricePerGbSecond());
      spec(
          p,
          "services.function.pricePerRequest",
          "faas.function.pricePerRequest",
          fn.pricePerRequest());
      nonNegative(p, "faas.function.idleTimeoutMs", fn.idleTimeoutMs());
    }
    if (f.gateway() != null) {
      spec(p, "services.gateway.rateLimit", "faas.gateway.rateLimit", f.gateway().rateLimit());
      spec(p, "services.gateway.burst", "faas.gateway.burst", f.gateway().burst());
    }
    if (f.table() != null) {
      spec(p, "services.table.readCapacity", "faas.table.readCapacity", f.table().readCapacity());
      spec(
          p, "services.table.writeCapacity", "faas.table.writeCapacity", f.table().writeCapacity());
    }
    if (f.stream() != null) {
      spec(p, "services.stream.batchSize", "faas.stream.batchSize", f.stream().batchSize());
      if (f.stream().batchWindowMs() <= 0) {
        p.add(
            new Problem(
                "faas.stream.batchWindowMs",
                "must be positive, was " + f.stream().batchWindowMs()));
      }
    }
  }

  /** The rule of the architecture field this setting carries, from the CRD schema. */
  private static void spec(List<Problem> p, String field, String setting, Object value) {
    SpecSchema.checkField(field, setting, value)
        .ifPresent(
            problem ->
                p.add(
                    new Problem(
                        setting,
                        (problem.value() == null ? "" : "'" + problem.value() + "' ")
                            + problem.message()
                            + "; fix: "
                            + problem.fix())));
  }

  private static void required(List<Problem> p, String setting, String value) {
    required(p, setting, value, "");
  }

  private static void required(List<Problem> p, String setting, String value, String hint) {
    if (value == null || value.isBlank()) {
      p.add(new Problem(setting, "not set" + hint));
    }
  }

  /** Milliseconds from a duration, which the CRD's duration pattern never lets be negative. */
  private static void nonNegative(List<Problem> p, String setting, double value) {
    if (value < 0 || Double.isNaN(value)) {
      p.add(new Problem(setting, "must not be negative, was " + value));
    }
  }
}
