package io.simarch.stub.role;

import static io.simarch.stub.telemetry.SpanAttributes.CLOUD_PLATFORM;
import static io.simarch.stub.telemetry.SpanAttributes.CLOUD_PROVIDER;
import static io.simarch.stub.telemetry.SpanAttributes.CLOUD_REGION;
import static io.simarch.stub.telemetry.SpanAttributes.FAAS_BILLED_MS;
import static io.simarch.stub.telemetry.SpanAttributes.FAAS_COLDSTART;
import static io.simarch.stub.telemetry.SpanAttributes.FAAS_COST_USD;
import static io.simarch.stub.telemetry.SpanAttributes.FAAS_GB_SECONDS;
import static io.simarch.stub.telemetry.SpanAttributes.FAAS_INVOCATION_ID;
import static io.simarch.stub.telemetry.SpanAttributes.FAAS_MAX_MEMORY;
import static io.simarch.stub.telemetry.SpanAttributes.FAAS_TRIGGER;

import io.opentelemetry.api.trace.Span;
import io.simarch.api.model.Faas;
import io.simarch.stub.call.CallContext;
import io.simarch.stub.core.LatencyDistribution;
import io.simarch.stub.core.Reply;
import io.simarch.stub.core.Request;
import io.simarch.stub.telemetry.NodeMetrics;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.function.LongSupplier;

/**
 * lambda: an invocation takes an execution environment from the instance's {@link FunctionPool}
 * (429 when the concurrency limit is reached), waits out a cold start when it had to start one,
 * then does a proxy's work and its service time; the whole is billed. Its SERVER span carries
 * OpenTelemetry's FaaS and cloud attributes and the bill.
 */
final class FunctionRole implements Role {
  static final String PROVIDER = "aws";
  static final String PLATFORM = "aws_lambda";
  static final String TRIGGER_HTTP = "http";
  static final String TRIGGER_PUBSUB = "pubsub";

  private final String instance;
  private final String region;
  private final Role work;
  private final FunctionPool pool;
  private final LatencyDistribution coldStart;
  private final Billing billing;
  private final NodeMetrics metrics;
  private final NodeMetrics.Function functionMetrics;
  private final Random random;
  private final LongSupplier clock;

  FunctionRole(
      String instance,
      String region,
      Role work,
      Faas.Function settings,
      NodeMetrics metrics,
      Random random,
      LongSupplier clock) {
    this.instance = instance;
    this.region = region;
    this.work = work;
    this.pool =
        new FunctionPool(settings.concurrency(), settings.idleTimeoutMs() * 1_000_000L, clock);
    this.coldStart = new LatencyDistribution(settings.coldStart(), random);
    this.billing = Billing.of(settings);
    this.metrics = metrics;
    this.functionMetrics = metrics.function();
    functionMetrics.environments(pool::busy, pool::idle);
    this.random = random;
    this.clock = clock;
  }

  @Override
  public CompletableFuture<Reply> handle(Request request, CallContext ctx) {
    return work.handle(request, ctx);
  }

  @Override
  public CompletableFuture<Reply> serve(Request request, CallContext ctx, Pacing pacing) {
    Span span = Span.fromContext(ctx.parent());
    span.setAttribute(FAAS_TRIGGER, request.batch() ? TRIGGER_PUBSUB : TRIGGER_HTTP)
        .setAttribute(FAAS_MAX_MEMORY, billing.maxMemoryBytes())
        .setAttribute(CLOUD_PROVIDER, PROVIDER)
        .setAttribute(CLOUD_PLATFORM, PLATFORM)
        .setAttribute(CLOUD_REGION, region);
    FunctionPool.Start start = pool.acquire();
    if (start == FunctionPool.Start.THROTTLED) {
      return CompletableFuture.completedFuture(Roles.throttled(instance, span, metrics));
    }
    long t0 = clock.getAsLong();
    boolean cold = start == FunctionPool.Start.COLD;
    span.setAttribute(FAAS_COLDSTART, cold)
        .setAttribute(
            FAAS_INVOCATION_ID, new UUID(random.nextLong(), random.nextLong()).toString());
    CompletableFuture<Void> ready =
        cold
            ? pacing.after((long) (coldStart.sampleMillis() * 1e6))
            : CompletableFuture.completedFuture(null);
    return ready
        .thenCompose(v -> pacing.withServiceTime(handle(request, ctx)))
        .whenComplete(
            (reply, error) -> {
              pool.release();
              Billing.Bill bill = billing.bill(clock.getAsLong() - t0);
              functionMetrics.invoked(cold, bill.billedMs(), bill.gbSeconds(), bill.costUsd());
              span.setAttribute(FAAS_BILLED_MS, bill.billedMs())
                  .setAttribute(FAAS_GB_SECONDS, bill.gbSeconds())
                  .setAttribute(FAAS_COST_USD, bill.costUsd());
            });
  }
}
