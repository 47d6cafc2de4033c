package io.simarch.cli.truth;

import io.simarch.stub.truth.RootTruth;
import io.simarch.stub.truth.SpanTally;
import io.simarch.stub.truth.TruthSink;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;

/**
 * Streams a run's truth into a {@link TruthFile}: one line per root request as it completes, so
 * memory stays bounded whatever the run's length (only per-service and per-edge totals are kept, as
 * many as the architecture has).
 */
public final class TruthWriter implements TruthSink, AutoCloseable {
  private final BufferedWriter out;
  private final Map<String, Long> services = new TreeMap<>();
  private final Map<String, long[]> edges = new TreeMap<>();
  private Consumer<RootTruth> listener = t -> {};
  private long requests;
  private long sampled;
  private long spans;
  private long lowerBound;
  private long failed;
  private long warmAt = -1;
  private long warmRequests;
  private long warmSpans;
  private IOException error;

  public TruthWriter(Path file, TruthFile.Header header) throws IOException {
    this.out = Files.newBufferedWriter(file, StandardCharsets.UTF_8);
    line(header);
  }

  /** Also tells {@code l} of every root request (the lag probe samples from it). */
  public void listener(Consumer<RootTruth> l) {
    this.listener = l;
  }

  public static long micros(Instant t) {
    return t.getEpochSecond() * 1_000_000 + t.getNano() / 1_000;
  }

  @Override
  public void record(RootTruth t) {
    SpanTally.Snapshot s = t.spans();
    var e = new TreeMap<String, int[]>();
    s.edges().forEach((k, v) -> e.put(k, new int[] {v.calls(), v.errors()}));
    synchronized (this) {
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
      if (warmAt >= 0 && t.startMicros() >= warmAt) {
        warmRequests++;
        warmSpans += s.total();
      }
      s.spans().forEach((k, v) -> services.merge(k, (long) v, Long::sum));
      s.edges()
          .forEach(
              (k, v) -> {
                long[] a = edges.computeIfAbsent(k, x -> new long[2]);
                a[0] += v.calls();
                a[1] += v.errors();
              });
      line(
          new TruthFile.Trace(
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
              s.errors()));
    }
    listener.accept(t);
  }

  public synchronized void kill(String instance, String service, String mode, Instant at) {
    line(new TruthFile.Kill(TruthFile.KILL, instance, service, mode, micros(at)));
  }

  public synchronized long requests() {
    return requests;
  }

  /** The warm-up is over: requests that start from now on are the run's measured part. */
  public synchronized void warm(Instant at) {
    warmAt = micros(at);
  }

  /** Writes the summary line and closes the file. */
  public synchronized void finish(TruthFile.Exporter exporter, TruthFile.Lag lag)
      throws IOException {
    line(
        new TruthFile.Summary(
            TruthFile.SUMMARY,
            micros(Instant.now()),
            requests,
            sampled,
            spans,
            lowerBound,
            failed,
            services,
            edges,
            exporter,
            lag,
            warmAt < 0 ? null : new TruthFile.Warm(warmAt, warmRequests, warmSpans)));
    close();
  }

  private void line(Object record) {
    if (error != null) {
      return;
    }
    try {
      out.write(TruthFile.JSON.writeValueAsString(record));
      out.write('\n');
    } catch (IOException e) {
      error = e; // reported at close: a full disk must not break the run's requests
    }
  }

  @Override
  public synchronized void close() throws IOException {
    out.close();
    if (error != null) {
      throw new UncheckedIOException("cannot write the truth file", error);
    }
  }
}
