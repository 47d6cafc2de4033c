package io.simarch.stub.role;

import static io.simarch.stub.telemetry.SpanAttributes.MESSAGING_BATCH_MESSAGE_COUNT;
import static io.simarch.stub.telemetry.SpanAttributes.MESSAGING_DESTINATION_NAME;
import static io.simarch.stub.telemetry.SpanAttributes.MESSAGING_OPERATION_TYPE;
import static io.simarch.stub.telemetry.SpanAttributes.MESSAGING_SYSTEM;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanBuilder;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.simarch.api.model.Faas;
import io.simarch.stub.call.CallContext;
import io.simarch.stub.call.Dependencies;
import io.simarch.stub.call.DependencyCaller;
import io.simarch.stub.core.Op;
import io.simarch.stub.core.Reply;
import io.simarch.stub.core.Request;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * kinesis: a Put is stored (a Get reads the last value of a key) and appended for every consumer
 * (every dependency); each batch window, each consumer is invoked once with up to a batch of
 * records, asynchronously. The producer's trace ends at the Put; the batch starts a trace of its
 * own, whose CONSUMER span links to each record's Put span, as OpenTelemetry's messaging
 * conventions do for batch receives.
 */
final class StreamRole implements Role {
  static final String SYSTEM = "aws_kinesis";
  private static final Logger LOG = LoggerFactory.getLogger(StreamRole.class);

  private record StreamRecord(String key, byte[] value, SpanContext producer) {}

  private final String service;
  private final Role store;
  private final Dependencies dependencies;
  private final int batchSize;
  private final Tracer tracer;
  private final List<ConcurrentLinkedQueue<StreamRecord>> pending = new ArrayList<>();
  private final ScheduledFuture<?> deliveries;

  StreamRole(
      String service,
      Role store,
      Dependencies dependencies,
      Faas.Stream settings,
      Tracer tracer,
      ScheduledExecutorService scheduler) {
    this.service = service;
    this.store = store;
    this.dependencies = dependencies;
    this.batchSize = settings.batchSize();
    this.tracer = tracer;
    for (int i = 0; i < dependencies.forwarding().size(); i++) {
      pending.add(new ConcurrentLinkedQueue<>());
    }
    this.deliveries =
        pending.isEmpty()
            ? null
            : scheduler.scheduleWithFixedDelay(
                this::deliver,
                settings.batchWindowMs(),
                settings.batchWindowMs(),
                TimeUnit.MILLISECONDS);
  }

  @Override
  public CompletableFuture<Reply> handle(Request request, CallContext ctx) {
    if (request.op() == Op.PUT) {
      var r =
          new StreamRecord(
              request.key(), request.value(), Span.fromContext(ctx.parent()).getSpanContext());
      pending.forEach(q -> q.add(r));
    }
    return store.handle(request, ctx);
  }

  /** One invocation of each consumer that has records waiting. */
  void deliver() {
    try {
      deliverBatches();
    } catch (RuntimeException e) {
      // a periodic task that throws is never run again: log, and deliver the next window
      LOG.warn("Failed to deliver stream={} error={}", service, e.toString());
    }
  }

  private void deliverBatches() {
    List<DependencyCaller> consumers = dependencies.forwarding();
    for (int i = 0; i < consumers.size(); i++) {
      var batch = new ArrayList<StreamRecord>();
      for (StreamRecord r; batch.size() < batchSize && (r = pending.get(i).poll()) != null; ) {
        batch.add(r);
      }
      if (!batch.isEmpty()) {
        invoke(consumers.get(i), batch);
      }
    }
  }

  private void invoke(DependencyCaller consumer, List<StreamRecord> batch) {
    SpanBuilder b =
        tracer
            .spanBuilder("process " + service)
            .setNoParent()
            .setSpanKind(SpanKind.CONSUMER)
            .setAttribute(MESSAGING_SYSTEM, SYSTEM)
            .setAttribute(MESSAGING_OPERATION_TYPE, "process")
            .setAttribute(MESSAGING_DESTINATION_NAME, service)
            .setAttribute(MESSAGING_BATCH_MESSAGE_COUNT, (long) batch.size());
    for (StreamRecord r : batch) {
      if (r.producer().isValid()) {
        b.addLink(r.producer());
      }
    }
    Span span = b.startSpan();
    StreamRecord first = batch.get(0);
    dependencies
        .anyOf(
            List.of(consumer),
            Request.put(first.key(), first.value()).asBatch(),
            CallContext.of(Context.root().with(span)))
        .whenComplete(
            (reply, error) -> {
              if (error != null || reply.status() >= 500) {
                span.setStatus(StatusCode.ERROR);
              }
              span.end();
            });
  }

  @Override
  public void close() {
    if (deliveries != null) {
      deliveries.cancel(false);
    }
  }
}
