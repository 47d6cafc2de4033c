package io.simarch.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.opentelemetry.proto.trace.v1.Span.SpanKind;
import io.simarch.api.model.ArchitectureFiles;
import io.simarch.api.model.PackageRole;
import io.simarch.cli.run.LocalRun;
import io.simarch.cli.run.PortRange;
import io.simarch.cli.run.RunLog;
import io.simarch.cli.run.ServiceSummary;
import io.simarch.testkit.OtlpReceiver;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * examples/serverless.yaml as {@code simarch run} runs it: its functions, gateway, tables, object
 * store and stream on loopback, their traces into a real OTLP receiver.
 */
class ServerlessRunIT {
  @Test
  void theServerlessExampleRunsAndItsTracesCarryTheFaasAttributesAndTheStreamsLinks()
      throws Exception {
    var arch =
        ArchitectureFiles.load(SimarchCliTest.repo().resolve("examples/serverless.yaml"))
            .resource();
    try (var receiver = new OtlpReceiver()) {
      var options =
          new LocalRun.Options(
              Duration.ofSeconds(6),
              7L,
              receiver.base(),
              null,
              null,
              null,
              null,
              PortRange.ephemeral(),
              null,
              Duration.ofSeconds(2));
      var result =
          new LocalRun(arch, options, new RunLog(new PrintStream(OutputStream.nullOutputStream())))
              .run();

      // every service but the root serves, and every function is invoked and billed
      assertThat(result.services())
          .filteredOn(s -> !s.service().equals(result.plan().root()))
          .allSatisfy(s -> assertThat(s.requests()).as(s.service()).isPositive());
      List<ServiceSummary> functions =
          result.services().stream().filter(s -> PackageRole.LAMBDA.is(s.packageName())).toList();
      assertThat(functions).hasSize(4);
      assertThat(functions)
          .allSatisfy(
              f -> {
                assertThat(f.serverless().invocations()).as(f.service()).isPositive();
                assertThat(f.serverless().gbSeconds()).as(f.service()).isPositive();
                assertThat(f.serverless().costUsd()).as(f.service()).isPositive();
              });
      // its environment expires between batches: the stream's consumer starts cold
      assertThat(
              functions.stream()
                  .filter(f -> f.service().equals("historyWriter"))
                  .findFirst()
                  .orElseThrow()
                  .serverless()
                  .coldStarts())
          .isPositive();

      var table = new ByteArrayOutputStream();
      ServiceSummary.printServerless(
          result.services(), new PrintStream(table, true, StandardCharsets.UTF_8));
      assertThat(table.toString(StandardCharsets.UTF_8))
          .contains("INVOCATIONS", "COLD", "THROTTLED", "P99MS^", "GB-S", "COST-USD")
          .containsPattern("(?m)^homepage +lambda +[1-9][0-9]* ");

      await()
          .atMost(Duration.ofSeconds(30))
          .untilAsserted(
              () ->
                  assertThat(
                          receiver.spans().stream()
                              .filter(s -> s.kind() == SpanKind.SPAN_KIND_CONSUMER))
                      .isNotEmpty());
      var spans = receiver.spans();
      Set<String> functionNames =
          functions.stream().map(ServiceSummary::service).collect(Collectors.toSet());
      var invocations =
          spans.stream()
              .filter(
                  s -> functionNames.contains(s.service()) && s.kind() == SpanKind.SPAN_KIND_SERVER)
              .toList();
      assertThat(invocations.stream().map(OtlpReceiver.Received::service).distinct())
          .containsExactlyInAnyOrderElementsOf(functionNames);
      assertThat(invocations)
          .filteredOn(s -> s.attr("faas.invocation_id") != null)
          .allSatisfy(
              s ->
                  assertThat(s.attributes())
                      .containsKeys("faas.coldstart", "faas.max_memory")
                      .containsEntry("cloud.provider", "aws")
                      .containsEntry("cloud.platform", "aws_lambda")
                      .containsEntry(
                          "faas.trigger", s.service().equals("historyWriter") ? "pubsub" : "http"))
          .isNotEmpty();

      // the stream's batches start traces of their own, linked to the puts of the producers
      var puts =
          spans.stream()
              .filter(
                  s ->
                      s.service().equals("viewingEvents")
                          && s.kind() == SpanKind.SPAN_KIND_SERVER
                          && s.name().equals("Put"))
              .map(s -> new OtlpReceiver.Link(s.traceId(), s.spanId()))
              .collect(Collectors.toSet());
      var batches = spans.stream().filter(s -> s.kind() == SpanKind.SPAN_KIND_CONSUMER).toList();
      assertThat(batches)
          .allSatisfy(
              b -> {
                assertThat(b.service()).isEqualTo("viewingEvents");
                assertThat(b.links()).isNotEmpty();
                assertThat(puts).containsAll(b.links());
              });
      // and the consumer function's invocation continues the batch's trace
      Set<String> batchTraces =
          batches.stream().map(OtlpReceiver.Received::traceId).collect(Collectors.toSet());
      assertThat(invocations)
          .filteredOn(s -> s.service().equals("historyWriter"))
          .anySatisfy(s -> assertThat(batchTraces).contains(s.traceId()));
    }
  }
}
