package io.simarch.stub.core;

import io.simarch.api.model.Behavior;
import io.simarch.api.model.StubConfig;
import java.util.Random;
import java.util.concurrent.TimeUnit;

/**
 * The service-time and error knobs: a latency drawn from the configured distribution, errors at the
 * configured rate from a seeded {@link Random} (not isotope's every-Nth counter), a response padded
 * to the configured size, and the chaos fault while its window is open.
 */
public final class BehaviourModel {
  /** z of the 99th percentile of the standard normal distribution. */
  static final double Z99 = 2.3263478740408408;

  private final Behavior behavior;
  private final StubConfig.Fault fault;
  private final long startNanos;
  private final Random random;
  private final double mu;
  private final double sigma;

  public BehaviourModel(Behavior behavior, StubConfig.Fault fault, long startNanos, Random random) {
    this.behavior = behavior == null ? Behavior.NONE : behavior;
    this.fault = fault;
    this.startNanos = startNanos;
    this.random = random;
    Behavior.Latency l = latency();
    if ("lognormal".equals(l.distribution()) && l.p50Ms() > 0 && l.p99Ms() > l.p50Ms()) {
      mu = Math.log(l.p50Ms());
      sigma = (Math.log(l.p99Ms()) - mu) / Z99;
    } else {
      mu = 0;
      sigma = 0;
    }
  }

  private Behavior.Latency latency() {
    return behavior.latency() == null ? Behavior.Latency.NONE : behavior.latency();
  }

  /** Whether this request fails by design. */
  public boolean fails() {
    double p = behavior.errorRate();
    if (faultOpen()) {
      p = 1 - (1 - p) * (1 - fault.errorRate());
    }
    return p > 0 && random.nextDouble() < p;
  }

  /** This request's own service time. */
  public long latencyNanos() {
    double ms = sampleMillis();
    if (faultOpen()) {
      ms += fault.addedLatencyMs();
    }
    return (long) (ms * 1e6);
  }

  double sampleMillis() {
    Behavior.Latency l = latency();
    String d = l.distribution() == null ? "fixed" : l.distribution();
    return switch (d) {
      case "normal" -> Math.max(0, l.meanMs() + l.stddevMs() * random.nextGaussian());
      case "lognormal" -> sigma == 0 ? l.p50Ms() : Math.exp(mu + sigma * random.nextGaussian());
      default -> l.meanMs();
    };
  }

  public int responseSize() {
    return behavior.responseSize();
  }

  boolean faultOpen() {
    if (fault == null) {
      return false;
    }
    long elapsedMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNanos);
    return elapsedMs >= fault.startMs()
        && (fault.durationMs() == 0 || elapsedMs < fault.startMs() + fault.durationMs());
  }
}
