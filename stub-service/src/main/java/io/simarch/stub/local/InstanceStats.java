package io.simarch.stub.local;

import java.util.Map;

/**
 * A snapshot of one instance's counters since it started.
 *
 * @param requests requests it served (Get, Put, Replicate)
 * @param errors of those, the ones it answered with a 5xx
 * @param retries attempts after the first that it sent to its dependencies
 * @param timeouts its attempts that timed out
 * @param budgetExhausted attempts it did not make because the budget was spent, plus requests it
 *     refused on arrival with their budget already spent
 * @param circuitOpen instances passed over because their breaker was open
 * @param zoneFallbacks calls sent outside the preferred zone (or region) because it had no
 *     instance, where spigo dropped the request
 * @param p50Ms median time to answer a request; for a traffic source that serves none, the median
 *     round trip it measured
 * @param p99Ms as p50Ms, 99th percentile
 * @param attemptsByPeer attempts sent to each peer instance, first tries and retries
 * @param retriesByPeer attempts after the first sent to each peer instance
 * @param rootRequests requests its traffic source sent (root only)
 * @param rootErrors of those, the ones that failed
 * @param spansDropped its spans lost because the export queue was full
 * @param dependencies what it saw calling each dependency, by dependency service
 * @param serverless what a function, gateway or table counted (zeros for other packages)
 */
public record InstanceStats(
    long requests,
    long errors,
    long retries,
    long timeouts,
    long budgetExhausted,
    long circuitOpen,
    long zoneFallbacks,
    double p50Ms,
    double p99Ms,
    Map<String, Long> attemptsByPeer,
    Map<String, Long> retriesByPeer,
    long rootRequests,
    long rootErrors,
    long spansDropped,
    Map<String, Dependency> dependencies,
    Serverless serverless) {

  /**
   * One instance's calls to one dependency service.
   *
   * @param calls logical calls (all their attempts) that ended
   * @param errors of those, the ones that failed after every attempt
   * @param retries attempts after the first
   * @param timeouts attempts that timed out
   */
  public record Dependency(long calls, long errors, long retries, long timeouts) {
    Dependency minus(Dependency base) {
      return new Dependency(
          calls - base.calls,
          errors - base.errors,
          retries - base.retries,
          timeouts - base.timeouts);
    }
  }

  /**
   * @param invocations function invocations that got an environment
   * @param coldStarts of those, the ones that had to start one
   * @param throttled requests answered 429 (function concurrency, gateway rate, table capacity)
   * @param gbSeconds billed GB-seconds
   * @param costUsd billed cost
   */
  public record Serverless(
      long invocations, long coldStarts, long throttled, double gbSeconds, double costUsd) {
    public static final Serverless NONE = new Serverless(0, 0, 0, 0, 0);

    Serverless minus(Serverless b) {
      return new Serverless(
          invocations - b.invocations,
          coldStarts - b.coldStarts,
          throttled - b.throttled,
          gbSeconds - b.gbSeconds,
          costUsd - b.costUsd);
    }
  }

  /**
   * The counters of this snapshot less those of {@code base}, an earlier snapshot of the same
   * instance; percentiles are left as they are (see {@link StubInstance#statsSince}).
   */
  InstanceStats minus(InstanceStats base, double p50Ms, double p99Ms) {
    return new InstanceStats(
        requests - base.requests,
        errors - base.errors,
        retries - base.retries,
        timeouts - base.timeouts,
        budgetExhausted - base.budgetExhausted,
        circuitOpen - base.circuitOpen,
        zoneFallbacks - base.zoneFallbacks,
        p50Ms,
        p99Ms,
        minus(attemptsByPeer, base.attemptsByPeer),
        minus(retriesByPeer, base.retriesByPeer),
        rootRequests - base.rootRequests,
        rootErrors - base.rootErrors,
        spansDropped - base.spansDropped,
        minusDependencies(dependencies, base.dependencies),
        serverless.minus(base.serverless));
  }

  private static Map<String, Dependency> minusDependencies(
      Map<String, Dependency> now, Map<String, Dependency> base) {
    var out = new java.util.TreeMap<String, Dependency>();
    now.forEach((k, v) -> out.put(k, base.containsKey(k) ? v.minus(base.get(k)) : v));
    return Map.copyOf(out);
  }

  private static Map<String, Long> minus(Map<String, Long> now, Map<String, Long> base) {
    var out = new java.util.TreeMap<String, Long>();
    now.forEach((k, v) -> out.put(k, v - base.getOrDefault(k, 0L)));
    return Map.copyOf(out);
  }
}
