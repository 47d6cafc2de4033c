package io.simarch.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import io.simarch.api.model.ArchitectureFiles;
import io.simarch.api.model.CallPolicy;
import io.simarch.api.model.RetryMode;
import io.simarch.api.model.StubConfig;
import io.simarch.api.model.Traffic;
import io.simarch.api.v1alpha1.CircuitBreakerSpec;
import io.simarch.api.v1alpha1.ServiceSpec;
import io.simarch.cli.run.LocalRun;
import io.simarch.cli.run.PortRange;
import io.simarch.cli.run.RunLog;
import io.simarch.stub.app.PodApp;
import io.simarch.stub.local.StubHost;
import io.simarch.testkit.Prometheus;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The metrics schema as a real Prometheus sees it, once scraping pods (the pod app on loopback) and
 * once scraping {@code simarch run --metrics-port}: both expose exactly the metrics
 * docs/traces-and-metrics.md lists, and every query in its {@code promql} blocks answers.
 */
class PrometheusQueriesIT {
  private static final Path DOC = SimarchCliTest.repo().resolve("docs/traces-and-metrics.md");
  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void theDocumentedQueriesAnswerOnPods() throws Exception {
    assumeTrue(Prometheus.unavailable() == null, Prometheus.unavailable());
    var apps = new ArrayList<PodApp>();
    try {
      PodApp store = pod(config("store", "store", List.of(), null));
      apps.add(store);
      PodApp monolith = pod(config("monolith", "monolith", List.of(dep("store", store)), null));
      apps.add(monolith);
      // a function has series of its own
      apps.add(pod(config("fn", "lambda", List.of(), null)));
      PodApp root =
          pod(
              config(
                  "www",
                  "denominator",
                  List.of(dep("monolith", monolith)),
                  new Traffic(5_000, 0, 1, 1, 1, 100)));
      apps.add(root);
      var targets = apps.stream().map(a -> "127.0.0.1:" + a.port()).toList();
      try (var prometheus = new Prometheus(List.of(new Prometheus.Job("pods", false, targets)))) {
        assertSchemaAndQueries(prometheus, false);
      }
    } finally {
      apps.forEach(PodApp::close);
    }
  }

  @Test
  void theDocumentedQueriesAnswerOnALocalRun(@TempDir Path tmp) throws Exception {
    assumeTrue(Prometheus.unavailable() == null, Prometheus.unavailable());
    var arch = ArchitectureFiles.load(SimarchCliTest.repo().resolve("examples/lamp.yaml"));
    // breakers on, as in the pods, so that their state gauge is there to scrape
    var breaker = new CircuitBreakerSpec();
    breaker.setEnabled(true);
    arch.resource().getSpec().getCallPolicy().setCircuitBreaker(breaker);
    // and a function, for its series (nobody calls it: they are there from the start)
    arch.resource().getSpec().getServices().add(0, new ServiceSpec("fn", "lambda", 1, 1));
    int port = StubHost.freePorts(1)[0];
    var options =
        new LocalRun.Options(
            Duration.ofMinutes(5),
            7L,
            null,
            null,
            tmp.resolve("spans.jsonl"),
            null,
            port,
            PortRange.ephemeral(),
            null,
            Duration.ZERO);
    var log = new ByteArrayOutputStream();
    var run =
        new LocalRun(
            arch.resource(),
            options,
            new RunLog(new PrintStream(log, true, StandardCharsets.UTF_8)));
    CompletableFuture<LocalRun.Result> running =
        CompletableFuture.supplyAsync(
            () -> {
              try {
                return run.run();
              } catch (Exception e) {
                throw new IllegalStateException(e);
              }
            });
    try {
      await()
          .atMost(Duration.ofSeconds(60))
          .until(
              () ->
                  running.isDone()
                      || log.toString(StandardCharsets.UTF_8).contains("metrics: http"));
      assertThat(running).as(log.toString(StandardCharsets.UTF_8)).isNotDone();
      var job = new Prometheus.Job("local", true, List.of("127.0.0.1:" + port));
      try (var prometheus = new Prometheus(List.of(job))) {
        assertSchemaAndQueries(prometheus, true);
        // per-instance labels: the stub instance, not the endpoint's address
        JsonNode series = result(prometheus.query("simarch_requests_total{service=\"webserver\"}"));
        assertThat(series).isNotEmpty();
        assertThat(series.get(0).get("metric").get("instance").asText()).startsWith("webserver");
        assertThat(series.get(0).get("metric").has("region")).isTrue();
        assertThat(series.get(0).get("metric").has("zone")).isTrue();
      }
    } finally {
      run.interrupt();
      running.get();
    }
  }

