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
  private final Behavior behavior;
  private final StubConfig.Fault fault;
  private final long startNanos;
  private final Random random;
  private final LatencyDistribution latency;

  public BehaviourModel(Behavior behavior, StubConfig.Fault fault, long startNanos, Random random) {
    this.behavior = behavior == null ? Behavior.NONE : behavior;
    this.fault = fault;
    this.startNanos = startNanos;
    this.random = random;
    this.latency = new LatencyDistribution(this.behavior.latency(), random);
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
    return latency.sampleMillis();
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
