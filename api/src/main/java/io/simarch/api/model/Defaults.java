package io.simarch.api.model;

import io.simarch.api.v1alpha1.BackoffSpec;
import io.simarch.api.v1alpha1.BehaviorSpec;
import io.simarch.api.v1alpha1.CallPolicySpec;
import io.simarch.api.v1alpha1.CircuitBreakerSpec;
import io.simarch.api.v1alpha1.FunctionSpec;
import io.simarch.api.v1alpha1.GatewaySpec;
import io.simarch.api.v1alpha1.LatencySpec;
import io.simarch.api.v1alpha1.RequestMixSpec;
import io.simarch.api.v1alpha1.ServiceSpec;
import io.simarch.api.v1alpha1.SimulatedArchitectureSpec;
import io.simarch.api.v1alpha1.StreamSpec;
import io.simarch.api.v1alpha1.TableSpec;
import io.simarch.api.v1alpha1.TracingSpec;
import io.simarch.api.v1alpha1.TrafficSpec;
import java.time.Duration;
import java.util.function.Function;

/**
 * Every default of the API in one place: the spec keeps what the user wrote (so a round trip adds
 * nothing) and everything that reads it resolves through here.
 */
public final class Defaults {
  public static final int SCALE = 100;
  public static final int MAX_INSTANCES = 10_000;
  public static final long SEED = 1;
  public static final Duration TRAFFIC_INTERVAL = Duration.ofMillis(10);
  public static final int MAX_IN_FLIGHT = 1000;

  /**
   * The most requests one stub instance serves at once, the bound of its adaptive limit: enough for
   * a few hundred requests a second against dependencies answering within a second. When the stub
   * itself is overloaded its limit drops below this, so it sheds (answers 503 at once) instead of
   * keeping requests its callers will time out on.
   */
  public static final int IN_FLIGHT_LIMIT = 256;

  public static final Duration TIMEOUT = Duration.ofSeconds(1);
  public static final Duration BUDGET_MARGIN = Duration.ofMillis(5);
  public static final Duration BACKOFF_MAX = Duration.ofSeconds(1);
  public static final double BACKOFF_MULTIPLIER = 2;
  public static final double BACKOFF_JITTER = 0.2;
  public static final int CB_FAILURE_RATE = 50;
  public static final int CB_MINIMUM_CALLS = 10;
  public static final Duration CB_OPEN = Duration.ofSeconds(5);

  /** AWS Lambda's smallest memory size. */
  public static final int FUNCTION_MEMORY_MB = 128;

  /** Cold starts of a small managed-runtime function, as commonly measured. */
  public static final Behavior.Latency FUNCTION_COLD_START =
      new Behavior.Latency("lognormal", 0, 0, 250, 1500);

  public static final Duration FUNCTION_IDLE_TIMEOUT = Duration.ofMinutes(5);

  /** AWS's default concurrency limit of an account's region. */
  public static final int FUNCTION_CONCURRENCY = 1000;

  /**
   * AWS Lambda's public on-demand prices for x86 in us-east-1 (aws.amazon.com/lambda/pricing, first
   * tier): $0.0000166667 per GB-second and $0.20 per million requests.
   */
  public static final double FUNCTION_PRICE_PER_GB_SECOND = 0.0000166667;

  public static final double FUNCTION_PRICE_PER_REQUEST = 0.0000002;

  /** API Gateway's default account throttle: 10 000 requests a second, bursts of 5 000. */
  public static final double GATEWAY_RATE_LIMIT = 10_000;

  public static final int GATEWAY_BURST = 5_000;

  /** The DynamoDB console's default provisioned capacity. */
  public static final int TABLE_CAPACITY = 5;

  /** Lambda's default batch size for a Kinesis event source. */
  public static final int STREAM_BATCH_SIZE = 100;

  /** A Kinesis event source polls each shard about once a second. */
  public static final Duration STREAM_BATCH_WINDOW = Duration.ofSeconds(1);

  /** An object store answers slower than a key/value store, and with objects, not values. */
  public static final Behavior.Latency OBJECT_STORE_LATENCY =
      new Behavior.Latency("lognormal", 0, 0, 30, 200);

  public static final int OBJECT_STORE_RESPONSE_SIZE = 64 * 1024;

  private Defaults() {}

  public static String arch(String metadataName, SimulatedArchitectureSpec spec) {
    if (spec.getArch() != null && !spec.getArch().isBlank()) {
      return spec.getArch();
    }
    return metadataName == null ? "arch" : metadataName;
  }

