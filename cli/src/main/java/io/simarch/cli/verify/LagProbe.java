package io.simarch.cli.verify;

import com.fasterxml.jackson.databind.JsonNode;
import io.simarch.cli.truth.TruthWriter;
import io.simarch.stub.truth.RootTruth;
import io.simarch.stub.truth.TruthFile;
import java.time.Instant;
import java.util.Arrays;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Measures ingest lag while a run sends to Zipkin: for a sample of sampled root requests (at most
 * {@code perSecond} a second, {@value #MAX_OUT} at once), polls {@code /api/v2/trace/{id}} every
 * {@value #POLL_MS} ms from the root span's end until the trace answers with its root span. Polling
 * is the only way to see this from outside, which is how a user of the backend sees it.
 */
public final class LagProbe implements AutoCloseable {
  static final int MAX_OUT = 32;
  static final long POLL_MS = 20;
  static final long PATIENCE_MS = 30_000;
  private static final int KEEP = 100_000;

  private final ZipkinApi zipkin;
  private final long minGapNanos;
  private final ScheduledExecutorService timer =
      Executors.newSingleThreadScheduledExecutor(
          r -> {
            Thread t = new Thread(r, "simarch-lag-probe");
            t.setDaemon(true);
            return t;
          });
  private final Semaphore out = new Semaphore(MAX_OUT);
  private final AtomicLong lastStart = new AtomicLong();
  private final AtomicLong probed = new AtomicLong();
  private final double[] lags = new double[KEEP];
  private int found;
  private volatile boolean closed;

  public LagProbe(ZipkinApi zipkin, int perSecond) {
    this.zipkin = zipkin;
    this.minGapNanos = TimeUnit.SECONDS.toNanos(1) / Math.max(1, perSecond);
  }

  /** Offered every root request; probes the ones the rate and the concurrency limit allow. */
  public void offer(RootTruth t) {
    if (closed || !t.sampled() || t.traceId() == null) {
      return;
    }
    long now = System.nanoTime();
    long last = lastStart.get();
    if (now - last < minGapNanos || !lastStart.compareAndSet(last, now) || !out.tryAcquire()) {
      return;
    }
    probed.incrementAndGet();
    poll(t.traceId(), t.endMicros());
  }

  private void poll(String traceId, long endMicros) {
    if (closed) {
      out.release();
      return;
    }
    zipkin
        .traceAsync(traceId)
        .whenComplete(
            (spans, error) -> {
              long nowMicros = TruthWriter.micros(Instant.now());
              if (error == null && hasRoot(spans)) {
                record((nowMicros - endMicros) / 1000.0);
                out.release();
              } else if (nowMicros - endMicros > PATIENCE_MS * 1000 || closed) {
                out.release();
              } else {
                timer.schedule(() -> poll(traceId, endMicros), POLL_MS, TimeUnit.MILLISECONDS);
              }
            });
  }

  private static boolean hasRoot(JsonNode spans) {
    if (spans == null || !spans.isArray()) {
      return false;
    }
    for (JsonNode s : spans) {
      if (!s.hasNonNull("parentId")) {
        return true;
      }
    }
    return false;
  }

  private synchronized void record(double ms) {
    if (found < KEEP) {
      lags[found] = Math.max(0, ms);
    }
    found++;
  }

  /** Waits for probes still polling (bounded by their patience), then reports. */
  public TruthFile.Lag finish() throws InterruptedException {
    if (out.tryAcquire(MAX_OUT, PATIENCE_MS + zipkin.timeout().toMillis(), TimeUnit.MILLISECONDS)) {
      out.release(MAX_OUT);
    }
    close();
    return result();
  }

  public synchronized TruthFile.Lag result() {
    int n = Math.min(found, KEEP);
    double[] sorted = Arrays.copyOf(lags, n);
    Arrays.sort(sorted);
    return new TruthFile.Lag(
        probed.get(),
        found,
        Stats.percentile(sorted, 50),
        Stats.percentile(sorted, 99),
        n == 0 ? 0 : sorted[n - 1]);
  }

  @Override
  public void close() {
    closed = true;
    timer.shutdownNow();
  }
}
