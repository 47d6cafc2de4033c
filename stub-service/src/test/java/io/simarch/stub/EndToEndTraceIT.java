package io.simarch.stub;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpServer;
import io.opentelemetry.exporter.otlp.http.trace.OtlpHttpSpanExporter;
import io.opentelemetry.proto.trace.v1.Span.SpanKind;
import io.simarch.api.model.RetryMode;
import io.simarch.api.model.StubConfig;
import io.simarch.stub.local.HostOptions;
import io.simarch.stub.local.StubHost;
import io.simarch.stub.local.StubInstance;
import io.simarch.testkit.OtlpReceiver;
import io.simarch.testkit.OtlpReceiver.Received;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * elb → 3 monolith → 2 store (replicating), driven by a denominator, every span exported over
 * OTLP/HTTP into a receiver the test runs: requests flow end to end and each trace's parent/child
 * structure is the chain of calls.
 */
class EndToEndTraceIT {
  private static TestArch chain() {
    return TestArch.arch("e2e")
        .policy(TestArch.policy(1000, 2, RetryMode.FAILOVER, true))
        .service("store", "store", 2, "store")
        .service("monolith", "monolith", 3, "store")
        .service("elb", "elb", 1, "monolith")
        .root("www", TestArch.traffic(2000), "elb");
  }

  @Test
  void requestsFlowEndToEndAndSpansFollowTheCalls() throws Exception {
    try (var receiver = new OtlpReceiver();
        var host = StubHost.start(new HostOptions(exporter(receiver), 1.0, true))) {
      Map<String, StubInstance> all = chain().start(host);
      StubInstance root = all.get("www00");
      root.startTraffic();
      await().atMost(Duration.ofSeconds(30)).until(() -> root.stats().rootRequests() >= 300);
      root.stopTraffic();

      assertThat(root.stats().rootErrors()).isZero();
      for (String id : List.of("monolith00", "monolith01", "monolith02", "store00", "store01")) {
        assertThat(all.get(id).stats().requests()).as(id).isPositive();
      }
      await()
          .atMost(Duration.ofSeconds(20))
          .untilAsserted(
              () -> {
                Map<String, List<Received>> traces = receiver.traces();
                // requests in flight when traffic stopped finish meanwhile
                assertThat(traces).hasSize((int) root.stats().rootRequests());
                traces.values().forEach(EndToEndTraceIT::assertFollowsTheCalls);
              });

      Received store =
          receiver.spans().stream().filter(s -> "store".equals(s.service())).findFirst().get();
      assertThat(store.resource())
          .containsEntry("service.namespace", "e2e")
          .containsEntry("simarch.package", "store")
          .containsEntry("cloud.region", TestArch.REGION)
          .containsKey("cloud.availability_zone")
          .containsKey("service.instance.id");
      assertThat(all.values()).allSatisfy(i -> assertThat(i.stats().spansDropped()).isZero());
    }
  }

  /** The trace is one tree from the denominator's root, and every hop is client → server. */
  private static void assertFollowsTheCalls(List<Received> trace) {
    Map<String, Received> byId =
        trace.stream().collect(Collectors.toMap(Received::spanId, Function.identity()));
    List<Received> roots = trace.stream().filter(s -> s.parentId() == null).toList();
    assertThat(roots).hasSize(1);
    assertThat(roots.get(0).service()).isEqualTo("www");
    assertThat(roots.get(0).kind()).isEqualTo(SpanKind.SPAN_KIND_INTERNAL);
    for (Received s : trace) {
      if (s.parentId() == null) {
        continue;
      }
      Received parent = byId.get(s.parentId());
      assertThat(parent).as("parent of %s in %s", s.name(), s.service()).isNotNull();
      if (s.kind() == SpanKind.SPAN_KIND_SERVER) {
        assertThat(parent.kind()).isEqualTo(SpanKind.SPAN_KIND_CLIENT);
        assertThat(parent.attr("simarch.peer.instance")).isEqualTo(s.instance());
        assertThat(parent.attr("peer.service")).isEqualTo(s.service());
        assertThat(parent.attr("simarch.outcome")).isEqualTo("ok");
      } else {
        assertThat(s.kind()).isEqualTo(SpanKind.SPAN_KIND_CLIENT);
        assertThat(parent.instance()).isEqualTo(s.instance());
        assertThat(s.attr("simarch.attempt")).isEqualTo("1");
        assertThat(s.attr("simarch.retry_mode")).isEqualTo("failover");
        assertThat(s.attributes())
            .containsKeys("simarch.timeout_ms", "simarch.budget_remaining_ms");
      }
    }
    // www → elb → monolith → store: seven spans at least, each service in order
    List<String> services =
        trace.stream()
            .filter(s -> s.kind() == SpanKind.SPAN_KIND_SERVER)
            .map(Received::service)
            .toList();
    assertThat(services).contains("elb", "monolith", "store");
    boolean put = roots.get(0).name().equals("Put");
    assertThat(trace).hasSize(put ? 9 : 7); // a Put adds the replica write: client and server
  }

