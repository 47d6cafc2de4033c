package io.simarch.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;

/** OpenTelemetry trace export; becomes the stubs' {@code OTEL_*} settings. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class TracingSpec {
  @JsonPropertyDescription("Whether instances export spans. Default true when an endpoint is set.")
  private Boolean enabled;

  @JsonPropertyDescription(
      "Where spans go: the OTLP endpoint (OTEL_EXPORTER_OTLP_ENDPOINT), e.g."
          + " http://jaeger-collector:4318; with protocol zipkin, Zipkin's base URL, e.g."
          + " http://zipkin:9411.")
  @Pattern(Patterns.HTTP_URL)
  private String endpoint;

  @JsonPropertyDescription(
      "http/protobuf (default) or grpc: OTLP; zipkin: Zipkin's v2 JSON API, straight to a Zipkin"
          + " with no collector in front (the OpenTelemetry SDK's Zipkin exporter).")
  @Pattern(Patterns.OTLP_PROTOCOL)
  private String protocol;

  @JsonPropertyDescription("Fraction of root traces sampled, parent-based. Default 1.")
  @Min(0)
  @Max(1)
  private Double sampling;

  public Boolean getEnabled() {
    return enabled;
  }

  public void setEnabled(Boolean enabled) {
    this.enabled = enabled;
  }

  public String getEndpoint() {
    return endpoint;
  }

  public void setEndpoint(String endpoint) {
    this.endpoint = endpoint;
  }

  public String getProtocol() {
    return protocol;
  }

  public void setProtocol(String protocol) {
    this.protocol = protocol;
  }

  public Double getSampling() {
    return sampling;
  }

  public void setSampling(Double sampling) {
    this.sampling = sampling;
  }
}
