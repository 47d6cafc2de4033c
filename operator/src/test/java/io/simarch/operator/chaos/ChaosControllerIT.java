package io.simarch.operator.chaos;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodConditionBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.javaoperatorsdk.operator.Operator;
import io.simarch.api.model.ArchitectureFiles;
import io.simarch.api.model.ChaosEvents;
import io.simarch.api.v1alpha1.ChaosStatus;
import io.simarch.api.v1alpha1.SimulatedArchitecture;
import io.simarch.operator.Labels;
import io.simarch.operator.OperatorSettings;
import io.simarch.operator.SimarchOperator;
import io.simarch.operator.architecture.ArchitectureStatusAggregator;
import io.simarch.operator.testing.Cluster;
import io.simarch.operator.testing.RequestCounter;
import io.simarch.testkit.OtlpReceiver;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.TestInstance;

/**
 * The chaos monkey against a real API server, with the operator holding exactly the RBAC of
 * rbac-rules.yaml. Without a node, the test plays the kubelet: it marks every new pod Running and
 * Ready through the status subresource, so ReplicaSets, Deployments and the architecture's Ready
 * condition behave as on a node; a deleted pod that no node runs is gone at once, and its
 * ReplicaSet makes a new one. Every deleted pod is recorded, so the test can tell exactly whose
 * pods the monkey took.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ChaosControllerIT {
  static final Duration TIMEOUT = Duration.ofSeconds(120);

  KubernetesClient admin;
  KubernetesClient operatorClient;
  Operator operator;
  String namespace;
  OtlpReceiver receiver;
  SharedIndexInformer<Pod> kubelet;
  ExecutorService kubeletWork;
  final List<Pod> deleted = new CopyOnWriteArrayList<>();
  final Map<String, Pod> bystanders = new ConcurrentHashMap<>();
  final RequestCounter requests = new RequestCounter();
  final ChaosSpans chaosSpans = new ChaosSpans();

  String skip;

  @BeforeAll
  void start() throws Exception {
    if (Cluster.unavailable() != null) {
      return;
    }
    admin = Cluster.client(null);
    if (!admin.nodes().list().getItems().isEmpty()) {
      // a real kubelet would overwrite the phases this test sets and run the pods' containers
      skip =
          "the cluster has nodes; this test plays the kubelet and needs a control plane without"
              + " one (an API server alone); on a cluster with nodes the *E2E covers chaos";
      System.out.println("SKIPPED (ChaosControllerIT): " + skip);
      return;
    }
    Cluster.installCrd(admin);
    namespace = Cluster.createNamespace(admin, "simarch-chaos-it");
    receiver = new OtlpReceiver();
    startKubelet();
    createBystanders();
    operatorClient = Cluster.operatorClient(admin, namespace, requests);
    operator =
        SimarchOperator.create(
            operatorClient,
            OperatorSettings.of("simarch/stub-service:it", Set.of(namespace)),
            chaosSpans,
            o -> {});
    operator.start();
  }

  @BeforeEach
  void needsCluster() {
    Cluster.assumeReachable();
    assumeThat(skip).as("skipped: %s", skip).isNull();
  }

  /**
   * The operator ran under exactly rbac-rules.yaml: the API server refused none of its requests.
   */
  @AfterEach
  void nothingForbidden() {
    assertThat(requests.forbidden()).as("requests rbac-rules.yaml does not allow").isEmpty();
  }

  @AfterAll
  void stop() {
    if (kubelet != null) {
      kubelet.close();
      kubeletWork.shutdownNow();
    }
    Cluster.stop(operator, operatorClient, admin, namespace);
    chaosSpans.close();
    if (receiver != null) {
      receiver.close();
    }
  }

  @Test
  void onlyTheArchitecturesOwnVictimPodsAreDeletedAndMaxKillsHolds() {
    // a second architecture with the same services and no victim, in the same namespace
    apply("bystander", "");
    apply("lamp", "chaos: {interval: 2s, maxKills: 5}\n  victim: webserver");

    var chaos = awaitChaos("lamp", c -> "finished".equals(c.getState()));

    assertThat(chaos.getTotalKills()).isEqualTo(5);
    assertThat(chaos.getPodsKilled()).isEqualTo(5);
    assertThat(chaos.getLastKills())
        .hasSize(5)
        .allSatisfy(
            k -> {
              assertThat(k.getService()).isEqualTo("webserver");
              assertThat(k.getMode()).isEqualTo("delete");
              assertThat(k.getDryRun()).isNull();
            });
    assertThat(chaos.getNextKill()).isNull();
    // maxKills holds: five pods of lamp's webserver, and nothing more while 6 s pass
    await()
        .during(Duration.ofSeconds(6))
        .atMost(Duration.ofSeconds(10))
        .until(() -> deletedOf("lamp").size() == 5);
    assertThat(deletedOf("lamp"))
        .extracting(p -> p.getMetadata().getLabels().get(Labels.SERVICE))
        .containsOnly("webserver");
    assertThat(deletedOf("lamp"))
        .extracting(p -> p.getMetadata().getName())
        .containsExactlyInAnyOrderElementsOf(
            chaos.getLastKills().stream().map(k -> k.getPod()).toList());
    assertThat(deletedOf("bystander")).isEmpty();
    assertBystandersUntouched();

    // every kill left an Event and a span from chaosmonkey
    assertThat(events("lamp", ChaosEvents.REASON))
        .hasSize(5)
        .allSatisfy(
            e ->
                assertThat(e.getMessage())
                    .startsWith("chaosmonkey delete: lamp.us-east-1.")
                    .contains("service webserver"));
    await()
        .atMost(Duration.ofSeconds(20))
        .untilAsserted(
            () ->
                assertThat(receiver.spans())
                    .filteredOn(s -> "lamp".equals(s.resource().get("service.namespace")))
                    .hasSize(5)
                    .allSatisfy(
                        s -> {
                          assertThat(s.service()).isEqualTo(ChaosEvents.SERVICE);
                          assertThat(s.name()).isEqualTo("chaosmonkey delete");
                          assertThat(s.attr(ChaosEvents.VICTIM_SERVICE)).isEqualTo("webserver");
                          assertThat(s.attr(ChaosEvents.VICTIM_ZONE)).startsWith("zone");
                          assertThat(s.attr("k8s.pod.name")).startsWith("lamp-webserver-");
                        }));
  }

  @Test
  void aDryRunDeletesNothingButRecordsWhatItWouldHaveDone() {
    apply("dry", "chaos: {interval: 1s, maxKills: 3, dryRun: true}\n  victim: webserver");

    var chaos = awaitChaos("dry", c -> "finished".equals(c.getState()));

    assertThat(chaos.getTotalKills()).isEqualTo(3);
    assertThat(chaos.getLastKills()).hasSize(3).allSatisfy(k -> assertThat(k.getDryRun()).isTrue());
    assertThat(deletedOf("dry")).isEmpty();
    assertThat(events("dry", ChaosEvents.REASON))
        .hasSize(3)
        .allSatisfy(e -> assertThat(e.getMessage()).startsWith("chaosmonkey dry-run delete: "));
  }

  @Test
  void aZoneOutageTakesExactlyThePodsOfOneZone() {
    apply("outage", "chaos: {mode: zone-outage, zone: zoneA, startDelay: 1s}\n  victim: webserver");
    awaitChaos("outage", c -> "finished".equals(c.getState()));

    // webserver has 4 instances over zoneA, zoneB, zoneC, zoneA: both zoneA pods, killed at once
    assertThat(deletedOf("outage"))
        .hasSize(2)
        .allSatisfy(
            p -> {
              assertThat(p.getMetadata().getLabels().get(Labels.ZONE)).isEqualTo("zoneA");
              assertThat(p.getMetadata().getLabels().get(Labels.SERVICE)).isEqualTo("webserver");
            });
    var chaos = status("outage").getChaos();
    assertThat(chaos.getTotalKills()).isEqualTo(1);
    assertThat(chaos.getPodsKilled()).isEqualTo(2);
    assertThat(events("outage", ChaosEvents.REASON))
        .hasSize(2)
        .allSatisfy(e -> assertThat(e.getMessage()).contains("outage of zoneA"));
  }

  @Test
  void aPodDisruptionBudgetSparesPodsWhenChaosRespectsIt() {
    // the newest PodDisruptionBudget version the server serves
    pdb("guarded", servedPdbVersions().get(0), 0);
    apply(
        "guarded",
        "chaos: {interval: 1s, maxKills: 2, respectPodDisruptionBudgets: true}\n"
            + "  victim: webserver");

    var chaos =
        awaitChaos(
            "guarded",
            c -> c.getMessage() != null && c.getMessage().contains("PodDisruptionBudget"));

    assertThat(chaos.getTotalKills()).isZero();
    assertThat(deletedOf("guarded")).isEmpty();
    assertThat(events("guarded", ChaosMonkey.SPARED)).isNotEmpty();
  }

  /**
   * An eviction a PodDisruptionBudget allows goes through, under a budget of every version the
   * server serves (the kit's 1.20: v1beta1; 1.21-1.24 both; 1.25+ v1); the Eviction body has the
   * version the operator's discovery chose.
   */
  @TestFactory
  Stream<DynamicTest> anEvictionThePodDisruptionBudgetAllowsTakesThePod() {
    return servedPdbVersions().stream()
        .map(
            version ->
                DynamicTest.dynamicTest(
                    version, () -> anEvictionThePodDisruptionBudgetAllowsTakesThePod(version)));
  }

  void anEvictionThePodDisruptionBudgetAllowsTakesThePod(String pdbVersion) {
    String name = "evicted-" + pdbVersion.substring(pdbVersion.indexOf('/') + 1);
    pdb(name, pdbVersion, 1);
    apply(
        name,
        "chaos: {interval: 1s, maxKills: 1, respectPodDisruptionBudgets: true}\n"
            + "  victim: webserver");

    var chaos = awaitChaos(name, c -> "finished".equals(c.getState()));

    assertThat(chaos.getTotalKills()).isEqualTo(1);
    String victim = chaos.getLastKills().get(0).getPod();
    await()
        .atMost(Duration.ofSeconds(20))
        .untilAsserted(
            () ->
                assertThat(deletedOf(name))
                    .extracting(p -> p.getMetadata().getName())
                    .containsExactly(victim));
    // through the eviction subresource, never a plain delete
    assertThat(requests.writes())
        .contains("POST /api/v1/namespaces/" + namespace + "/pods/" + victim + "/eviction")
        .noneMatch(w -> w.startsWith("DELETE ") && w.endsWith("/pods/" + victim));
    assertThat(events(name, ChaosEvents.REASON))
        .singleElement()
        .satisfies(e -> assertThat(e.getMessage()).contains("service webserver"));
  }

  /** The policy versions of PodDisruptionBudget the server serves, newest first (discovery). */
  List<String> servedPdbVersions() {
    var served = PolicyApi.served(admin.getApiGroup("policy"));
    assertThat(served).as("policy versions served for PodDisruptionBudgets").isNotEmpty();
    return served;
  }

  /** A PodDisruptionBudget of {@code apiVersion} over the architecture's webserver pods. */
  void pdb(String architecture, String apiVersion, int maxUnavailable) {
    admin
        .resource(
            "apiVersion: "
                + apiVersion
                + "\nkind: PodDisruptionBudget\nmetadata: {name: "
                + architecture
                + "-webserver, namespace: "
                + namespace
                + "}\nspec:\n  maxUnavailable: "
                + maxUnavailable
                + "\n  selector:\n    matchLabels: {"
                + Labels.ARCHITECTURE
                + ": "
                + architecture
                + ", "
                + Labels.SERVICE
                + ": webserver}\n")
        .create();
  }

  @Test
  void aDeletedArchitecturesTracerProviderIsDropped() {
    apply("shortlived", "chaos: {interval: 1s, maxKills: 1}\n  victim: webserver");
    awaitChaos("shortlived", c -> "finished".equals(c.getState()));
    assertThat(chaosSpans.architectures()).contains(namespace + "/shortlived");

    admin
        .resources(SimulatedArchitecture.class)
        .inNamespace(namespace)
        .withName("shortlived")
        .delete();
    // a deletion calls no reconcile (no finalizer): the reconciles of another architecture prune
    apply("successor", "");

    await()
        .atMost(TIMEOUT)
        .untilAsserted(
            () -> assertThat(chaosSpans.architectures()).doesNotContain(namespace + "/shortlived"));
  }

  @Test
  void anInvalidUpdateStopsTheMonkey() {
    apply("broken", "chaos: {interval: 1s, maxKills: 100}\n  victim: webserver");
    awaitChaos("broken", c -> c.getTotalKills() != null && c.getTotalKills() >= 1);

    apply("broken", "chaos: {interval: 1s, maxKills: 100, zone: nowhere}\n  victim: webserver");
    await()
        .atMost(TIMEOUT)
        .until(
            () ->
                status("broken").getConditions().stream()
                    .anyMatch(
                        c ->
                            ArchitectureStatusAggregator.VALID.equals(c.getType())
                                && "False".equals(c.getStatus())
                                && c.getMessage().contains("spec.chaos.zone")));
    int killed = deletedOf("broken").size();

    await()
        .during(Duration.ofSeconds(5))
        .atMost(Duration.ofSeconds(8))
        .until(() -> deletedOf("broken").size() == killed);
  }

  // --- the architecture, its status, Events -------------------------------------------------

  void apply(String name, String chaos) {
    String yaml =
        "apiVersion: simarch.io/v1alpha1\nkind: SimulatedArchitecture\n"
            + "metadata: {name: "
            + name
            + ", namespace: "
            + namespace
            + "}\nspec:\n"
            + (chaos.isEmpty() ? "" : "  " + chaos + "\n")
            + "  tracing: {endpoint: '"
            + receiver.base()
            + "'}\n"
            + "  services:\n"
            + "    - {name: memcache, package: store, count: 1}\n"
            + "    - {name: webserver, package: monolith, count: 4, dependencies: [memcache]}\n"
            + "    - {name: www, package: denominator, count: 0, regions: 0,"
            + " dependencies: [webserver]}\n";
    var loaded = ArchitectureFiles.parse(yaml, name);
    var resource = loaded.resource();
    resource.getMetadata().setNamespace(namespace);
    admin.resource(resource).fieldManager("simarch-test").forceConflicts().serverSideApply();
  }

  io.simarch.api.v1alpha1.SimulatedArchitectureStatus status(String name) {
    var r =
        admin.resources(SimulatedArchitecture.class).inNamespace(namespace).withName(name).get();
    return r == null || r.getStatus() == null
        ? new io.simarch.api.v1alpha1.SimulatedArchitectureStatus()
        : r.getStatus();
  }

  ChaosStatus awaitChaos(String name, java.util.function.Predicate<ChaosStatus> until) {
    return await()
        .atMost(TIMEOUT)
        .until(() -> status(name).getChaos(), c -> c != null && until.test(c));
  }

  List<Event> events(String architecture, String reason) {
    return admin.v1().events().inNamespace(namespace).list().getItems().stream()
        .filter(e -> architecture.equals(e.getInvolvedObject().getName()))
        .filter(e -> reason.equals(e.getReason()))
        .toList();
  }

  List<Pod> deletedOf(String architecture) {
    return deleted.stream()
        .filter(
            p ->
                p.getMetadata().getLabels() != null
                    && architecture.equals(p.getMetadata().getLabels().get(Labels.ARCHITECTURE)))
        .toList();
  }

  // --- the fake kubelet and the bystanders --------------------------------------------------

  /** Marks every new pod Running and Ready, and records every pod deleted. */
  void startKubelet() {
    kubeletWork = Executors.newSingleThreadExecutor();
    kubelet =
        admin
            .pods()
            .inNamespace(namespace)
            .inform(
                new ResourceEventHandler<>() {
                  @Override
                  public void onAdd(Pod pod) {
                    kubeletWork.submit(() -> run(pod));
                  }

                  @Override
                  public void onUpdate(Pod before, Pod pod) {}

                  @Override
                  public void onDelete(Pod pod, boolean unknown) {
                    deleted.add(pod);
                  }
                });
  }

  private void run(Pod pod) {
    if (pod.getStatus() != null && "Running".equals(pod.getStatus().getPhase())) {
      return;
    }
    String now = Instant.now().toString();
    try {
      admin
          .pods()
          .inNamespace(namespace)
          .withName(pod.getMetadata().getName())
          .editStatus(
              p ->
                  new PodBuilder(p)
                      .editOrNewStatus()
                      .withPhase("Running")
                      .withStartTime(now)
                      .withConditions(
                          new PodConditionBuilder()
                              .withType("Ready")
                              .withStatus("True")
                              .withLastTransitionTime(now)
                              .build())
                      .endStatus()
                      .build());
    } catch (KubernetesClientException e) {
      // deleted before it ran: nothing to do
    }
  }

  /**
   * Pods the monkey must never touch: unlabelled ones, and a bare pod that carries every label of
   * lamp's webserver but no ReplicaSet owner (a pod someone made by hand).
   */
  void createBystanders() {
    var impostor =
        new PodBuilder()
            .withNewMetadata()
            .withName("impostor")
            .withLabels(Labels.forService("lamp", "webserver", "monolith"))
            .endMetadata()
            .withNewSpec()
            .addNewContainer()
            .withName("c")
            .withImage("simarch/none:it")
            .endContainer()
            .endSpec()
            .build();
    impostor.getMetadata().getLabels().put(Labels.ZONE, "zoneA");
    impostor.getMetadata().getLabels().put(Labels.REGION, "us-east-1");
    for (Pod p :
        List.of(
            impostor,
            new PodBuilder(impostor)
                .editMetadata()
                .withName("unlabelled")
                .withLabels(Map.of())
                .endMetadata()
                .build())) {
      var created = admin.pods().inNamespace(namespace).resource(p).create();
      bystanders.put(created.getMetadata().getName(), created);
    }
  }

  void assertBystandersUntouched() {
    for (var e : bystanders.entrySet()) {
      var now = admin.pods().inNamespace(namespace).withName(e.getKey()).get();
      assertThat(now).as(e.getKey()).isNotNull();
      assertThat(now.getMetadata().getUid()).isEqualTo(e.getValue().getMetadata().getUid());
    }
  }
}
