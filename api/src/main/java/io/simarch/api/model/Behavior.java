package io.simarch.api.model;

/** A resolved service behaviour. Latency distribution fields in milliseconds; unused ones are 0. */
public record Behavior(Latency latency, double errorRate, int responseSize) {

  public static final Behavior NONE = new Behavior(Latency.NONE, 0, 0);

  /** fixed: {@code meanMs}; normal: {@code meanMs}, {@code stddevMs}; lognormal: p50 and p99. */
  public record Latency(
      String distribution, double meanMs, double stddevMs, double p50Ms, double p99Ms) {
    public static final Latency NONE = new Latency("fixed", 0, 0, 0, 0);
  }
}