  @Test
  void b3AndW3cAreBothAcceptedAndBothEmitted() throws Exception {
    var seen = new ConcurrentHashMap<String, String>();
    HttpServer sink = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 16);
    sink.createContext(
        "/",
        ex -> {
          ex.getRequestHeaders().forEach((k, v) -> seen.put(k.toLowerCase(), v.get(0)));
          ex.sendResponseHeaders(200, -1);
          ex.close();
        });
    sink.start();
    try (var receiver = new OtlpReceiver();
        var host = StubHost.start(new HostOptions(exporter(receiver), 1.0, true))) {
      var dep =
          new StubConfig.Dependency(
              "sink",
              "store",
              false,
              TestArch.policy(1000, 0, RetryMode.NONE, false),
              StubConfig.Discovery.of(
                  List.of(
                      new StubConfig.Endpoint(
                          "sink00",
                          "http://127.0.0.1:" + sink.getAddress().getPort(),
                          TestArch.REGION,
                          "zoneA"))));
      var config =
          new StubConfig(
              "e2e",
              "elb",
              "elb",
              "elb00",
              TestArch.REGION,
              "zoneA",
              1,
              false,
              null,
              null,
              List.of(dep),
              null,
              null);
      StubInstance elb = host.start(config, 0);
      HttpClient client = HttpClient.newHttpClient();

      String b3Trace = "463ac35c9f6413ad48485a3953bb6124";
      send(
          client,
          elb,
          Map.of("X-B3-TraceId", b3Trace, "X-B3-SpanId", "0020000000000001", "X-B3-Sampled", "1"));
      assertThat(seen.get("traceparent")).contains(b3Trace);
      assertThat(seen.get("x-b3-traceid")).isEqualTo(b3Trace);

      seen.clear();
      String w3cTrace = "0af7651916cd43dd8448eb211c80319c";
      send(client, elb, Map.of("traceparent", "00-" + w3cTrace + "-b7ad6b7169203331-01"));
      assertThat(seen.get("traceparent")).contains(w3cTrace);
      assertThat(seen.get("x-b3-traceid")).isEqualTo(w3cTrace);

      await()
          .atMost(Duration.ofSeconds(10))
          .untilAsserted(
              () ->
                  assertThat(receiver.spans())
                      .extracting(Received::traceId)
                      .contains(b3Trace, w3cTrace));
    } finally {
      sink.stop(0);
    }
  }

  private static void send(HttpClient client, StubInstance to, Map<String, String> headers)
      throws Exception {
    var b = HttpRequest.newBuilder(URI.create(to.url() + "/kv/why%3F"));
    headers.forEach(b::header);
    HttpResponse<String> r = client.send(b.build(), HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).isEqualTo(200);
  }

  static OtlpHttpSpanExporter exporter(OtlpReceiver receiver) {
    return OtlpHttpSpanExporter.builder().setEndpoint(receiver.endpoint()).build();
  }
}
