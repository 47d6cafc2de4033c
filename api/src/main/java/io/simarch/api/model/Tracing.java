package io.simarch.api.model;

import java.util.LinkedHashMap;
import java.util.Map;

/** Resolved trace export settings; {@code endpoint} may be null (then OTEL_* env decides). */
public record Tracing(boolean enabled, String endpoint, String protocol, double sampling) {
  /** The protocol that sends to Zipkin's API rather than OTLP. */
  public static final String ZIPKIN = "zipkin";

  /** Zipkin's span upload URL from its base URL; a full upload URL is kept. */
  public static String zipkinSpans(String base) {
    return base.endsWith("/api/v2/spans") ? base : base.replaceAll("/+$", "") + "/api/v2/spans";
  }

  /**
   * OTLP/HTTP's trace upload URL from a base URL, the stubs' convention
   * (OTEL_EXPORTER_OTLP_ENDPOINT: HTTP adds the path); a full upload URL is kept.
   */
  public static String otlpTraces(String base) {
    String b = base.replaceAll("/+$", "");
    return b.endsWith("/v1/traces") ? b : b + "/v1/traces";
  }

  /**
   * The OpenTelemetry SDK settings, as environment variables, that choose the exporter: what the
   * operator puts in a stub's container and what a stub reads from its config. The sampler is not
   * among them.
   */
  public Map<String, String> exporterEnv() {
    var env = new LinkedHashMap<String, String>();
    if (!enabled) {
      env.put("OTEL_TRACES_EXPORTER", "none");
      return env;
    }
    boolean withEndpoint = endpoint != null && !endpoint.isBlank();
    if (ZIPKIN.equals(protocol)) {
      env.put("OTEL_TRACES_EXPORTER", "zipkin");
      if (withEndpoint) {
        env.put("OTEL_EXPORTER_ZIPKIN_ENDPOINT", zipkinSpans(endpoint));
      }
      return env;
    }
    env.put("OTEL_TRACES_EXPORTER", "otlp");
    if (withEndpoint) {
      env.put("OTEL_EXPORTER_OTLP_ENDPOINT", endpoint);
    }
    if (protocol != null) {
      env.put("OTEL_EXPORTER_OTLP_PROTOCOL", protocol);
    }
    return env;
  }
}