  public static int scale(SimulatedArchitectureSpec spec, Integer override) {
    if (override != null) {
      return override;
    }
    return spec.getScale() == null ? SCALE : spec.getScale();
  }

  public static int replicateRegions(SimulatedArchitectureSpec spec, Integer override) {
    if (override != null) {
      return override;
    }
    var t = spec.getTopology();
    return t == null || t.getReplicateRegions() == null ? 1 : t.getReplicateRegions();
  }

  public static int regions(ServiceSpec s) {
    return s.getRegions() == null ? 1 : s.getRegions();
  }

  public static int count(ServiceSpec s) {
    return s.getCount() == null ? 1 : s.getCount();
  }

  public static int maxInstances(SimulatedArchitectureSpec spec) {
    return spec.getMaxInstances() == null ? MAX_INSTANCES : spec.getMaxInstances();
  }

  public static long seed(SimulatedArchitectureSpec spec) {
    return spec.getSeed() == null ? SEED : spec.getSeed();
  }

  /** The policy for calls from {@code service} to {@code dependency}, field by field. */
  public static CallPolicy callPolicy(
      SimulatedArchitectureSpec spec, ServiceSpec service, String dependency) {
    CallPolicySpec[] levels = {
      service.dependencyPoliciesOrEmpty().get(dependency),
      service.getCallPolicy(),
      spec.getCallPolicy()
    };
    long timeout = ms(first(levels, CallPolicySpec::getTimeout), TIMEOUT);
    Integer retriesSet = first(levels, CallPolicySpec::getRetries);
    int retries = retriesSet == null ? 0 : retriesSet;
    String mode = first(levels, CallPolicySpec::getRetryMode);
    // retries without a mode mean the naive thing: retry anywhere
    RetryMode retryMode =
        mode != null ? RetryMode.of(mode) : retries > 0 ? RetryMode.IMMEDIATE : RetryMode.NONE;
    boolean budget = Boolean.TRUE.equals(first(levels, CallPolicySpec::getBudget));
    long margin = ms(first(levels, CallPolicySpec::getBudgetMargin), BUDGET_MARGIN);
    String deadline = first(levels, CallPolicySpec::getDeadline);
    int attempts = retryMode == RetryMode.NONE ? 1 : retries + 1;
    long deadlineMs = deadline == null ? timeout * attempts : ms(deadline, TIMEOUT);

    BackoffSpec[] b = new BackoffSpec[levels.length];
    CircuitBreakerSpec[] cb = new CircuitBreakerSpec[levels.length];
    for (int i = 0; i < levels.length; i++) {
      b[i] = levels[i] == null ? null : levels[i].getBackoff();
      cb[i] = levels[i] == null ? null : levels[i].getCircuitBreaker();
    }
    var backoff =
        new CallPolicy.Backoff(
            ms(first(b, BackoffSpec::getInitial), Duration.ZERO),
            ms(first(b, BackoffSpec::getMax), BACKOFF_MAX),
            orElse(first(b, BackoffSpec::getMultiplier), BACKOFF_MULTIPLIER),
            orElse(first(b, BackoffSpec::getJitter), BACKOFF_JITTER));
    var breaker =
        new CallPolicy.CircuitBreaker(
            Boolean.TRUE.equals(first(cb, CircuitBreakerSpec::getEnabled)),
            orElse(first(cb, CircuitBreakerSpec::getFailureRateThreshold), CB_FAILURE_RATE),
            orElse(first(cb, CircuitBreakerSpec::getMinimumCalls), CB_MINIMUM_CALLS),
            ms(first(cb, CircuitBreakerSpec::getOpenDuration), CB_OPEN));
    return new CallPolicy(
        timeout, retries, retryMode, budget, margin, deadlineMs, backoff, breaker);
  }

  /** The service's behaviour: its own fields over the architecture's. */
  public static Behavior behavior(SimulatedArchitectureSpec spec, ServiceSpec service) {
    BehaviorSpec[] levels = {service.getBehavior(), spec.getBehavior()};
    LatencySpec latency = first(levels, BehaviorSpec::getLatency);
    boolean objectStore = PackageRole.S3.is(service.getPackageName());
    return new Behavior(
        latency == null && objectStore ? OBJECT_STORE_LATENCY : latency(latency),
        orElse(first(levels, BehaviorSpec::getErrorRate), 0.0),
        orElse(
            first(levels, BehaviorSpec::getResponseSize),
            objectStore ? OBJECT_STORE_RESPONSE_SIZE : 0),
        orElse(first(levels, BehaviorSpec::getInFlightLimit), IN_FLIGHT_LIMIT));
  }

