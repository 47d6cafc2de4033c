package io.simarch.stub.telemetry;

import io.prometheus.metrics.core.datapoints.CounterDataPoint;
import io.prometheus.metrics.core.datapoints.DistributionDataPoint;
import io.simarch.stub.core.Outcome;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What one instance saw calling one dependency: its children of {@link NodeMetrics}' dependency
 * families, looked up once so that recording a call is an adder increment.
 */
public final class DependencyMetrics {
  private final String dependency;
  private final CounterDataPoint requests;
  private final CounterDataPoint errors;
  private final DistributionDataPoint duration;
  private final CounterDataPoint[] attempts = new CounterDataPoint[Outcome.values().length];
  private final CounterDataPoint retries;
  private final CounterDataPoint timeouts;
  private final CounterDataPoint budgetExhausted;
  private final CounterDataPoint breakerSkips;
  private final Map<String, AtomicLong> attemptsByPeer = new ConcurrentHashMap<>();
  private final Map<String, AtomicLong> retriesByPeer = new ConcurrentHashMap<>();

  DependencyMetrics(NodeMetrics node, String dependency) {
    this.dependency = dependency;
    requests = node.depRequests.labelValues(dependency);
    errors = node.depErrors.labelValues(dependency);
    duration = node.depDuration.labelValues(dependency);
    for (Outcome o : Outcome.values()) {
      attempts[o.ordinal()] = node.depAttempts.labelValues(dependency, o.label());
    }
    retries = node.depRetries.labelValues(dependency);
    timeouts = node.depTimeouts.labelValues(dependency);
    budgetExhausted = node.depBudgetExhausted.labelValues(dependency);
    breakerSkips = node.depCircuitOpen.labelValues(dependency);
  }

  public String dependency() {
    return dependency;
  }

  /** A logical call (all its attempts) ended. */
  public void call(long nanos, boolean success) {
    requests.inc();
    if (!success) {
      errors.inc();
    }
    duration.observe(NodeMetrics.seconds(nanos));
  }

  /** An attempt ended; {@code peer} is null when nobody was called. */
  public void attempt(String peer, int attempt, Outcome outcome) {
    attempts[outcome.ordinal()].inc();
    if (outcome == Outcome.TIMEOUT) {
      timeouts.inc();
    } else if (outcome == Outcome.BUDGET_EXHAUSTED) {
      budgetExhausted.inc();
    }
    if (peer == null) {
      return;
    }
    attemptsByPeer.computeIfAbsent(peer, k -> new AtomicLong()).incrementAndGet();
    if (attempt > 1) {
      retries.inc();
      retriesByPeer.computeIfAbsent(peer, k -> new AtomicLong()).incrementAndGet();
    }
  }

  /** A peer was passed over because its breaker refused the call. */
  public void breakerSkip() {
    breakerSkips.inc();
  }

  public long attempts(Outcome outcome) {
    return attempts[outcome.ordinal()].getLongValue();
  }

  public long retries() {
    return retries.getLongValue();
  }

  public long breakerSkips() {
    return breakerSkips.getLongValue();
  }

  public long requests() {
    return requests.getLongValue();
  }

  public long errors() {
    return errors.getLongValue();
  }

  public Map<String, Long> attemptsByPeer() {
    return copy(attemptsByPeer);
  }

  public Map<String, Long> retriesByPeer() {
    return copy(retriesByPeer);
  }

  private static Map<String, Long> copy(Map<String, AtomicLong> m) {
    var out = new TreeMap<String, Long>();
    m.forEach((k, v) -> out.put(k, v.get()));
    return out;
  }
}
