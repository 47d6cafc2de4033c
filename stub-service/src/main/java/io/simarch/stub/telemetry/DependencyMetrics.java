package io.simarch.stub.telemetry;

import io.simarch.stub.core.Outcome;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;

/** What one instance saw calling one dependency. */
public final class DependencyMetrics {
  final String dependency;
  final AtomicLong requests = new AtomicLong();
  final AtomicLong errors = new AtomicLong();
  final AtomicLong retries = new AtomicLong();
  final AtomicLong breakerSkips = new AtomicLong();
  final AtomicLongArray attempts = new AtomicLongArray(Outcome.values().length);
  final PromHistogram duration = new PromHistogram();
  private final Map<String, AtomicLong> attemptsByPeer = new ConcurrentHashMap<>();
  private final Map<String, AtomicLong> retriesByPeer = new ConcurrentHashMap<>();

  public DependencyMetrics(String dependency) {
    this.dependency = dependency;
  }

  public String dependency() {
    return dependency;
  }

  /** A logical call (all its attempts) ended. */
  public void call(long nanos, boolean success) {
    requests.incrementAndGet();
    if (!success) {
      errors.incrementAndGet();
    }
    duration.recordNanos(nanos);
  }

  /** An attempt ended; {@code peer} is null when nobody was called. */
  public void attempt(String peer, int attempt, Outcome outcome) {
    attempts.incrementAndGet(outcome.ordinal());
    if (peer == null) {
      return;
    }
    attemptsByPeer.computeIfAbsent(peer, k -> new AtomicLong()).incrementAndGet();
    if (attempt > 1) {
      retries.incrementAndGet();
      retriesByPeer.computeIfAbsent(peer, k -> new AtomicLong()).incrementAndGet();
    }
  }

  /** A peer was passed over because its breaker refused the call. */
  public void breakerSkip() {
    breakerSkips.incrementAndGet();
  }

  public long attempts(Outcome outcome) {
    return attempts.get(outcome.ordinal());
  }

  public long retries() {
    return retries.get();
  }

  public long breakerSkips() {
    return breakerSkips.get();
  }

  public long requests() {
    return requests.get();
  }

  public long errors() {
    return errors.get();
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
