package io.simarch.stub.local;

import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import io.simarch.api.model.StubConfig;

/** One running instance of the local runtime. */
public interface StubInstance {
  /** {@code http://127.0.0.1:PORT}. */
  String url();

  StubConfig config();

  /**
   * Abrupt stop, like a chaos delete: the listener and every connection close at once, requests in
   * flight are not answered, and callers then get connection refused.
   */
  void kill();

  /** A hung instance: connections are accepted and requests read, never answered. */
  void freeze();

  void unfreeze();

  /** False once killed (a frozen instance is still running). */
  boolean isRunning();

  InstanceStats stats();

  /** Its series now, as its own /metrics serves them: labelled with who it is. */
  MetricSnapshots metrics();

  /** Where a measurement window starts: {@link #statsSince} reports what happened after it. */
  Mark mark();

  /** The counters and percentiles of the window since {@code mark} (taken on this instance). */
  InstanceStats statsSince(Mark mark);

  /** A point in an instance's history: its counters and latency buckets at that moment. */
  record Mark(InstanceStats stats, long[] latency) {}

  /** Starts the root's traffic per {@code config().traffic()}; does nothing on other instances. */
  default void startTraffic() {
    startTraffic(java.time.Duration.ZERO);
  }

  /** As {@link #startTraffic()}, the rate ramping up from nothing over {@code ramp}. */
  void startTraffic(java.time.Duration ramp);

  void stopTraffic();

  /** Where the root's traffic reports each request's truth; does nothing on other instances. */
  void truth(io.simarch.stub.truth.TruthSink sink);
}
