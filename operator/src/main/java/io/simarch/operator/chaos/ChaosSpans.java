package io.simarch.operator.chaos;

import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.exporter.otlp.http.trace.OtlpHttpSpanExporter;
import io.opentelemetry.exporter.otlp.trace.OtlpGrpcSpanExporter;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import io.simarch.api.model.ChaosEvents;
import io.simarch.api.model.Tracing;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * The chaos monkey's spans: one per pod killed, from service {@code chaosmonkey}, exported to the
 * architecture's own trace endpoint so a backend shows the kill on the same timeline as the
 * requests it hurt. One tracer provider per architecture, for its current endpoint (a new endpoint
 * replaces it); the reconciler drops those of deleted architectures ({@link #retainOnly}), so the
 * map stays as large as the architectures that exist. Kills are rare, so each span is exported as
 * it ends.
 */
public final class ChaosSpans implements AutoCloseable {
  private final Map<Owner, Exporting> providers = new ConcurrentHashMap<>();

  /** An architecture, as the map's key. */
  private record Owner(String namespace, String architecture) {}

  private record Key(String endpoint, String protocol, String namespace, String architecture) {}

  private record Exporting(Key key, SdkTracerProvider provider) {}

  /** A started span; {@link #end} it once the kill is done (or failed). */
  public interface KillSpan {
    void end(String error);
  }

  private static final KillSpan NONE = error -> {};

  /**
   * Starts the span of one kill; a no-op when the architecture exports no traces.
   *
   * @param tracing the architecture's resolved trace settings (operator default included)
   */
  public KillSpan start(
      Tracing tracing,
      String namespace,
      String architecture,
      String pod,
      Map<String, String> attributes,
      String mode) {
    if (!tracing.enabled() || tracing.endpoint() == null || tracing.endpoint().isBlank()) {
      return NONE;
    }
    var key = new Key(tracing.endpoint(), tracing.protocol(), namespace, architecture);
    var b = Attributes.builder();
    attributes.forEach(b::put);
    b.put(AttributeKey.stringKey("k8s.pod.name"), pod);
    b.put(AttributeKey.stringKey("k8s.namespace.name"), namespace);
    Span span =
        providers
            .compute(
                new Owner(namespace, architecture),
                (owner, old) -> {
                  if (old != null && old.key().equals(key)) {
                    return old;
                  }
                  if (old != null) {
                    // the architecture's trace endpoint changed: the old exporter sends what is
                    // pending and goes
                    old.provider().shutdown();
                  }
                  return new Exporting(key, provider(key));
                })
            .provider()
            .get("io.simarch.operator.chaos")
            .spanBuilder(ChaosEvents.spanName(mode))
            .setSpanKind(SpanKind.INTERNAL)
            .setAllAttributes(b.build())
            .startSpan();
    return error -> {
      if (error != null) {
        span.setStatus(StatusCode.ERROR, error);
      }
      span.end();
    };
  }

  private static SdkTracerProvider provider(Key key) {
    Attributes resource =
        Attributes.builder()
            .put("service.name", ChaosEvents.SERVICE)
            .put("service.namespace", key.architecture())
            .put("k8s.namespace.name", key.namespace())
            .build();
    return SdkTracerProvider.builder()
        .setResource(Resource.getDefault().merge(Resource.create(resource)))
        .addSpanProcessor(SimpleSpanProcessor.create(exporter(key)))
        .build();
  }

  /** The stubs' convention (OTEL_EXPORTER_OTLP_ENDPOINT): a base URL; HTTP adds the path. */
  static SpanExporter exporter(Key key) {
    String base = key.endpoint().replaceAll("/+$", "");
    if ("grpc".equals(key.protocol())) {
      return OtlpGrpcSpanExporter.builder().setEndpoint(base).build();
    }
    return OtlpHttpSpanExporter.builder().setEndpoint(Tracing.otlpTraces(base)).build();
  }

  /**
   * Shuts down (sending what is pending) and forgets the providers of architectures that no longer
   * exist.
   *
   * @param live the architectures that exist, as (namespace, name)
   * @return how many were dropped
   */
  public int retainOnly(Collection<ResourceID> live) {
    var keep = new HashSet<Owner>();
    live.forEach(id -> keep.add(new Owner(id.getNamespace().orElse(null), id.getName())));
    int dropped = 0;
    for (var owner : List.copyOf(providers.keySet())) {
      if (!keep.contains(owner)) {
        var gone = providers.remove(owner);
        if (gone != null) {
          gone.provider().shutdown();
          dropped++;
        }
      }
    }
    return dropped;
  }

  /** The architectures holding a tracer provider, as "namespace/name". */
  public Set<String> architectures() {
    var out = new TreeSet<String>();
    providers.keySet().forEach(o -> out.add(o.namespace() + "/" + o.architecture()));
    return out;
  }

  /** Sends what is pending; tests and shutdown call it. */
  public void flush() {
    providers.values().forEach(p -> p.provider().forceFlush().join(5, TimeUnit.SECONDS));
  }

  @Override
  public void close() {
    providers.values().forEach(p -> p.provider().shutdown().join(5, TimeUnit.SECONDS));
    providers.clear();
  }
}
