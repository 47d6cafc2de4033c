package io.simarch.stub.core;

import io.simarch.api.model.Behavior;
import java.util.Random;

/**
 * Draws from a configured latency distribution: fixed, normal, or lognormal fitted to its p50 and
 * p99. A service's own time and a function's cold start both use it.
 */
public final class LatencyDistribution {
  /** z of the 99th percentile of the standard normal distribution. */
  static final double Z99 = 2.3263478740408408;

  private final Behavior.Latency latency;
  private final Random random;
  private final double mu;
  private final double sigma;

  public LatencyDistribution(Behavior.Latency latency, Random random) {
    this.latency = latency == null ? Behavior.Latency.NONE : latency;
    this.random = random;
    Behavior.Latency l = this.latency;
    if ("lognormal".equals(l.distribution()) && l.p50Ms() > 0 && l.p99Ms() > l.p50Ms()) {
      mu = Math.log(l.p50Ms());
      sigma = (Math.log(l.p99Ms()) - mu) / Z99;
    } else {
      mu = 0;
      sigma = 0;
    }
  }

  /** One draw, in milliseconds. */
  public double sampleMillis() {
    Behavior.Latency l = latency;
    String d = l.distribution() == null ? "fixed" : l.distribution();
    return switch (d) {
      case "normal" -> Math.max(0, l.meanMs() + l.stddevMs() * random.nextGaussian());
      case "lognormal" -> sigma == 0 ? l.p50Ms() : Math.exp(mu + sigma * random.nextGaussian());
      default -> l.meanMs();
    };
  }
}
