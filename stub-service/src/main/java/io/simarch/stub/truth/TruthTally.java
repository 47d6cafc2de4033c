package io.simarch.stub.truth;

import java.util.Map;
import java.util.TreeMap;

/**
 * The running totals of a run's root requests, and each request as its {@link TruthFile} trace
 * line: what a truth file's writer and a root pod's {@link TruthRing} both keep. Its memory is the
 * architecture's size (a total per service and per edge), whatever the run's length. Not
 * thread-safe: its owner synchronizes.
 */
public final class TruthTally {
  private final Map<String, Long> services = new TreeMap<>();
  private final Map<String, long[]> edges = new TreeMap<>();
  private long requests;
  private long sampled;
  private long spans;
  private long lowerBound;
  private long failed;

  /** Adds one root request to the totals; returns its trace line. */
  public TruthFile.Trace add(RootTruth t) {
    SpanTally.Snapshot s = t.spans();
    var e = new TreeMap<String, int[]>();
    s.edges().forEach((k, v) -> e.put(k, new int[] {v.calls(), v.errors()}));
    requests++;
    if (t.sampled()) {
      sampled++;
    }
    spans += s.total();
    if (s.lowerBound()) {
      lowerBound++;
    }
    if (t.failed()) {
      failed++;
    }
    s.spans().forEach((k, v) -> services.merge(k, (long) v, Long::sum));
    s.edges()
        .forEach(
            (k, v) -> {
              long[] a = edges.computeIfAbsent(k, x -> new long[2]);
              a[0] += v.calls();
              a[1] += v.errors();
            });
    return new TruthFile.Trace(
        TruthFile.TRACE,
        t.traceId(),
        t.sampled(),
        t.op(),
        t.startMicros(),
        t.endMicros(),
        t.status(),
        t.failed(),
        s.total(),
        !s.lowerBound(),
        s.spans(),
        e,
        s.retries(),
        s.errors());
  }

  public long requests() {
    return requests;
  }

  /** The summary line of the totals so far. */
  public TruthFile.Summary summary(
      long endedMicros, TruthFile.Exporter exporter, TruthFile.Lag lag, TruthFile.Warm warm) {
    var e = new TreeMap<String, long[]>();
    edges.forEach((k, v) -> e.put(k, v.clone()));
    return new TruthFile.Summary(
        TruthFile.SUMMARY,
        endedMicros,
        requests,
        sampled,
        spans,
        lowerBound,
        failed,
        new TreeMap<>(services),
        e,
        exporter,
        lag,
        warm);
  }

  public static long micros(java.time.Instant t) {
    return t.getEpochSecond() * 1_000_000 + t.getNano() / 1_000;
  }
}
