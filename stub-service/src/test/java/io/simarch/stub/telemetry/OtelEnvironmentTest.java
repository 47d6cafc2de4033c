package io.simarch.stub.telemetry;

import static org.assertj.core.api.Assertions.assertThat;

import io.opentelemetry.exporter.otlp.http.trace.OtlpHttpSpanExporter;
import io.opentelemetry.exporter.otlp.trace.OtlpGrpcSpanExporter;
import io.opentelemetry.exporter.zipkin.ZipkinSpanExporter;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import io.simarch.api.model.Tracing;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;

class OtelEnvironmentTest {
  private static SpanExporter exporter(Tracing tracing, Map<String, String> env) {
    return OtelEnvironment.of(tracing, env, new Properties()).spanExporter();
  }

  @Test
  void theStandardEnvironmentChoosesOtlpOverHttpOrGrpc() {
    SpanExporter http =
        exporter(null, Map.of("OTEL_EXPORTER_OTLP_ENDPOINT", "http://collector:4318"));
    assertThat(http).isInstanceOf(OtlpHttpSpanExporter.class);
    assertThat(http.toString()).contains("collector:4318/v1/traces");
    http.shutdown();

    SpanExporter grpc =
        exporter(
            null,
            Map.of(
                "OTEL_EXPORTER_OTLP_ENDPOINT",
                "http://collector:4317",
                "OTEL_EXPORTER_OTLP_PROTOCOL",
                "grpc"));
    assertThat(grpc).isInstanceOf(OtlpGrpcSpanExporter.class);
    grpc.shutdown();
  }

  @Test
  void theArchitectureTracingBlockIsTheDefaultAndTheEnvironmentWins() {
    var tracing = new Tracing(true, "http://from-spec:4317", "grpc", 0.5);
    assertThat(exporter(tracing, Map.of())).isInstanceOf(OtlpGrpcSpanExporter.class);
    assertThat(exporter(tracing, Map.of("OTEL_EXPORTER_OTLP_PROTOCOL", "http/protobuf")))
        .isInstanceOf(OtlpHttpSpanExporter.class);
    assertThat(
            OtelEnvironment.of(tracing, Map.of("OTEL_TRACES_SAMPLER_ARG", "0.1"), new Properties())
                .sampling(tracing))
        .isEqualTo(0.1);
  }

  @Test
  void protocolZipkinSendsToZipkinsSpanApiWithNoCollector() {
    SpanExporter zipkin =
        exporter(new Tracing(true, "http://zipkin:9411", Tracing.ZIPKIN, 1), Map.of());
    assertThat(zipkin).isInstanceOf(ZipkinSpanExporter.class);
    assertThat(zipkin.toString()).contains("http://zipkin:9411/api/v2/spans");
    zipkin.shutdown();
  }

  @Test
  void tracingIsOffUnlessAskedFor() {
    assertThat(exporter(null, Map.of())).isNull();
    assertThat(exporter(new Tracing(false, null, null, 1), Map.of())).isNull();
    assertThat(exporter(null, Map.of("OTEL_TRACES_EXPORTER", "none"))).isNull();
    assertThat(exporter(new Tracing(true, null, null, 1), Map.of("OTEL_SDK_DISABLED", "true")))
        .isNull();
  }

  @Test
  void resourceAttributesFromTheEnvironmentAreKept() {
    var env =
        OtelEnvironment.of(
            null,
            Map.of(
                "OTEL_RESOURCE_ATTRIBUTES", "k8s.pod.name=store-7f9c,deployment.environment=lab"),
            new Properties());
    assertThat(env.resource().getAttributes().asMap().toString())
        .contains("k8s.pod.name=store-7f9c", "deployment.environment=lab");
  }
}
