package io.simarch.stub.telemetry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import io.opentelemetry.sdk.trace.samplers.Sampler;
import io.simarch.api.model.StubConfig;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class SpanExportQueueTest {
  private static final StubConfig CONFIG =
      new StubConfig(
          "a", "store", "store", "store00", "r", "z", 1, false, null, null, List.of(), null, null);

  /** An exporter with nothing to flush or shut down: the tests' exporters differ in export. */
  abstract static class TestExporter implements SpanExporter {
    @Override
    public CompletableResultCode flush() {
      return CompletableResultCode.ofSuccess();
    }

    @Override
    public CompletableResultCode shutdown() {
      return CompletableResultCode.ofSuccess();
    }
  }

  /** An exporter whose results complete only when told to. */
  static final class GatedExporter extends TestExporter {
    final CompletableResultCode gate = new CompletableResultCode();
    final AtomicLong received = new AtomicLong();

    @Override
    public CompletableResultCode export(Collection<SpanData> spans) {
      received.addAndGet(spans.size());
      var result = new CompletableResultCode();
      gate.whenComplete(result::succeed);
      return result;
    }
  }

  @Test
  void aStuckExporterNeverBlocksTheRequestPathItDropsAndCounts() {
    var exporter = new GatedExporter();
    var queue = new SpanExportQueue(exporter, 16);
    Telemetry t = Telemetry.of(CONFIG, queue, Sampler.alwaysOn(), Resource.empty());
    long t0 = System.nanoTime();
    for (int i = 0; i < 20_000; i++) {
      t.tracer().spanBuilder("Get").startSpan().end();
    }
    assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(2));
    // held: 16 queued, four batches on the wire and one being filled, of 1 024 at most each;
    // everything else was dropped, not waited for
    assertThat(t.spansDropped().sum()).isGreaterThanOrEqualTo(20_000 - 16 - 5 * 1024);
    assertThat(queue.dropped()).isEqualTo(t.spansDropped().sum());

    exporter.gate.succeed();
    await().atMost(Duration.ofSeconds(5)).until(() -> queue.queued() == 0);
    await()
        .atMost(Duration.ofSeconds(5))
        .until(() -> queue.exported() == 20_000 - t.spansDropped().sum());
    queue.close();
  }

  /**
   * An exporter that sends on the calling thread, as Zipkin's and OTLP's do, and fails a send its
   * thread was interrupted during, as OkHttp does (Okio checks the flag and throws).
   */
  static final class BlockingExporter extends TestExporter {
    final CountDownLatch sending = new CountDownLatch(1);
    final CountDownLatch release = new CountDownLatch(1);
    final AtomicLong delivered = new AtomicLong();

    @Override
    public CompletableResultCode export(Collection<SpanData> spans) {
      sending.countDown();
      try {
        release.await();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return CompletableResultCode.ofFailure();
      }
      if (Thread.currentThread().isInterrupted()) {
        return CompletableResultCode.ofFailure();
      }
      delivered.addAndGet(spans.size());
      return CompletableResultCode.ofSuccess();
    }
  }

  /**
   * Closing while a batch is on the wire (a slow collector, a loaded machine) must not cut that
   * send, nor the sends of what is still queued: every span ended before close is delivered.
   */
  @Test
  void closeDuringASendDeliversThatBatchAndEverythingQueued() throws Exception {
    var exporter = new BlockingExporter();
    var queue = new SpanExportQueue(exporter, 8192);
    Telemetry t = Telemetry.of(CONFIG, queue, Sampler.alwaysOn(), Resource.empty());
    for (int i = 0; i < 10; i++) {
      t.tracer().spanBuilder("Get").startSpan().end();
    }
    assertThat(exporter.sending.await(5, TimeUnit.SECONDS)).isTrue();
    // spans that end while the first batch is on the wire
    for (int i = 0; i < 3000; i++) {
      t.tracer().spanBuilder("Get").startSpan().end();
    }
    var closer = new Thread(queue::close);
    closer.start();
    await().atMost(Duration.ofSeconds(5)).until(() -> closer.getState() != Thread.State.RUNNABLE);
    exporter.release.countDown();
    closer.join(TimeUnit.SECONDS.toMillis(30));
    assertThat(closer.isAlive()).isFalse();
    assertThat(queue.failed()).isZero();
    assertThat(exporter.delivered.get()).isEqualTo(3010);
    assertThat(queue.exported()).isEqualTo(3010);
  }

  @Test
  void aHealthyExporterGetsEverySpanWithTheInstancesResource() {
    var exporter = new GatedExporter();
    exporter.gate.succeed();
    var queue = new SpanExportQueue(exporter, 8192);
    Telemetry t = Telemetry.of(CONFIG, queue, Sampler.alwaysOn(), Resource.empty());
    for (int i = 0; i < 5000; i++) {
      t.tracer().spanBuilder("Get").startSpan().end();
    }
    await().atMost(Duration.ofSeconds(5)).until(() -> queue.exported() == 5000);
    assertThat(t.spansDropped().sum()).isZero();
    queue.close();
  }
}
