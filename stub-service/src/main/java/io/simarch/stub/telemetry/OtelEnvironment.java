package io.simarch.stub.telemetry;

import io.opentelemetry.sdk.autoconfigure.ResourceConfiguration;
import io.opentelemetry.sdk.autoconfigure.spi.ConfigProperties;
import io.opentelemetry.sdk.autoconfigure.spi.internal.DefaultConfigProperties;
import io.opentelemetry.sdk.autoconfigure.spi.traces.ConfigurableSpanExporterProvider;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import io.simarch.api.model.Tracing;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.ServiceLoader;

/**
 * Reads the standard {@code OTEL_*} settings the way the SDK's autoconfiguration does (system
 * properties over environment over the architecture's tracing block), but builds only the span
 * exporter and the resource: the export queue and the per-instance tracer providers are ours.
 */
public final class OtelEnvironment {
  private final ConfigProperties config;
  private final boolean enabled;

  private OtelEnvironment(ConfigProperties config, boolean enabled) {
    this.config = config;
    this.enabled = enabled;
  }

  /**
   * @param tracing the architecture's tracing block, or null
   */
  public static OtelEnvironment of(Tracing tracing, Map<String, String> env, Properties system) {
    var merged = new HashMap<String, String>();
    // the specification's default; the Java SDK's autoconfiguration still defaults to grpc
    merged.put("otel.exporter.otlp.protocol", "http/protobuf");
    if (tracing != null && tracing.enabled()) {
      tracing.exporterEnv().forEach((k, v) -> merged.put(property(k), v));
    }
    env.forEach(
        (k, v) -> {
          if (k.startsWith("OTEL_")) {
            merged.put(property(k), v);
          }
        });
    system.stringPropertyNames().stream()
        .filter(k -> k.startsWith("otel."))
        .forEach(k -> merged.put(k, system.getProperty(k)));
    // tracing is on when the architecture asks for it or the pod's environment configures it
    boolean enabled =
        (tracing != null && tracing.enabled())
            || merged.containsKey("otel.traces.exporter")
            || merged.containsKey("otel.exporter.otlp.endpoint")
            || merged.containsKey("otel.exporter.otlp.traces.endpoint");
    if ("true".equalsIgnoreCase(merged.get("otel.sdk.disabled"))) {
      enabled = false;
    }
    return new OtelEnvironment(DefaultConfigProperties.createFromMap(merged), enabled);
  }

  /**
   * {@code OTEL_EXPORTER_OTLP_ENDPOINT} as the SDK's property {@code otel.exporter.otlp.endpoint}.
   */
  private static String property(String envName) {
    return envName.toLowerCase(Locale.ROOT).replace('_', '.');
  }

  /** The configured exporter, or null when tracing is off or the exporter is {@code none}. */
  public SpanExporter spanExporter() {
    if (!enabled) {
      return null;
    }
    String name = config.getString("otel.traces.exporter", "otlp").split(",")[0].trim();
    if (name.equals("none")) {
      return null;
    }
    for (ConfigurableSpanExporterProvider p :
        ServiceLoader.load(ConfigurableSpanExporterProvider.class)) {
      if (p.getName().equals(name)) {
        return p.createExporter(config);
      }
    }
    throw new IllegalArgumentException(
        "OTEL_TRACES_EXPORTER: unknown exporter '" + name + "'; this image has otlp and zipkin");
  }

  /** Resource attributes from {@code OTEL_RESOURCE_ATTRIBUTES} and {@code OTEL_SERVICE_NAME}. */
  public Resource resource() {
    return ResourceConfiguration.createEnvironmentResource(config);
  }

  /** The sampling ratio: {@code OTEL_TRACES_SAMPLER_ARG} if set, else the architecture's. */
  public double sampling(Tracing tracing) {
    double fallback = tracing == null ? 1.0 : tracing.sampling();
    return config.getDouble("otel.traces.sampler.arg", fallback);
  }
}