  /** A serverless package's settings, or null for any other package. */
  public static Faas faas(ServiceSpec service) {
    PackageRole role = PackageRole.of(service.getPackageName()).orElse(null);
    if (role == null) {
      return null;
    }
    return switch (role.behaviour()) {
      case FUNCTION -> {
        FunctionSpec f = service.getFunction() == null ? new FunctionSpec() : service.getFunction();
        yield new Faas(
            new Faas.Function(
                orElse(f.getMemoryMb(), FUNCTION_MEMORY_MB),
                f.getColdStart() == null ? FUNCTION_COLD_START : latency(f.getColdStart()),
                ms(f.getIdleTimeout(), FUNCTION_IDLE_TIMEOUT),
                orElse(f.getConcurrency(), FUNCTION_CONCURRENCY),
                orElse(f.getPricePerGbSecond(), FUNCTION_PRICE_PER_GB_SECOND),
                orElse(f.getPricePerRequest(), FUNCTION_PRICE_PER_REQUEST)),
            null,
            null);
      }
      case GATEWAY -> {
        GatewaySpec g = service.getGateway() == null ? new GatewaySpec() : service.getGateway();
        yield new Faas(
            null,
            new Faas.Gateway(
                orElse(g.getRateLimit(), GATEWAY_RATE_LIMIT), orElse(g.getBurst(), GATEWAY_BURST)),
            null);
      }
      case TABLE -> {
        TableSpec t = service.getTable() == null ? new TableSpec() : service.getTable();
        yield new Faas(
            null,
            null,
            new Faas.Table(
                "provisioned".equals(t.getMode()),
                orElse(t.getReadCapacity(), TABLE_CAPACITY),
                orElse(t.getWriteCapacity(), TABLE_CAPACITY)));
      }
      case STREAM -> {
        StreamSpec st = service.getStream() == null ? new StreamSpec() : service.getStream();
        yield new Faas(
            null,
            null,
            null,
            new Faas.Stream(
                orElse(st.getBatchSize(), STREAM_BATCH_SIZE),
                ms(st.getBatchWindow(), STREAM_BATCH_WINDOW)));
      }
      default -> null;
    };
  }

  public static Behavior.Latency latency(LatencySpec l) {
    if (l == null) {
      return Behavior.Latency.NONE;
    }
    return new Behavior.Latency(
        l.getDistribution() == null ? "fixed" : l.getDistribution(),
        msDouble(l.getMean()),
        msDouble(l.getStddev()),
        msDouble(l.getP50()),
        msDouble(l.getP99()));
  }

  public static Traffic traffic(SimulatedArchitectureSpec spec) {
    TrafficSpec t = spec.getTraffic() == null ? new TrafficSpec() : spec.getTraffic();
    long intervalMicros;
    if (t.getRate() != null && t.getRate() > 0) {
      intervalMicros = Math.max(1, Math.round(1_000_000 / t.getRate()));
    } else {
      intervalMicros = Durations.parseOr(t.getInterval(), TRAFFIC_INTERVAL).toNanos() / 1000;
    }
    RequestMixSpec mix = t.getMix() == null ? new RequestMixSpec() : t.getMix();
    return new Traffic(
        intervalMicros,
        ms(t.getDuration(), Duration.ZERO),
        orElse(mix.getGetKnown(), 1),
        orElse(mix.getGetRecent(), 1),
        orElse(mix.getPut(), 1),
        orElse(t.getMaxInFlight(), MAX_IN_FLIGHT));
  }

  public static Tracing tracing(SimulatedArchitectureSpec spec) {
    TracingSpec t = spec.getTracing() == null ? new TracingSpec() : spec.getTracing();
    boolean enabled =
        t.getEnabled() != null
            ? t.getEnabled()
            : t.getEndpoint() != null && !t.getEndpoint().isBlank();
    return new Tracing(
        enabled,
        t.getEndpoint(),
        t.getProtocol() == null ? "http/protobuf" : t.getProtocol(),
        orElse(t.getSampling(), 1.0));
  }

  private static <S, T> T first(S[] levels, Function<S, T> getter) {
    for (S level : levels) {
      if (level != null) {
        T v = getter.apply(level);
        if (v != null) {
          return v;
        }
      }
    }
    return null;
  }

  private static <T> T orElse(T value, T fallback) {
    return value == null ? fallback : value;
  }

  private static long ms(String duration, Duration fallback) {
    return Durations.parseOr(duration, fallback).toMillis();
  }

  private static double msDouble(String duration) {
    return duration == null ? 0 : Durations.parse(duration).toNanos() / 1e6;
  }
}
