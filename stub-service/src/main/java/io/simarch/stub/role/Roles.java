package io.simarch.stub.role;

import static io.simarch.stub.telemetry.SpanAttributes.OUTCOME;
import static io.simarch.stub.telemetry.SpanAttributes.THROTTLED;

import io.github.resilience4j.ratelimiter.RateLimiter;
import io.github.resilience4j.ratelimiter.RateLimiterConfig;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.Tracer;
import io.simarch.api.model.Faas;
import io.simarch.api.model.PackageRole;
import io.simarch.stub.call.Affinity;
import io.simarch.stub.call.Dependencies;
import io.simarch.stub.call.DependencyCaller;
import io.simarch.stub.config.ConfigException;
import io.simarch.stub.core.Reply;
import io.simarch.stub.core.Wire;
import io.simarch.stub.telemetry.NodeMetrics;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.LongSupplier;

/**
 * The role class that plays each {@link PackageRole.Behaviour}, and the discovery affinity of each
 * {@link PackageRole.Scope}. Which package has which behaviour and scope is the registry's.
 */
public final class Roles {
  private Roles() {}

  /** Which instances a package's instance prefers to call (§2.2: cross-zone acceptance). */
  public static Affinity affinity(String packageName) {
    return switch (role(packageName).scope()) {
      case GLOBAL -> Affinity.GLOBAL;
      case REGION -> Affinity.REGION;
      case ZONE -> Affinity.ZONE;
    };
  }

  /**
   * The role of a package.
   *
   * @param store the instance's key/value map (used by stores and rings)
   * @param faas the serverless settings (functions, gateways, tables, streams), or null
   */
  public static Role create(
      String packageName,
      String instance,
      String region,
      String zone,
      boolean crossRegion,
      Dependencies dependencies,
      KvStore store,
      Random random,
      Faas faas,
      Node node) {
    return switch (role(packageName).behaviour()) {
      case PROXY -> new ProxyRole(instance, dependencies);
      case STORE -> new StoreRole(instance, store, replicas(packageName, dependencies));
      case FUNCTION ->
          new FunctionRole(
              instance,
              region,
              new ProxyRole(instance, dependencies),
              settings(faas, packageName).function(),
              node.metrics(),
              random,
              node.clock());
      case GATEWAY ->
          new GatewayRole(
              instance, dependencies, settings(faas, packageName).gateway(), node.metrics());
      case TABLE ->
          new TableRole(
              instance,
              new StoreRole(instance, store, replicas(packageName, dependencies)),
              settings(faas, packageName).table(),
              node.metrics());
      case STREAM ->
          new StreamRole(
              node.service(),
              new StoreRole(instance, store, List.of()),
              dependencies,
              settings(faas, packageName).stream(),
              node.tracer(),
              node.scheduler());
      case STAASH -> new StaashRole(instance, dependencies);
      case RING -> {
        List<DependencyCaller> ring = replicas(packageName, dependencies);
        yield new RingRole(
            instance,
            region,
            zone,
            crossRegion,
            store,
            ring.isEmpty() ? null : ring.get(0),
            random);
      }
    };
  }

  private static PackageRole role(String packageName) {
    return PackageRole.of(packageName)
        .orElseThrow(
            () ->
                new ConfigException(
                    "package",
                    "unknown package '" + packageName + "'; one of " + PackageRole.names()));
  }

  /**
   * What of its node a role may use besides its dependencies.
   *
   * @param service the service the node is an instance of
   * @param clock nanoseconds, as {@link System#nanoTime()}: when function environments expire
   */
  public record Node(
      String service,
      NodeMetrics metrics,
      Tracer tracer,
      ScheduledExecutorService scheduler,
      LongSupplier clock) {}

  private static Faas settings(Faas faas, String packageName) {
    if (faas == null) {
      throw new ConfigException("faas", "package " + packageName + " needs its faas settings");
    }
    return faas;
  }

  /** A limiter of {@code permits} per {@code period} that never waits: over it, refuse. */
  static RateLimiter limiter(String name, int permits, Duration period) {
    return RateLimiter.of(
        name,
        RateLimiterConfig.custom()
            .limitForPeriod(permits)
            .limitRefreshPeriod(period)
            .timeoutDuration(Duration.ZERO)
            .build());
  }

  /** The answer to a request over a function's, gateway's or table's limit; counted and marked. */
  static Reply throttled(String instance, Span span, NodeMetrics metrics) {
    metrics.throttled();
    span.setAttribute(THROTTLED, true).setAttribute(OUTCOME, Wire.THROTTLED);
    return Reply.failure(Wire.THROTTLED_STATUS, Wire.THROTTLED, instance);
  }

  /** The self-dependency, or any dependency of the same package: where copies go. */
  static List<DependencyCaller> replicas(String packageName, Dependencies dependencies) {
    return dependencies.all().stream()
        .filter(d -> d.dependency().replication() || packageName.equals(d.packageName()))
        .toList();
  }
}
