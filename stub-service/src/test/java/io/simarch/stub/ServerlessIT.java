package io.simarch.stub;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.opentelemetry.exporter.otlp.http.trace.OtlpHttpSpanExporter;
import io.opentelemetry.proto.trace.v1.Span.SpanKind;
import io.simarch.api.model.Behavior;
import io.simarch.api.model.Defaults;
import io.simarch.api.model.Faas;
import io.simarch.api.model.RetryMode;
import io.simarch.stub.local.HostOptions;
import io.simarch.stub.local.StubHost;
import io.simarch.stub.local.StubInstance;
import io.simarch.testkit.OtlpReceiver;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The serverless roles over real HTTP on loopback: functions, gateways, tables. */
class ServerlessIT {
  private static final Behavior.Latency COLD_50MS = new Behavior.Latency("fixed", 50, 0, 0, 0);

  private OtlpReceiver receiver;
  private StubHost host;
  private final ExecutorService clients = Executors.newFixedThreadPool(8);

  @BeforeEach
  void start() throws Exception {
    receiver = new OtlpReceiver();
    host =
        StubHost.start(
            new HostOptions(
                OtlpHttpSpanExporter.builder().setEndpoint(receiver.endpoint()).build(),
                1.0,
                true));
  }

  @AfterEach
  void stop() {
    clients.shutdownNow();
    host.close();
    receiver.close();
  }

  private static Faas function(int concurrency, long idleMs) {
    return new Faas(
        new Faas.Function(
            1024,
            COLD_50MS,
            idleMs,
            concurrency,
            Defaults.FUNCTION_PRICE_PER_GB_SECOND,
            Defaults.FUNCTION_PRICE_PER_REQUEST),
        null,
        null);
  }

  private static long counter(StubInstance i, String name) {
    return RolesIT.counter(
        Http.raw(i.url() + "/metrics").body(), name, "instance=\"" + i.config().instance() + "\"");
  }

  private List<Http.Answer> atOnce(StubInstance to, int n) {
    var sent = new ArrayList<CompletableFuture<Http.Answer>>();
    for (int i = 0; i < n; i++) {
      String key = "k" + i;
      sent.add(CompletableFuture.supplyAsync(() -> Http.get(to, key), clients));
    }
    return sent.stream().map(CompletableFuture::join).toList();
  }

