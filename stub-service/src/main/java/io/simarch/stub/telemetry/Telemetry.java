package io.simarch.stub.telemetry;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.api.trace.TracerProvider;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.TextMapPropagator;
import io.opentelemetry.extension.trace.propagation.B3Propagator;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.trace.ReadWriteSpan;
import io.opentelemetry.sdk.trace.ReadableSpan;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.SpanProcessor;
import io.opentelemetry.sdk.trace.samplers.Sampler;
import io.simarch.api.model.StubConfig;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

/** One instance's tracer: its own resource, the shared export queue, its own drop count. */
public final class Telemetry implements AutoCloseable {
  /**
   * W3C trace context and B3 are both read and both written, so a chain can sit behind a mesh or a
   * Zipkin-instrumented client. On extraction the last propagator that finds headers wins.
   */
  public static final TextMapPropagator PROPAGATOR =
      TextMapPropagator.composite(
          W3CTraceContextPropagator.getInstance(), B3Propagator.injectingMultiHeaders());

  public static final AttributeKey<String> PACKAGE = AttributeKey.stringKey("simarch.package");

  private final SdkTracerProvider provider;
  private final Tracer tracer;
  private final LongAdder spansDropped;

  private Telemetry(SdkTracerProvider provider, LongAdder spansDropped) {
    this.provider = provider;
    this.spansDropped = spansDropped;
    this.tracer =
        provider == null
            ? TracerProvider.noop().get("simarch-stub")
            : provider.get("io.simarch.stub");
  }

  /** No tracing: spans are never recorded, headers are still propagated. */
  public static Telemetry disabled() {
    return new Telemetry(null, new LongAdder());
  }

  /**
   * Traces for one instance into {@code queue}.
   *
   * @param base resource attributes from the environment (pods), or {@link Resource#empty()}
   */
  public static Telemetry of(
      StubConfig config, SpanExportQueue queue, Sampler sampler, Resource base) {
    Resource resource =
        Resource.getDefault()
            .merge(base)
            .merge(
                Resource.create(
                    Attributes.builder()
                        .put("service.name", config.service())
                        .put("service.namespace", config.architecture())
                        .put("service.instance.id", config.instance())
                        .put("cloud.region", config.region())
                        .put("cloud.availability_zone", config.zone())
                        .put(PACKAGE, config.packageName())
                        .build()));
    var dropped = new LongAdder();
    SdkTracerProvider provider =
        SdkTracerProvider.builder()
            .setResource(resource)
            .setSampler(sampler)
            .addSpanProcessor(new QueueProcessor(queue, dropped))
            .build();
    return new Telemetry(provider, dropped);
  }

  public Tracer tracer() {
    return tracer;
  }

  public LongAdder spansDropped() {
    return spansDropped;
  }

  public boolean enabled() {
    return provider != null;
  }

  @Override
  public void close() {
    if (provider != null) {
      provider.shutdown().join(1, TimeUnit.SECONDS);
    }
  }

  /** Hands ended, sampled spans to the shared queue; counts the ones it refused. */
  private static final class QueueProcessor implements SpanProcessor {
    private final SpanExportQueue queue;
    private final LongAdder dropped;

    QueueProcessor(SpanExportQueue queue, LongAdder dropped) {
      this.queue = queue;
      this.dropped = dropped;
    }

    @Override
    public void onStart(Context parentContext, ReadWriteSpan span) {}

    @Override
    public boolean isStartRequired() {
      return false;
    }

    @Override
    public void onEnd(ReadableSpan span) {
      if (span.getSpanContext().isSampled() && !queue.offer(span)) {
        dropped.increment();
      }
    }

    @Override
    public boolean isEndRequired() {
      return true;
    }

    // the queue belongs to the host and outlives this instance
    @Override
    public CompletableResultCode shutdown() {
      return CompletableResultCode.ofSuccess();
    }

    @Override
    public CompletableResultCode forceFlush() {
      return CompletableResultCode.ofSuccess();
    }
  }
}
