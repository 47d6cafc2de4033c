package io.simarch.cli.run;

import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.common.AttributesBuilder;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import io.simarch.api.model.ChaosEvents;
import io.simarch.api.model.Plan;
import java.util.concurrent.TimeUnit;

/**
 * The chaos monkey's spans in a local run: one span per kill from service {@code chaosmonkey}, into
 * the same exporter as the instances' spans. Kills are rare, so each is exported at once.
 */
final class ChaosTracer implements AutoCloseable {
  private final SdkTracerProvider provider;
  private final Tracer tracer;

  ChaosTracer(SpanExporter exporter, String arch) {
    Attributes resource =
        Attributes.builder()
            .put("service.name", ChaosEvents.SERVICE)
            .put("service.namespace", arch)
            .build();
    provider =
        SdkTracerProvider.builder()
            .setResource(Resource.getDefault().merge(Resource.create(resource)))
            // not the exporter's owner: the run shuts the exporter down after the instances
            .addSpanProcessor(SimpleSpanProcessor.create(new NoShutdown(exporter)))
            .build();
    tracer = provider.get("io.simarch.chaos");
  }

  void kill(Plan.Instance victim, String mode, boolean dryRun) {
    AttributesBuilder a = Attributes.builder();
    ChaosEvents.attributes(
            victim.service(), victim.id(), victim.region(), victim.zone(), mode, dryRun)
        .forEach(a::put);
    tracer
        .spanBuilder(ChaosEvents.spanName(mode))
        .setSpanKind(SpanKind.INTERNAL)
        .setAllAttributes(a.build())
        .startSpan()
        .end();
  }

  @Override
  public void close() {
    provider.forceFlush().join(5, TimeUnit.SECONDS);
    provider.shutdown().join(5, TimeUnit.SECONDS);
  }

  /** Passes everything through but shutdown. */
  private record NoShutdown(SpanExporter delegate) implements SpanExporter {
    @Override
    public io.opentelemetry.sdk.common.CompletableResultCode export(
        java.util.Collection<io.opentelemetry.sdk.trace.data.SpanData> spans) {
      return delegate.export(spans);
    }

    @Override
    public io.opentelemetry.sdk.common.CompletableResultCode flush() {
      return delegate.flush();
    }

    @Override
    public io.opentelemetry.sdk.common.CompletableResultCode shutdown() {
      return io.opentelemetry.sdk.common.CompletableResultCode.ofSuccess();
    }
  }
}
