package io.simarch.cli.live;

import static io.simarch.cli.live.LiveRunProcess.edge;
import static io.simarch.cli.live.LiveRunProcess.node;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/** /api/graph and its siblings during a real `simarch run examples/lamp.yaml --ui 0`. */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class LiveViewIT {
  private static final Duration WAIT = Duration.ofSeconds(40);
  private static LiveRunProcess run;

  @BeforeAll
  static void start() throws Exception {
    // runs until closed: the monkey's own kill (a minute after the warm-up) comes after the test
    run = LiveRunProcess.start("examples/lamp.yaml", "--duration", "0", "--warmup", "8s");
  }

  @AfterAll
  static void stop() throws IOException {
    if (run != null) {
      run.close();
    }
  }

  @Test
  @Order(1)
  void edgeRatesRiseWithTheRampingTraffic() {
    var first = new AtomicReference<Double>();
    await()
        .atMost(WAIT)
        .pollInterval(Duration.ofMillis(200))
        .until(
            () -> {
              double calls =
                  edge(run.graph(), "webserver-elb", "webserver").get("callsPerSecond").asDouble();
              first.set(calls);
              return calls > 0;
            });
    // the root's rate ramps from nothing to 100/s over the 8 s warm-up
    await()
        .atMost(WAIT)
        .pollInterval(Duration.ofMillis(200))
        .until(
            () ->
                edge(run.graph(), "webserver-elb", "webserver").get("callsPerSecond").asDouble()
                    > first.get() + 10);
  }

  @Test
  @Order(2)
  void theGraphHasEveryServiceAndDependencyWithItsRates() throws Exception {
    JsonNode g = run.graph();

    assertThat(g.get("arch").asText()).isEqualTo("lamp");
    assertThat(g.get("root").asText()).isEqualTo("www");
    assertThat(g.get("windowMs").asLong()).isBetween(500L, 3000L);
    assertThat(texts(g.get("victims"))).containsExactly("webserver");
    var ids = new TreeSet<String>();
    g.get("nodes").forEach(n -> ids.add(n.get("id").asText()));
    assertThat(ids).containsExactly("memcache", "rds-mysql", "webserver", "webserver-elb", "www");
    for (JsonNode n : g.get("nodes")) {
      assertThat(n.fieldNames())
          .toIterable()
          .containsExactlyInAnyOrder(
              "id",
              "service",
              "package",
              "group",
              "running",
              "started",
              "unanswered",
              "zones",
              "requestsPerSecond",
              "errorRate",
              "p99Ms");
    }
    JsonNode web = node(g, "webserver");
    assertThat(web.get("package").asText()).isEqualTo("monolith");
    assertThat(web.get("started").asInt()).isEqualTo(18);
    assertThat(web.get("running").asInt()).isEqualTo(18);
    int zoned = 0;
    for (JsonNode z : web.get("zones")) {
      zoned += z.asInt();
    }
    assertThat(zoned).isEqualTo(18);
    assertThat(web.get("requestsPerSecond").asDouble()).isPositive();
    assertThat(web.get("p99Ms").asDouble()).isPositive();
    assertThat(node(g, "www").get("requestsPerSecond").asDouble())
        .as("the root counts the requests its traffic sent")
        .isPositive();

    var pairs = new ArrayList<String>();
    for (JsonNode e : g.get("edges")) {
      pairs.add(e.get("source").asText() + "->" + e.get("target").asText());
      assertThat(e.fieldNames())
          .toIterable()
          .contains("callsPerSecond", "errorsPerSecond", "retriesPerSecond", "timeoutsPerSecond");
    }
    assertThat(pairs)
        .containsExactlyInAnyOrder(
            "rds-mysql->rds-mysql",
            "webserver->memcache",
            "webserver->rds-mysql",
            "webserver-elb->webserver",
            "www->webserver-elb");
    assertThat(edge(g, "webserver", "memcache").get("callsPerSecond").asDouble()).isPositive();

    int started = 0;
    for (JsonNode n : g.get("nodes")) {
      started += n.get("started").asInt();
    }
    List<JsonNode> startedEvents = events(g, "started");
    assertThat(startedEvents).hasSize(started);
    assertThat(startedEvents.get(0).get("time").asLong()).isPositive();
  }

  @Test
  @Order(3)
  void aServiceThatIsNoVictimCannotBeStruck() throws Exception {
    HttpResponse<String> r = run.post("api/kill?service=memcache");

    assertThat(r.statusCode()).isEqualTo(409);
    assertThat(r.body()).contains("memcache").contains("not a chaos victim").contains("--victim");
    assertThat(node(run.graph(), "memcache").get("running").asInt()).isEqualTo(1);
  }

  @Test
  @Order(4)
  void theKillButtonStrikesAVictimAsTheMonkeyDoes() throws Exception {
    HttpResponse<String> r = run.post("api/kill?service=webserver");

    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    JsonNode killed = new ObjectMapper().readTree(r.body()).get("killed");
    assertThat(killed).hasSize(1);
    String victim = killed.get(0).asText();
    assertThat(victim).matches("lamp\\.us-east-1\\.zone[ABC]\\.webserver\\d\\d");

    JsonNode g = run.graph();
    assertThat(node(g, "webserver").get("running").asInt()).isEqualTo(17);
    assertThat(events(g, "kill"))
        .singleElement()
        .satisfies(
            e -> {
              assertThat(e.get("instance").asText()).isEqualTo(victim);
              assertThat(e.get("detail").asText()).isEqualTo("delete by ui");
            });
    assertThat(events(g, "stopped"))
        .singleElement()
        .satisfies(e -> assertThat(e.get("instance").asText()).isEqualTo(victim));
    // the monkey's log line
    assertThat(run.output()).contains("chaosmonkey delete: " + victim);
  }

  @Test
  @Order(5)
  void eventsStreamEachNewGraph() throws Exception {
    var http = HttpClient.newHttpClient();
    HttpResponse<java.util.stream.Stream<String>> r =
        http.send(
            HttpRequest.newBuilder(URI.create(run.url).resolve("api/events")).build(),
            HttpResponse.BodyHandlers.ofLines());
    assertThat(r.headers().firstValue("content-type")).hasValue("text/event-stream");
    try (var lines = r.body()) {
      List<String> data = lines.filter(l -> l.startsWith("data: ")).limit(2).toList();
      JsonNode a = new ObjectMapper().readTree(data.get(0).substring(6));
      JsonNode b = new ObjectMapper().readTree(data.get(1).substring(6));
      assertThat(a.get("nodes")).hasSize(5);
      assertThat(b.get("time").asLong()).isGreaterThan(a.get("time").asLong());
    }
  }

  @Test
  @Order(6)
  void thePageAndItsLibrariesAreServedFromTheJar() throws Exception {
    HttpResponse<String> page = run.get("");
    assertThat(page.statusCode()).isEqualTo(200);
    assertThat(page.body()).contains("lib/cytoscape.js", "lib/dagre.js", "live.js");
    for (String lib : List.of("lib/cytoscape.js", "lib/dagre.js", "live.js", "live.css")) {
      HttpResponse<String> r = run.get(lib);
      assertThat(r.statusCode()).as(lib).isEqualTo(200);
      assertThat(r.body()).as(lib).hasSizeGreaterThan(1000);
    }
    assertThat(run.get("lib/nothing.js").statusCode()).isEqualTo(404);
  }

  private static List<JsonNode> events(JsonNode g, String kind) {
    var out = new ArrayList<JsonNode>();
    g.get("events")
        .forEach(
            e -> {
              if (e.get("kind").asText().equals(kind)) {
                out.add(e);
              }
            });
    return out;
  }

  private static Set<String> texts(JsonNode array) {
    var out = new TreeSet<String>();
    array.forEach(x -> out.add(x.asText()));
    return out;
  }
}
