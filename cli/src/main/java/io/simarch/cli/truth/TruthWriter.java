package io.simarch.cli.truth;

import io.simarch.stub.truth.RootTruth;
import io.simarch.stub.truth.TruthFile;
import io.simarch.stub.truth.TruthSink;
import io.simarch.stub.truth.TruthTally;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.function.Consumer;

/**
 * Streams a run's truth into a {@link TruthFile}: one line per root request as it completes, so
 * memory stays bounded whatever the run's length (only per-service and per-edge totals are kept, as
 * many as the architecture has).
 */
public final class TruthWriter implements TruthSink, AutoCloseable {
  private final BufferedWriter out;
  private final TruthTally tally = new TruthTally();
  private Consumer<RootTruth> listener = t -> {};
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
    return TruthTally.micros(t);
  }

  @Override
  public void record(RootTruth t) {
    synchronized (this) {
      if (warmAt >= 0 && t.startMicros() >= warmAt) {
        warmRequests++;
        warmSpans += t.spans().total();
      }
      line(tally.add(t));
    }
    listener.accept(t);
  }

  public synchronized void kill(String instance, String service, String mode, Instant at) {
    line(new TruthFile.Kill(TruthFile.KILL, instance, service, mode, micros(at)));
  }

  public synchronized long requests() {
    return tally.requests();
  }

  /** The warm-up is over: requests that start from now on are the run's measured part. */
  public synchronized void warm(Instant at) {
    warmAt = micros(at);
  }

  /** Writes the summary line and closes the file. */
  public synchronized void finish(TruthFile.Exporter exporter, TruthFile.Lag lag)
      throws IOException {
    line(
        tally.summary(
            micros(Instant.now()),
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
