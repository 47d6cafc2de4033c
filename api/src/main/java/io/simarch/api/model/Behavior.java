package io.simarch.api.model;

/**
 * A resolved service behaviour. Latency distribution fields in milliseconds; unused ones are 0.
 *
 * @param inFlightLimit the bound of the adaptive in-flight limit: the most requests one instance
 *     serves at once; past its current limit it sheds (503). 0: {@link Defaults#IN_FLIGHT_LIMIT}
 */
public record Behavior(Latency latency, double errorRate, int responseSize, int inFlightLimit) {

  public static final Behavior NONE = new Behavior(Latency.NONE, 0, 0, 0);

  public Behavior(Latency latency, double errorRate, int responseSize) {
    this(latency, errorRate, responseSize, 0);
  }

  /** The bound in force: the configured one, or the default when unset. */
  public int effectiveInFlightLimit() {
    return inFlightLimit > 0 ? inFlightLimit : Defaults.IN_FLIGHT_LIMIT;
  }

  /** fixed: {@code meanMs}; normal: {@code meanMs}, {@code stddevMs}; lognormal: p50 and p99. */
  public record Latency(
      String distribution, double meanMs, double stddevMs, double p50Ms, double p99Ms) {
    public static final Latency NONE = new Latency("fixed", 0, 0, 0, 0);
  }
}
