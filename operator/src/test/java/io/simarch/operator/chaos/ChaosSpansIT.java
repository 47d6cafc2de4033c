package io.simarch.operator.chaos;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.simarch.api.model.Tracing;
import io.simarch.testkit.OtlpReceiver;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * The chaos monkey's tracer providers stay as many as the architectures that exist: a deleted
 * architecture's provider is shut down (its spans still sent) and forgotten, a new endpoint
 * replaces the old provider. Spans go to real OTLP receivers over HTTP.
 */
class ChaosSpansIT {
  static final String NS = "sim";

  @Test
  void providersOfDeletedArchitecturesAreDroppedAfterSendingTheirSpans() throws Exception {
    try (var receiver = new OtlpReceiver();
        var spans = new ChaosSpans()) {
      var tracing = new Tracing(true, receiver.base(), "http/protobuf", 1.0);
      // churn: 50 architectures come, kill once each, and all but two go
      for (int i = 0; i < 50; i++) {
        kill(spans, tracing, "arch-" + i);
      }
      assertThat(spans.architectures()).hasSize(50);

      int dropped = spans.retainOnly(List.of(id("arch-3"), id("arch-7")));

      assertThat(dropped).isEqualTo(48);
      assertThat(spans.architectures()).containsExactly(NS + "/arch-3", NS + "/arch-7");
      // shutting a provider down sent what it held: every kill reached the receiver
      await()
          .atMost(Duration.ofSeconds(10))
          .untilAsserted(
              () ->
                  assertThat(receiver.spans())
                      .extracting(s -> s.resource().get("service.namespace"))
                      .containsExactlyInAnyOrderElementsOf(
                          IntStream.range(0, 50).mapToObj(i -> "arch-" + i).toList()));

      // an architecture that comes back gets a provider again
      kill(spans, tracing, "arch-0");
      assertThat(spans.architectures()).hasSize(3).contains(NS + "/arch-0");
    }
  }

  @Test
  void aNewEndpointReplacesTheArchitecturesProvider() throws Exception {
    try (var first = new OtlpReceiver();
        var second = new OtlpReceiver();
        var spans = new ChaosSpans()) {
      kill(spans, new Tracing(true, first.base(), "http/protobuf", 1.0), "lamp");
      kill(spans, new Tracing(true, second.base(), "http/protobuf", 1.0), "lamp");
      spans.flush();

      assertThat(spans.architectures()).containsExactly(NS + "/lamp");
      await().atMost(Duration.ofSeconds(10)).until(() -> first.count() == 1 && second.count() == 1);
    }
  }

  private static void kill(ChaosSpans spans, Tracing tracing, String architecture) {
    spans
        .start(tracing, NS, architecture, architecture + "-pod", Map.of("k", "v"), "delete")
        .end(null);
  }

  private static ResourceID id(String name) {
    return new ResourceID(name, NS);
  }
}
