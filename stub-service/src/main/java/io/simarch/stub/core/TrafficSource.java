package io.simarch.stub.core;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.simarch.api.model.Traffic;
import io.simarch.stub.call.CallContext;
import io.simarch.stub.call.Dependencies;
import io.simarch.stub.role.KvStore;
import io.simarch.stub.telemetry.NodeMetrics;
import io.simarch.stub.telemetry.SpanAttributes;
import io.simarch.stub.truth.RootTruth;
import io.simarch.stub.truth.SpanTally;
import io.simarch.stub.truth.TruthSink;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Random;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReferenceArray;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The denominator's traffic: every tick (spigo's default 10 ms) one request to one random instance
 * of its dependencies, in spigo's mix of a Get of the preloaded key, a Get of a key put earlier and
 * a Put of a new key, each the root of a trace. Round trips are measured. A tick is skipped (and
 * counted) when maxInFlight requests are outstanding, so a stalled architecture cannot pile up
 * unbounded work.
 */
public final class TrafficSource {
  private static final Logger LOG = LoggerFactory.getLogger(TrafficSource.class);
  private static final int RECENT = 1024;

  private final String instance;
  private final String service;
  private final Traffic traffic;
  private final Dependencies dependencies;
  private final Tracer tracer;
  private final NodeMetrics metrics;
  private final Random random;
  private final ScheduledExecutorService scheduler;
  private final AtomicInteger inFlight = new AtomicInteger();
  private final AtomicLong written = new AtomicLong();
  private final AtomicReferenceArray<String> recent = new AtomicReferenceArray<>(RECENT);
  private final AtomicLong recentCount = new AtomicLong();
  private ScheduledFuture<?> ticker;
  private ScheduledFuture<?> stopper;
  private volatile TruthSink truth;
  // set by start() before the ticker's first tick; the ticker runs on one event loop
  private volatile TrafficRamp ramp = new TrafficRamp(0);
  private volatile long startedNanos;

  TrafficSource(
      String instance,
      String service,
      Traffic traffic,
      Dependencies dependencies,
      Tracer tracer,
      NodeMetrics metrics,
      Random random,
      ScheduledExecutorService scheduler) {
    this.instance = instance;
    this.service = service;
    this.traffic = traffic;
    this.dependencies = dependencies;
    this.tracer = tracer;
    this.metrics = metrics;
    this.random = random;
    this.scheduler = scheduler;
    metrics.trafficInFlight(inFlight::get);
  }

  public synchronized void start() {
    start(0);
  }

  /**
   * Starts sending, the rate ramping up linearly from nothing to the full rate over {@code rampMs}
   * (0: at once), so that cold code and empty connection pools see a trickle first instead of the
   * full rate timing out behind them.
   */
  public synchronized void start(long rampMs) {
    if (ticker != null) {
      return;
    }
    this.ramp = new TrafficRamp(rampMs);
    this.startedNanos = System.nanoTime();
    ticker =
        scheduler.scheduleAtFixedRate(
            this::tick, 0, traffic.intervalMicros(), TimeUnit.MICROSECONDS);
    if (traffic.durationMs() > 0) {
      stopper = scheduler.schedule(this::stop, traffic.durationMs(), TimeUnit.MILLISECONDS);
    }
    LOG.info(
        "Started traffic instance={} intervalMicros={} durationMs={} rampMs={}",
        instance,
        traffic.intervalMicros(),
        traffic.durationMs(),
        rampMs);
  }

  public synchronized void stop() {
    if (ticker == null) {
      return;
    }
    ticker.cancel(false);
    ticker = null;
    if (stopper != null) {
      stopper.cancel(false);
      stopper = null;
    }
    LOG.info(
        "Stopped traffic instance={} requests={} errors={}",
        instance,
        metrics.trafficRequests(),
        metrics.trafficErrors());
  }

  public synchronized boolean running() {
    return ticker != null;
  }

  /** Where each root request's truth goes from now on; null for nowhere. */
  public void truth(TruthSink sink) {
    this.truth = sink;
  }

  public int inFlight() {
    return inFlight.get();
  }

  void tick() {
    if (!ramp.sends(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startedNanos))) {
      return; // a tick the ramp leaves out, not a skipped one
    }
    if (inFlight.get() >= traffic.maxInFlight()) {
      metrics.trafficSkipped();
      return;
    }
    Request request = next();
    Span root =
        tracer
            .spanBuilder(request.op().spanName())
            .setNoParent()
            .setSpanKind(SpanKind.INTERNAL)
            .setAttribute(SpanAttributes.OP, request.op().spanName())
            .setAttribute(SpanAttributes.KEY, request.key())
            .startSpan();
    inFlight.incrementAndGet();
    long t0 = System.nanoTime();
    TruthSink sink = truth;
    SpanTally tally = sink == null ? null : new SpanTally(service);
    long startMicros = sink == null ? 0 : epochMicros(Instant.now());
    dependencies
        .forward(
            request, new CallContext(Context.root().with(root), CallContext.NO_DEADLINE, tally))
        .whenComplete(
            (reply, error) -> {
              inFlight.decrementAndGet();
              boolean failed = error != null || !reply.isSuccess();
              metrics.roundTrip(System.nanoTime() - t0, failed ? failure(reply, error) : null);
              if (failed) {
                root.setStatus(
                    StatusCode.ERROR,
                    error != null ? error.toString() : String.valueOf(reply.outcome()));
              } else if (request.op() == Op.PUT) {
                remember(request.key());
              }
              if (reply != null) {
                root.setAttribute(SpanAttributes.HTTP_STATUS, (long) reply.status());
              }
              root.end();
              if (sink != null) {
                tally.ownSpan(failed);
                SpanContext sc = root.getSpanContext();
                sink.record(
                    new RootTruth(
                        sc.isValid() ? sc.getTraceId() : null,
                        sc.isSampled(),
                        request.op().name(),
                        startMicros,
                        startMicros + (System.nanoTime() - t0) / 1000,
                        reply == null ? 0 : reply.status(),
                        failed,
                        tally.seal()));
              }
            });
  }

  /**
   * Why a root request failed, for the error breakdown: the outcome its reply carries (a {@link
   * io.simarch.stub.call.DependencyCaller} failure, so one of a few), else {@code error}.
   */
  static String failure(Reply reply, Throwable error) {
    return error != null || reply == null || reply.outcome() == null
        ? Outcome.ERROR.label()
        : reply.outcome();
  }

  private static long epochMicros(Instant t) {
    return t.getEpochSecond() * 1_000_000 + t.getNano() / 1_000;
  }

  /** spigo's mix, weighted by the configured shares. */
  Request next() {
    int total = traffic.getKnown() + traffic.getRecent() + traffic.put();
    int pick = random.nextInt(total);
    if (pick < traffic.getKnown()) {
      return Request.get(KvStore.KNOWN_KEY);
    }
    if (pick < traffic.getKnown() + traffic.getRecent()) {
      long n = Math.min(recentCount.get(), RECENT);
      if (n == 0) {
        return Request.get(KvStore.KNOWN_KEY);
      }
      return Request.get(recent.get(random.nextInt((int) n)));
    }
    long w = written.incrementAndGet();
    String key = "Why" + w + (w * w) + " me";
    return Request.put(key, ("because " + w).getBytes(StandardCharsets.UTF_8));
  }

  private void remember(String key) {
    long i = recentCount.getAndIncrement();
    recent.set((int) (i % RECENT), key);
  }
}