  @Test
  void aFunctionStartsColdThenWarmThrottlesBeyondItsConcurrencyAndColdAgainAfterIdle() {
    Map<String, StubInstance> all =
        TestArch.arch("fn")
            .service("fn", "lambda", 1)
            // each invocation holds its environment 400 ms: the 6 requests overlap
            .behavior("fn", new Behavior(new Behavior.Latency("fixed", 400, 0, 0, 0), 0, 0))
            .faas("fn", function(2, 1500))
            .start(host);
    StubInstance fn = all.get("fn00");

    List<Http.Answer> first = atOnce(fn, 6);
    assertThat(first.stream().filter(a -> a.status() == 200)).hasSize(2);
    assertThat(first.stream().filter(a -> a.status() == 429))
        .hasSize(4)
        .allSatisfy(a -> assertThat(a.outcome()).isEqualTo("throttled"));
    assertThat(counter(fn, "simarch_throttled_requests_total")).isEqualTo(4);
    assertThat(counter(fn, "simarch_faas_coldstarts_total")).isEqualTo(2);

    // within the idle timeout both environments are reused
    assertThat(atOnce(fn, 2)).allSatisfy(a -> assertThat(a.status()).isEqualTo(200));
    assertThat(counter(fn, "simarch_faas_coldstarts_total")).isEqualTo(2);
    assertThat(counter(fn, "simarch_faas_invocations_total")).isEqualTo(4);

    // once they have expired, the next invocation starts one again
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> counter(fn, "simarch_faas_environments_idle") == 0);
    assertThat(Http.get(fn, "why?").status()).isEqualTo(200);
    assertThat(counter(fn, "simarch_faas_coldstarts_total")).isEqualTo(3);
    assertThat(counter(fn, "simarch_faas_invocations_total")).isEqualTo(5);
  }

  @Test
  void aFunctionsSpanCarriesTheFaasAttributesAndItsBill() {
    Map<String, StubInstance> all =
        TestArch.arch("fnspan")
            .service("table", "dynamodb", 1)
            .service("fn", "lambda", 1, "table")
            .faas("fn", function(10, 60_000))
            .start(host);
    StubInstance fn = all.get("fn00");
    assertThat(Http.get(fn, "why?").value()).isEqualTo("because...");
    assertThat(Http.get(fn, "why?").status()).isEqualTo(200);

    await()
        .atMost(Duration.ofSeconds(20))
        .untilAsserted(
            () ->
                assertThat(
                        receiver.spans().stream()
                            .filter(
                                s ->
                                    s.service().equals("fn")
                                        && s.kind() == SpanKind.SPAN_KIND_SERVER))
                    .hasSize(2));
    var spans =
        receiver.spans().stream()
            .filter(s -> s.service().equals("fn") && s.kind() == SpanKind.SPAN_KIND_SERVER)
            .toList();
    assertThat(spans.stream().map(s -> s.attr("faas.coldstart")))
        .containsExactlyInAnyOrder("true", "false");
    Set<String> ids = new HashSet<>();
    for (var s : spans) {
      assertThat(s.attributes())
          .containsEntry("faas.trigger", "http")
          .containsEntry("faas.max_memory", Long.toString(1024L * 1024 * 1024))
          .containsEntry("cloud.provider", "aws")
          .containsEntry("cloud.platform", "aws_lambda")
          .containsEntry("cloud.region", TestArch.REGION);
      ids.add(s.attr("faas.invocation_id"));
      long billed = Long.parseLong(s.attr("simarch.faas.billed_duration_ms"));
      assertThat(Double.parseDouble(s.attr("simarch.faas.gb_seconds")))
          .isEqualTo(billed / 1000.0 * 1024 / 1024);
      if ("true".equals(s.attr("faas.coldstart"))) {
        assertThat(billed).as("a cold start is billed").isGreaterThanOrEqualTo(50);
      }
    }
    assertThat(ids).hasSize(2).doesNotContainNull();
  }

  @Test
  void aGatewayRoutesEachKeyToOneRouteAndThrottlesBeyondItsRate() {
    Map<String, StubInstance> all =
        TestArch.arch("gw")
            .service("a", "store", 1)
            .service("b", "store", 1)
            .service("gw", "apigateway", 1, "a", "b")
            // 5 requests per 500 s: the bucket does not refill during the test
            .faas("gw", new Faas(null, new Faas.Gateway(0.01, 5), null))
            .start(host);
    StubInstance gw = all.get("gw00");
    Set<String> routes = new HashSet<>();
    for (int i = 0; i < 2; i++) {
      for (String key : List.of("why?", "k1")) {
        routes.add(key + "→" + Http.get(gw, key).instance());
      }
    }
    assertThat(routes).as("a key always takes the same route").hasSize(2);
    // 4 of the 5 permits are spent
    assertThat(Http.get(gw, "why?").status()).isEqualTo(200);
    assertThat(Http.get(gw, "why?").status()).isEqualTo(429);
    assertThat(Http.get(gw, "k1").outcome()).isEqualTo("throttled");
    assertThat(counter(gw, "simarch_throttled_requests_total")).isEqualTo(2);
  }

  @Test
  void keysSpreadOverTheGatewaysRoutes() {
    Map<String, StubInstance> all =
        TestArch.arch("gwspread")
            .service("a", "store", 1)
            .service("b", "store", 1)
            .service("gw", "apigateway", 1, "a", "b")
            .start(host);
    Set<String> served = new HashSet<>();
    for (int i = 0; i < 20; i++) {
      served.add(Http.get(all.get("gw00"), "key" + i).instance());
    }
    assertThat(served).containsExactlyInAnyOrder("a00", "b00");
  }

  @Test
  void aProvisionedTableThrottlesOverItsCapacityAndACallersRetriesAreCounted() {
    Map<String, StubInstance> all =
        TestArch.arch("table")
            .service("table", "dynamodb", 1)
            .faas("table", new Faas(null, null, new Faas.Table(true, 1, 1000)))
            .service("fn", "lambda", 1, "table")
            .faas("fn", function(10, 60_000))
            .policy("fn", "table", TestArch.policy(1000, 2, RetryMode.IMMEDIATE, false))
            .start(host);
    StubInstance table = all.get("table00");
    // one read a second: of 5 at once, 4 are throttled (3 if a second begins meanwhile)
    List<Http.Answer> reads = atOnce(table, 5);
    long throttled = reads.stream().filter(a -> a.status() == 429).count();
    assertThat(throttled).isBetween(3L, 4L);
    assertThat(counter(table, "simarch_throttled_requests_total")).isEqualTo(throttled);
    // writes have their own capacity
    assertThat(Http.put(table, "w", "v").status()).isEqualTo(200);

    // a caller that keeps reading is throttled, and retries under its call policy
    StubInstance fn = all.get("fn00");
    for (int i = 0; i < 10; i++) {
      Http.get(fn, "why?");
    }
    assertThat(
            RolesIT.counter(
                Http.raw(fn.url() + "/metrics").body(),
                "simarch_dependency_retries_total",
                "dependency=\"table\""))
        .isPositive();
  }

  @Test
  void aStreamInvokesItsConsumerInBatchesWhoseTraceLinksToTheProducersSpans() {
    Map<String, StubInstance> all =
        TestArch.arch("stream")
            .service("consumer", "lambda", 1)
            .faas("consumer", function(10, 60_000))
            .service("stream", "kinesis", 1, "consumer")
            .faas("stream", new Faas(null, null, null, new Faas.Stream(2, 200)))
            .start(host);
    StubInstance stream = all.get("stream00");
    for (int i = 0; i < 3; i++) {
      assertThat(Http.put(stream, "r" + i, "v" + i).status()).isEqualTo(200);
    }
    assertThat(Http.get(stream, "r1").value()).isEqualTo("v1");

    // batches of at most 2: the 3 records take two invocations
    await()
        .atMost(Duration.ofSeconds(20))
        .untilAsserted(
            () ->
                assertThat(
                        receiver.spans().stream()
                            .filter(s -> s.kind() == SpanKind.SPAN_KIND_CONSUMER)
                            .mapToInt(s -> s.links().size())
                            .sum())
                    .isEqualTo(3));
    var puts =
        receiver.spans().stream()
            .filter(
                s ->
                    s.service().equals("stream")
                        && s.kind() == SpanKind.SPAN_KIND_SERVER
                        && s.name().equals("Put"))
            .map(s -> new OtlpReceiver.Link(s.traceId(), s.spanId()))
            .toList();
    var batches =
        receiver.spans().stream().filter(s -> s.kind() == SpanKind.SPAN_KIND_CONSUMER).toList();
    assertThat(batches).hasSizeGreaterThanOrEqualTo(2);
    assertThat(batches.stream().flatMap(b -> b.links().stream()))
        .containsExactlyInAnyOrderElementsOf(puts);
    for (var b : batches) {
      assertThat(b.parentId()).as("a batch starts a trace").isNull();
      assertThat(b.links().size()).isBetween(1, 2);
      assertThat(b.attributes())
          .containsEntry("messaging.system", "aws_kinesis")
          .containsEntry("messaging.operation.type", "process")
          .containsEntry("messaging.destination.name", "stream")
          .containsEntry("messaging.batch.message_count", Integer.toString(b.links().size()));
      assertThat(b.links()).noneMatch(l -> l.traceId().equals(b.traceId()));
    }
    // the consumer's invocation continues the batch's trace, triggered by pubsub
    await()
        .atMost(Duration.ofSeconds(20))
        .untilAsserted(
            () -> {
              var invoked =
                  receiver.spans().stream()
                      .filter(
                          s ->
                              s.service().equals("consumer")
                                  && s.kind() == SpanKind.SPAN_KIND_SERVER)
                      .toList();
              assertThat(invoked).hasSize(batches.size());
              assertThat(invoked)
                  .allSatisfy(
                      s -> {
                        assertThat(s.attr("faas.trigger")).isEqualTo("pubsub");
                        assertThat(batches).anyMatch(b -> b.traceId().equals(s.traceId()));
                      });
            });
  }
}
