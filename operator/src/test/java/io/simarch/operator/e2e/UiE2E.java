package io.simarch.operator.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.rbac.PolicyRuleBuilder;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.api.model.rbac.RoleBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.simarch.api.v1alpha1.ServiceSpec;
import io.simarch.api.v1alpha1.SimulatedArchitecture;
import io.simarch.cli.UiCommand;
import io.simarch.operator.Labels;
import io.simarch.operator.testing.Architectures;
import io.simarch.operator.testing.Cluster;
import io.simarch.operator.testing.InProcessOperator;
import io.simarch.testkit.Chromium;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.chrome.ChromeDriver;

/**
 * {@code simarch ui} on a cluster with a node, as a user holding exactly the Role the repo ships
 * (examples/rbac/simarch-ui-role.yaml, which docs/live-view.md shows): the operator runs lamp (its
 * webservers fewer, for time), the view's {@code /api/graph} shows its 5 services with the running
 * counts of their pods and rates read from the stubs' /metrics through pods/proxy, and its kill
 * button deletes a webserver pod that the Deployment replaces. The same Role without delete and
 * without pods/proxy: the kill is refused with 403 and every running pod is shown not answering.
 * Then the page in Debian's headless Chromium draws it (the browser as LiveViewBrowserIT's).
 *
 * <pre>
 * mvn -B -pl operator -am -Pe2e verify -Dtest=none -Dsurefire.failIfNoSpecifiedTests=false \
 *     -Dit.test=UiE2E -Dsimarch.stubImage=simarch/stub-service:0.1.0
 * </pre>
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class UiE2E {
  static final String NAME = "lamp";
  static final int WEBSERVERS = 3;
  static final ObjectMapper JSON = new ObjectMapper();

  @RegisterExtension final E2eGate gate = new E2eGate(getClass());
  UiCommand.Session ui;
  String killedPod;
  KubernetesClient client;
  InProcessOperator operator;
  String namespace;
  Path tmp;
  final HttpClient http = HttpClient.newHttpClient();

  @BeforeAll
  void setUp() throws IOException {
    String stubImage = gate.stubImage();
    // simarch ui reads a kubeconfig, as a user's would: a Testcontainers k3s has none to give it
    if (stubImage == null || !gate.clusterOfKubeconfig()) {
      return;
    }
    tmp = Files.createTempDirectory("ui-e2e");
    operator = InProcessOperator.start(stubImage, "ui-e2e");
    client = operator.client();
    namespace = operator.namespace();
  }

  @AfterAll
  void tearDown() {
    if (ui != null) {
      ui.close();
    }
    if (operator != null) {
      operator.close();
    }
  }

  @Test
  @Order(1)
  void theViewShowsLampsPodsAndRatesAndItsKillButtonDeletesAPodThatIsReplaced() throws Exception {
    var lamp = Architectures.example("examples/lamp.yaml");
    for (ServiceSpec s : lamp.getSpec().getServices()) {
      if (s.getName().equals("webserver")) {
        s.setCount(WEBSERVERS);
      }
    }
    lamp.getMetadata().setNamespace(namespace);
    client.resource(lamp).fieldManager("simarch-e2e").forceConflicts().serverSideApply();
    awaitAvailable();

    Role shipped =
        Serialization.unmarshal(
            Files.readString(Architectures.repo().resolve("examples/rbac/simarch-ui-role.yaml")),
            Role.class);
    // the shipped Role without delete on pods and without pods/proxy: a watcher who may not kill
    Role watcher =
        new RoleBuilder(shipped).editMetadata().withName("ui-watcher").endMetadata().build();
    watcher.getRules().removeIf(r -> r.getResources().contains("pods/proxy"));
    watcher
        .getRules()
        .replaceAll(
            r ->
                r.getResources().contains("pods")
                    ? new PolicyRuleBuilder(r)
                        .withVerbs(r.getVerbs().stream().filter(v -> !v.equals("delete")).toList())
                        .build()
                    : r);
    assertThat(watcher.getRules()).hasSize(shipped.getRules().size() - 1);
    String target = namespace + "/" + NAME;

    ui = UiCommand.serve(Cluster.kubeconfigOf(client, namespace, shipped, tmp), null, target, 0);
    // 5 services, each with as many running as its pods that run, every pod answering (on a
    // loaded node a scrape may miss its 800 ms now and then); rates from the stubs
    Map<String, Integer> pods = runningPods();
    var graph =
        await("/api/graph: lamp's pods running, all answering, and its rates read")
            .atMost(Duration.ofSeconds(60))
            .pollInterval(Duration.ofMillis(500))
            .until(
                () -> graph(ui.url()),
                g ->
                    g.get("nodes").size() == 5
                        && running(g).equals(pods)
                        && unanswered(g) == 0
                        && node(g, "webserver").get("requestsPerSecond").asDouble() > 0
                        && edge(g, "webserver", "rds-mysql").get("callsPerSecond").asDouble() > 0);
    System.out.println("E2E: /api/graph before the kill: " + graph);
    assertThat(graph.get("arch").asText()).isEqualTo(NAME);
    assertThat(graph.get("root").asText()).isEqualTo("www");
    assertThat(graph.get("victims").toString()).isEqualTo("[\"webserver\"]");
    assertThat(running(graph)).containsEntry("webserver", WEBSERVERS);
    // rates keep coming: the next windows have traffic too (lamp sends every 10 ms)
    long before = graph.get("time").asLong();
    await("a later window with traffic")
        .atMost(Duration.ofSeconds(10))
        .until(
            () -> graph(ui.url()),
            g ->
                g.get("time").asLong() > before
                    && node(g, "www").get("requestsPerSecond").asDouble() > 10
                    && edge(g, "www", "webserver-elb").get("callsPerSecond").asDouble() > 10);

    Set<String> webserversBefore = podNames("webserver");
    var killed = post(ui.url() + "api/kill?service=webserver");
    assertThat(killed.statusCode()).as(killed.body()).isEqualTo(200);
    String victim = JSON.readTree(killed.body()).get("killed").get(0).asText();
    killedPod = victim;
    assertThat(webserversBefore).contains(victim);
    var notAVictim = post(ui.url() + "api/kill?service=rds-mysql");
    assertThat(notAVictim.statusCode()).isEqualTo(409);
    assertThat(notAVictim.body()).contains("not a chaos victim");

    // the replacement counts once its stub is ready: on a loaded node that can take minutes
    await("the kill and the pod's stop shown, the pod replaced")
        .atMost(Duration.ofMinutes(3))
        .pollInterval(Duration.ofMillis(500))
        .untilAsserted(
            () -> {
              JsonNode g = graph(ui.url());
              assertThat(events(g, victim)).contains("kill", "stopped");
              Set<String> now = podNames("webserver");
              assertThat(now).hasSize(WEBSERVERS).doesNotContain(victim);
              assertThat(node(g, "webserver").get("running").asInt()).isEqualTo(WEBSERVERS);
              String replacement =
                  now.stream().filter(p -> !webserversBefore.contains(p)).findFirst().orElseThrow();
              assertThat(events(g, replacement)).contains("started");
            });

    try (var watching =
        UiCommand.serve(Cluster.kubeconfigOf(client, namespace, watcher, tmp), null, target, 0)) {
      var refused = post(watching.url() + "api/kill?service=webserver");
      assertThat(refused.statusCode()).isEqualTo(403);
      assertThat(refused.body()).contains("HTTP 403", "delete on pods");
      // without pods/proxy no pod answers: every running one is shown so, none crashes the view
      await("every running pod shown not answering")
          .atMost(Duration.ofSeconds(20))
          .until(
              () -> graph(watching.url()),
              g ->
                  running(g).equals(runningPods())
                      && unanswered(g) == runningPods().values().stream().mapToInt(i -> i).sum());
    }
  }

  /**
   * The cluster page in Debian's headless Chromium, as the first test left it: lamp's 5 services
   * drawn, drawn edge rates, the kill listed; a screenshot in target/ui-cluster.png.
   */
  @Test
  @Order(2)
  void theClusterPageRendersInABrowser() throws Exception {
    // a user's machine without a browser skips, saying what to install; CI installs it and fails
    // on any skipped test
    assumeThat(Chromium.missing()).as("%s", Chromium.missing()).isNull();
    assertThat(ui).as("the first test's view").isNotNull();
    ChromeDriver browser = Chromium.start();
    try {
      browser.get(ui.url());
      await("5 services drawn, their edges with calls")
          .atMost(Duration.ofSeconds(30))
          .until(() -> Chromium.servicesDrawn(browser) == 5 && Chromium.callsDrawn(browser) > 0);
      await("the kill listed")
          .atMost(Duration.ofSeconds(10))
          .until(
              () ->
                  browser.findElements(By.cssSelector("#events li.kill")).stream()
                      .anyMatch(li -> li.getText().contains(killedPod + " (delete by ui)")));
      Path png = Path.of("target", "ui-cluster.png");
      Files.write(png, browser.getScreenshotAs(OutputType.BYTES));
      assertThat(Files.size(png)).isGreaterThan(10_000);
    } finally {
      browser.quit();
    }
  }

  private void awaitAvailable() {
    await(NAME + ": every Deployment available")
        .atMost(Duration.ofMinutes(4))
        .pollInterval(Duration.ofSeconds(2))
        .untilAsserted(
            () -> {
              var live =
                  client
                      .resources(SimulatedArchitecture.class)
                      .inNamespace(namespace)
                      .withName(NAME)
                      .get();
              assertThat(live.getStatus()).isNotNull();
              assertThat(live.getStatus().getReadyInstances())
                  .isEqualTo(live.getStatus().getDesiredInstances());
              var deployments =
                  client
                      .resources(Deployment.class)
                      .inNamespace(namespace)
                      .withLabel(Labels.ARCHITECTURE, NAME)
                      .list()
                      .getItems();
              assertThat(deployments).isNotEmpty();
              for (Deployment d : deployments) {
                assertThat(d.getStatus().getAvailableReplicas())
                    .as(d.getMetadata().getName())
                    .isEqualTo(d.getSpec().getReplicas());
              }
            });
  }

  /**
   * Running, ready, not terminating pods by the spec name of their service, as an admin sees them.
   */
  private Map<String, Integer> runningPods() {
    Map<String, Integer> out = new HashMap<>();
    for (Pod p :
        client
            .pods()
            .inNamespace(namespace)
            .withLabel(Labels.ARCHITECTURE, NAME)
            .list()
            .getItems()) {
      if ("Running".equals(p.getStatus().getPhase())
          && p.getMetadata().getDeletionTimestamp() == null
          && p.getStatus().getConditions().stream()
              .anyMatch(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus()))) {
        out.merge(p.getMetadata().getLabels().get(Labels.SERVICE), 1, Integer::sum);
      }
    }
    return out;
  }

  private Set<String> podNames(String service) {
    return client
        .pods()
        .inNamespace(namespace)
        .withLabels(Labels.serviceSelector(NAME, service))
        .list()
        .getItems()
        .stream()
        .filter(p -> p.getMetadata().getDeletionTimestamp() == null)
        .map(p -> p.getMetadata().getName())
        .collect(Collectors.toSet());
  }

  private JsonNode graph(String url) throws Exception {
    var r =
        http.send(
            HttpRequest.newBuilder(URI.create(url + "api/graph")).build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).isEqualTo(200);
    return JSON.readTree(r.body());
  }

  private HttpResponse<String> post(String url) throws Exception {
    return http.send(
        HttpRequest.newBuilder(URI.create(url)).POST(HttpRequest.BodyPublishers.noBody()).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private static Map<String, Integer> running(JsonNode g) {
    Map<String, Integer> out = new HashMap<>();
    for (JsonNode n : g.get("nodes")) {
      if (n.get("running").asInt() > 0) {
        out.put(n.get("id").asText(), n.get("running").asInt());
      }
    }
    return out;
  }

  /** Running pods whose /metrics did not answer, over every node. */
  private static int unanswered(JsonNode g) {
    return g.findValues("unanswered").stream().mapToInt(JsonNode::asInt).sum();
  }

  private static JsonNode node(JsonNode g, String id) {
    for (JsonNode n : g.get("nodes")) {
      if (n.get("id").asText().equals(id)) {
        return n;
      }
    }
    throw new AssertionError("no node " + id + " in " + g);
  }

  private static JsonNode edge(JsonNode g, String from, String to) {
    for (JsonNode e : g.get("edges")) {
      if (e.get("source").asText().equals(from) && e.get("target").asText().equals(to)) {
        return e;
      }
    }
    throw new AssertionError("no edge " + from + " -> " + to + " in " + g);
  }

  /** The kinds of the graph's events about one pod. */
  private static List<String> events(JsonNode g, String pod) {
    var out = new java.util.ArrayList<String>();
    for (JsonNode e : g.get("events")) {
      if (e.get("instance").asText().equals(pod)) {
        out.add(e.get("kind").asText());
      }
    }
    return out;
  }
}
