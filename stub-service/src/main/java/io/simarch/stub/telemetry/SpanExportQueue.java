package io.simarch.stub.telemetry;

import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.ReadableSpan;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one export pipeline behind every instance's tracer provider: a bounded queue that request
 * threads only ever {@code offer} to, and one thread that exports batches. This is the SDK's
 * BatchSpanProcessor shape (a batch is sent when it holds 1 024 spans or its first is 1 s old),
 * kept here because a thousand tracer providers (one per instance, each with its own resource) must
 * share one queue and one thread, and because each instance needs its own count of the spans it
 * lost when the queue was full.
 */
public final class SpanExportQueue implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(SpanExportQueue.class);
  public static final int DEFAULT_CAPACITY = 32_768;
  private static final int BATCH = 1024;
  // a pod at 200 requests/s sends one export a second instead of ten: each export is a request
  // through the exporter's HTTP client, a fixed cost (threads woken, headers, a round trip); at
  // 100 ms a chain's pods cost 27-28% more CPU per hop in two of three A/Bs of
  // operator/bench/pods.sh (the third even), on a node shared with other load
  private static final long DELAY_MS = 1000;
  private static final long EXPORT_TIMEOUT_S = 10;
  // batches on the wire at once: a slow collector round trip does not stall the queue
  private static final int MAX_IN_FLIGHT = 4;

  private final SpanExporter exporter;
  private final BlockingQueue<ReadableSpan> queue;
  private final Thread worker;
  private final AtomicLong exported = new AtomicLong();
  private final AtomicLong failed = new AtomicLong();
  private final AtomicLong dropped = new AtomicLong();
  private final Semaphore inFlight = new Semaphore(MAX_IN_FLIGHT);
  private volatile boolean closing;
  // guarded by this: the worker waits for spans or for a batch to fill (close() may interrupt it)
  private boolean waiting;

  public SpanExportQueue(SpanExporter exporter, int capacity) {
    this.exporter = exporter;
    this.queue = new ArrayBlockingQueue<>(capacity);
    this.worker = new Thread(this::run, "simarch-span-export");
    worker.setDaemon(true);
    worker.start();
  }

  /** Queues a span; false (and the span is lost) when the queue is full or closed. */
  public boolean offer(ReadableSpan span) {
    if (closing || !queue.offer(span)) {
      dropped.incrementAndGet();
      return false;
    }
    return true;
  }

  public long exported() {
    return exported.get();
  }

  public long failed() {
    return failed.get();
  }

  public long dropped() {
    return dropped.get();
  }

  public int queued() {
    return queue.size();
  }

  private void run() {
    var batch = new ArrayList<ReadableSpan>(BATCH);
    while (true) {
      if (startWaiting()) {
        try {
          // idle, the worker blocks without waking (a timed poll would cost CPU in every idle
          // pod); then it tops the batch up to BATCH spans or with what comes within DELAY_MS of
          // the first: sending each span as it comes would cost a request per span under load.
          // It sleeps out the delay rather than waiting on the queue, because a waiting worker is
          // woken by every span offered (a futex wake and a context switch per span, paid by the
          // request path).
          batch.add(queue.take());
          queue.drainTo(batch, BATCH - batch.size());
          if (batch.size() < BATCH) {
            TimeUnit.MILLISECONDS.sleep(DELAY_MS);
          }
        } catch (InterruptedException e) {
          // close() woke the worker: what it gathered goes out, then what is queued
        } finally {
          stopWaiting();
        }
      }
      queue.drainTo(batch, BATCH - batch.size());
      if (batch.isEmpty()) {
        return; // closing, and nothing is left
      }
      export(batch);
      batch.clear();
    }
  }

  /** False once closing: the worker then drains without waiting. */
  private synchronized boolean startWaiting() {
    if (closing) {
      return false;
    }
    waiting = true;
    return true;
  }

  private void stopWaiting() {
    synchronized (this) {
      waiting = false;
    }
    // close() interrupts only while the worker waits, so an interrupt it sent just as the wait
    // ended is cleared here, before a send: an exporter sending on this thread (Zipkin's and
    // OTLP's do, through OkHttp) fails a send its thread is interrupted in, and every send after
    Thread.interrupted();
  }

  private void export(List<ReadableSpan> spans) {
    var data = new ArrayList<SpanData>(spans.size());
    for (ReadableSpan s : spans) {
      data.add(s.toSpanData());
    }
    inFlight.acquireUninterruptibly();
    try {
      CompletableResultCode result = exporter.export(data);
      result.whenComplete(
          () -> {
            if (result.isSuccess()) {
              exported.addAndGet(data.size());
            } else {
              failed.addAndGet(data.size());
              LOG.debug("Failed to export spans count={}", data.size());
            }
            inFlight.release();
          });
    } catch (RuntimeException e) {
      inFlight.release();
      failed.addAndGet(data.size());
      LOG.warn("Failed to export spans count={} error={}", data.size(), e.toString());
    }
  }

  /** Exports what is queued (bounded by the worker's pace), then shuts the exporter down. */
  @Override
  public void close() {
    synchronized (this) {
      closing = true;
      if (waiting) {
        worker.interrupt(); // out of take() or the batch's delay; never out of a send
      }
    }
    try {
      worker.join(TimeUnit.SECONDS.toMillis(EXPORT_TIMEOUT_S));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    try {
      // the batches still on the wire
      if (inFlight.tryAcquire(MAX_IN_FLIGHT, EXPORT_TIMEOUT_S, TimeUnit.SECONDS)) {
        inFlight.release(MAX_IN_FLIGHT);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    exporter.shutdown().join(EXPORT_TIMEOUT_S, TimeUnit.SECONDS);
  }
}
