package io.simarch.cli.live;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.simarch.api.model.ArchitectureFiles;
import io.simarch.api.model.Plan;
import io.simarch.api.model.Planner;
import io.simarch.api.model.PodLabels;
import io.simarch.api.v1alpha1.SimulatedArchitecture;
import io.simarch.cli.truth.KubeTruth;
import io.simarch.testkit.KubeMock;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@code simarch ui}'s kill button ({@link KubeLive#kill}) against fabric8's mock API server in
 * CRUD mode, over HTTP: it follows the monkey's rules of the architecture's spec ({@code
 * ManualKill}) as the local button does. A strike deletes a pod; a dry run chooses, logs and shows
 * one and deletes nothing; quiet times and a service that is no victim are refused, saying which
 * field to change, and nothing is deleted. (UiE2E strikes on a real cluster.)
 */
class KubeLiveKillIT {
  static final String NS = "s6-ui-kill";
  static final String NAME = "shop";
  static final KubeTruth.Target TARGET = new KubeTruth.Target(NS, NAME);

  KubernetesMockServer server;
  KubernetesClient client;
  final List<LiveGraph.Event> events = new CopyOnWriteArrayList<>();

  @BeforeEach
  void start() throws IOException {
    // CRUD mode: what is created can be listed, watched and deleted
    server = KubeMock.crud();
    client = server.createClient();
    // the CRD the api module generates, so the mock serves the architecture as the cluster does
    try (InputStream in =
        getClass()
            .getClassLoader()
            .getResourceAsStream("META-INF/fabric8/simulatedarchitectures.simarch.io-v1.yml")) {
      client
          .resource(client.apiextensions().v1().customResourceDefinitions().load(in).item())
          .create();
    }
  }

  @AfterEach
  void stop() {
    client.close();
    server.destroy();
  }

  /** The architecture with {@code chaos} (YAML flow, may be empty) and one running pod per app. */
  private void architecture(String chaos) {
    SimulatedArchitecture arch =
        ArchitectureFiles.parse(
                "apiVersion: simarch.io/v1alpha1\nkind: SimulatedArchitecture\n"
                    + "metadata: {name: "
                    + NAME
                    + ", namespace: "
                    + NS
                    + "}\nspec:\n  victim: app\n"
                    + (chaos.isEmpty() ? "" : "  chaos: " + chaos + "\n")
                    + "  services:\n"
                    + "    - {name: db, package: store, count: 1, regions: 1}\n"
                    + "    - {name: app, package: monolith, count: 2, regions: 1,"
                    + " dependencies: [db]}\n",
                "shop.yaml")
            .resource();
    client.resource(arch).create();
    Plan plan = Planner.plan(NAME, arch.getSpec());
    var made = new HashMap<String, Integer>();
    for (Plan.Cell cell : plan.cells()) {
      for (int i = 0; i < cell.instances().size(); i++) {
        int n = made.merge(cell.service(), 1, Integer::sum) - 1;
        client.resource(pod(cell, cell.service() + "-" + n)).create();
      }
    }
  }

  private static Pod pod(Plan.Cell cell, String name) {
    var labels = new HashMap<>(PodLabels.stubPods(NAME));
    labels.putAll(PodLabels.cellSelector(NAME, cell));
    return new PodBuilder()
        .withNewMetadata()
        .withName(name)
        .withNamespace(NS)
        .withLabels(labels)
        .endMetadata()
        .withNewStatus()
        .withPhase("Running")
        .addNewCondition()
        .withType("Ready")
        .withStatus("True")
        .endCondition()
        .endStatus()
        .build();
  }

  private List<String> pods() {
    return client.pods().inNamespace(NS).list().getItems().stream()
        .map(p -> p.getMetadata().getName())
        .sorted()
        .toList();
  }

  /** The button's kill, with what it wrote to stderr (its klog line). */
  private record Killed(List<String> pods, String log) {}

  private Killed kill(String service) throws Exception {
    var err = new ByteArrayOutputStream();
    PrintStream was = System.err;
    try (var live = new KubeLive(client, TARGET)) {
      live.watch(events::add);
      System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
      List<String> struck;
      try {
        struck = live.kill(service);
      } finally {
        System.setErr(was);
      }
      return new Killed(struck, err.toString(StandardCharsets.UTF_8));
    }
  }

  private List<String> killDetails() {
    return events.stream()
        .filter(e -> e.kind().equals("kill"))
        .map(LiveGraph.Event::detail)
        .toList();
  }

  @Test
  void aStrikeDeletesOneRunningPodOfTheVictim() throws Exception {
    architecture("");

    Killed k = kill("app");

    assertThat(k.pods()).singleElement().asString().startsWith("app-");
    assertThat(pods()).hasSize(2).doesNotContain(k.pods().get(0));
    assertThat(k.log()).contains("\"Deleted pod\" pod=\"" + NS + "/" + k.pods().get(0) + "\"");
    assertThat(k.log()).doesNotContain("dryRun");
    assertThat(killDetails()).containsExactly("delete by ui");
  }

  @Test
  void aDryRunChoosesLogsAndShowsAPodAndDeletesNothing() throws Exception {
    architecture("{dryRun: true}");

    Killed k = kill("app");

    assertThat(k.pods()).singleElement().asString().startsWith("app-");
    assertThat(pods()).containsExactly("app-0", "app-1", "db-0");
    assertThat(k.log())
        .contains("\"Dry run, pod not deleted\" pod=\"" + NS + "/" + k.pods().get(0) + "\"")
        .contains("dryRun=true");
    assertThat(killDetails()).containsExactly("delete (dry run) by ui");
  }

  @Test
  void quietTimesRefuseTheKillNamingTheField() {
    architecture("{quietTimes: {weekdays: [Mon, Tue, Wed, Thu, Fri, Sat, Sun]}}");

    assertThatThrownBy(() -> kill("app"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            NS
                + "/"
                + NAME
                + ": chaos is paused by spec.chaos.quietTimes for good; take now out of"
                + " spec.chaos.quietTimes");
    assertThat(pods()).containsExactly("app-0", "app-1", "db-0");
    assertThat(killDetails()).isEmpty();
  }

  @Test
  void aServiceThatIsNoVictimIsRefused() {
    architecture("");

    assertThatThrownBy(() -> kill("db"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("service db: not a chaos victim (victims: app)")
        .hasMessageContaining("spec.victim or spec.chaos.victims");
    assertThat(pods()).containsExactly("app-0", "app-1", "db-0");
  }
}
