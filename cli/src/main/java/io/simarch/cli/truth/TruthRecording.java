package io.simarch.cli.truth;

import io.simarch.api.model.Plan;
import io.simarch.cli.verify.LagProbe;
import io.simarch.cli.verify.ZipkinApi;
import io.simarch.stub.local.StubHost;
import io.simarch.stub.local.StubInstance;
import io.simarch.stub.truth.TruthFile;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

/**
 * The ground truth of one local run: the roots' requests into a {@link TruthWriter}, the chaos
 * kills, the exporter's own counts, and, when the run sends to Zipkin, the ingest lag probed while
 * it runs.
 */
public final class TruthRecording {
  /** Traces probed for ingest lag per second at most. */
  public static final int LAG_PROBES_PER_SECOND = 20;

  private final Path file;
  private final String zipkin;
  private CountingExporter exporter;
  private TruthWriter writer;
  private LagProbe lag;
  private StubHost host;

  /**
   * @param zipkin the Zipkin the run sends to (its lag is probed), or null
   */
  public TruthRecording(Path file, String zipkin) {
    this.file = file;
    this.zipkin = zipkin;
  }

  /** The run's exporter, whose counts go into the summary; null when the run sends no spans. */
  public void sender(CountingExporter e) {
    exporter = e;
  }

  /** Opens the file and listens to the roots; call before their traffic starts. */
  public void attach(Plan plan, double sampling, StubHost host, List<StubInstance> roots)
      throws IOException {
    this.host = host;
    writer =
        new TruthWriter(
            file,
            new TruthFile.Header(
                TruthFile.HEADER,
                TruthFile.FORMAT,
                TruthFile.VERSION,
                plan.arch(),
                plan.root(),
                TruthWriter.micros(Instant.now()),
                exporter == null ? 0 : sampling,
                zipkin != null ? "zipkin " + zipkin : null));
    if (zipkin != null) {
      lag = new LagProbe(new ZipkinApi(zipkin), LAG_PROBES_PER_SECOND);
      writer.listener(lag::offer);
    }
    roots.forEach(r -> r.truth(writer));
  }

  public void kill(Plan.Instance victim, String mode) {
    if (writer != null) {
      writer.kill(victim.name(), victim.service(), mode, Instant.now());
    }
  }

  /** The warm-up is over (the summary tells the rate reached after it). */
  public void warm() {
    if (writer != null) {
      writer.warm(Instant.now());
    }
  }

  public long requests() {
    return writer == null ? 0 : writer.requests();
  }

  /** After the host has stopped and the exporter flushed: the summary line, and close. */
  public void finish() throws IOException, InterruptedException {
    if (writer == null) {
      return;
    }
    TruthFile.Lag lagResult = lag == null ? null : lag.finish();
    writer.finish(
        new TruthFile.Exporter(
            exporter == null ? 0 : exporter.exported(),
            exporter == null ? 0 : exporter.failed(),
            host == null ? 0 : host.spansDropped()),
        lagResult);
  }

  /** Stops probing at once (the run failed). */
  public void abort() throws IOException {
    if (lag != null) {
      lag.close();
    }
    if (writer != null) {
      writer.close();
    }
  }
}