  private static void assertSchemaAndQueries(Prometheus prometheus, boolean local)
      throws Exception {
    Set<String> documented = documentedMetrics();
    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () ->
                assertThat(scrapedMetrics(prometheus, documented))
                    .as("metrics scraped (targets: %s)", prometheus.targets())
                    .isEqualTo(documented));
    for (String query : documentedQueries()) {
      await()
          .atMost(Duration.ofSeconds(30))
          .untilAsserted(
              () ->
                  assertThat(result(prometheus.query(query)))
                      .as("%s on %s", query, local ? "a local run" : "pods")
                      .isNotEmpty());
    }
  }

  /** The metric names the doc's table lists. */
  static Set<String> documentedMetrics() throws Exception {
    var names = new TreeSet<String>();
    Matcher m = Pattern.compile("(?m)^\\| `(simarch_[a-z_]+)` \\|").matcher(Files.readString(DOC));
    while (m.find()) {
      names.add(m.group(1));
    }
    assertThat(names).as("metrics table of %s", DOC).hasSizeGreaterThan(10);
    return names;
  }

  /** Every line of the doc's {@code promql} blocks. */
  static List<String> documentedQueries() throws Exception {
    var queries = new ArrayList<String>();
    Matcher m = Pattern.compile("(?s)```promql\\n(.*?)```").matcher(Files.readString(DOC));
    while (m.find()) {
      m.group(1).lines().map(String::strip).filter(l -> !l.isEmpty()).forEach(queries::add);
    }
    assertThat(queries).as("promql blocks of %s", DOC).isNotEmpty();
    return queries;
  }

  /** The families Prometheus holds, a histogram's series named as its family. */
  private static Set<String> scrapedMetrics(Prometheus prometheus, Collection<String> documented)
      throws Exception {
    var names = new TreeSet<String>();
    for (JsonNode s :
        result(prometheus.query("count by (__name__) ({__name__=~\"simarch_.*\"})"))) {
      String name = s.get("metric").get("__name__").asText();
      String family = name.replaceFirst("_(bucket|sum|count)$", "");
      names.add(documented.contains(family) ? family : name);
    }
    return names;
  }

  private static JsonNode result(String answer) throws Exception {
    JsonNode root = JSON.readTree(answer);
    assertThat(root.get("status").asText()).as(answer).isEqualTo("success");
    return root.get("data").get("result");
  }

  private static PodApp pod(StubConfig config) {
    // tracing on (the export series exist), spans dropped
    return Pods.start(config, SpanExporter.composite(List.of()));
  }

  private static StubConfig config(
      String service, String pkg, List<StubConfig.Dependency> deps, Traffic traffic) {
    return Pods.config("pods", service, pkg, service + "-0", deps, traffic);
  }

  private static StubConfig.Dependency dep(String service, PodApp app) {
    var policy =
        new CallPolicy(
            1000,
            1,
            RetryMode.FAILOVER,
            true,
            5,
            2000,
            new CallPolicy.Backoff(0, 1000, 2, 0.2),
            new CallPolicy.CircuitBreaker(true, 50, 10, 5000));
    return new StubConfig.Dependency(
        service, service, false, policy, StubConfig.Discovery.dns("localhost", app.port()));
  }
}
