package io.simarch.operator.architecture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.javaoperatorsdk.operator.Operator;
import io.simarch.api.v1alpha1.ServiceSpec;
import io.simarch.api.v1alpha1.SimulatedArchitecture;
import io.simarch.api.v1alpha1.StubSpec;
import io.simarch.operator.Annotations;
import io.simarch.operator.Labels;
import io.simarch.operator.OperatorSettings;
import io.simarch.operator.SimarchOperator;
import io.simarch.operator.architecture.desired.DesiredArchitecture;
import io.simarch.operator.architecture.desired.StubConfigMaps;
import io.simarch.operator.architecture.desired.StubDeployments;
import io.simarch.operator.architecture.desired.StubNetworkPolicies;
import io.simarch.operator.architecture.desired.StubServices;
import io.simarch.operator.testing.Architectures;
import io.simarch.operator.testing.Cluster;
import io.simarch.operator.testing.ReconcileCounter;
import io.simarch.operator.testing.RequestCounter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The operator against a real API server (KUBECONFIG): children by server-side apply, status on the
 * status subresource, migration steps, invalid updates, no-op resyncs and garbage collection. Pods
 * stay Pending without a node, which is enough: their UIDs show whether a change rolled them.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SimulatedArchitectureReconcilerIT {
  static final String NAME = "migration";
  static final String FIELD_MANAGER = SimulatedArchitectureReconciler.NAME;
  static final Duration TIMEOUT = Duration.ofSeconds(90);

  KubernetesClient admin;
  KubernetesClient operatorClient;
  RequestCounter requests;
  final List<String> forbidden = new ArrayList<>();
  ReconcileCounter reconciles;
  Operator operator;
  String namespace;
  Cluster.OperatorAccount account;

  @BeforeAll
  void startOperator() {
    if (Cluster.unavailable() != null) {
      return;
    }
    admin = Cluster.client(null);
    Cluster.installCrd(admin);
    namespace = Cluster.createNamespace(admin, "simarch-it");
    // the operator holds exactly rbac-rules.yaml: any request it needs beyond that fails here
    account = Cluster.operatorAccount(admin, namespace);
    start();
  }

  @BeforeEach
  void needsCluster() {
    Cluster.assumeReachable();
  }

  @AfterAll
  void stopOperator() {
    Cluster.stop(operator, operatorClient, admin, namespace);
  }

  private void start() {
    if (requests != null) {
      forbidden.addAll(requests.forbidden());
    }
    requests = new RequestCounter();
    reconciles = new ReconcileCounter();
    operatorClient = account.client(requests);
    var settings = OperatorSettings.of("simarch/stub-service:it", Set.of(namespace));
    operator = SimarchOperator.create(operatorClient, settings, o -> o.withMetrics(reconciles));
    operator.start();
  }

  @Test
  @Order(1)
  void testCreateAppliesChildrenServerSideAndWritesStatus() {
    var live = applyAndAwait(step(0));

    for (HasMetadata child : allChildren()) {
      // JOSDK keeps ConfigMaps (and Secrets) on create/update by default; the rest is applied
      assertThat(managers(child))
          .as(child.getKind() + " " + child.getMetadata().getName())
          .anyMatch(
              m ->
                  child instanceof ConfigMap
                      ? m.endsWith("/Update")
                      : m.equals(FIELD_MANAGER + "/Apply"));
      assertThat(child.getMetadata().getOwnerReferences())
          .singleElement()
          .satisfies(o -> assertThat(o.getUid()).isEqualTo(live.getMetadata().getUid()));
      assertThat(child.getMetadata().getLabels())
          .containsEntry(Labels.ARCHITECTURE, NAME)
          .containsEntry(Labels.MANAGED_BY, Labels.OPERATOR_NAME);
    }
    var status = live.getStatus();
    assertThat(status.getServiceCount()).isEqualTo(4);
    assertThat(status.getDesiredInstances()).isEqualTo(13);
    assertThat(status.getInstances()).isEqualTo("0/13");
    assertThat(condition(live, "Valid")).isEqualTo("True SpecValid");
    assertThat(condition(live, "Ready")).isEqualTo("False InstancesNotReady");
    assertThat(managers(live))
        .as("status written by server-side apply on the status subresource")
        .contains(FIELD_MANAGER + "/Apply");
    // 1.20 has no managedFields[].subresource yet: the applied fields show it is the status
    assertThat(
            live.getMetadata().getManagedFields().stream()
                .filter(m -> FIELD_MANAGER.equals(m.getManager()))
                .map(m -> m.getFieldsV1().getAdditionalProperties().keySet()))
        .singleElement()
        .isEqualTo(Set.of("f:status"));
  }

  @Test
  @Order(2)
  void testEachMigrationStepChangesOnlyWhatChanged() {
    awaitPodsCreated();
    for (int step = 1; step <= 9; step++) {
      long t0 = System.nanoTime();
      var before = snapshot();
      var beforeDesired = desired(live());

      var after = applyAndAwait(step(step));
      long reconciledMs = (System.nanoTime() - t0) / 1_000_000;
      var afterDesired = desired(after);
      awaitPodsCreated();
      var now = snapshot();

      var unchanged = unchangedCells(beforeDesired, afterDesired);
      int kept = 0;
      for (String cell : unchanged) {
        // a rollout from an earlier step never finishes without a node: its pods still move
        if (before.settled().contains(cell)) {
          assertThat(now.podUids(cell))
              .as("step %d: pods of unchanged %s keep their UIDs", step, cell)
              .isEqualTo(before.podUids(cell))
              .isNotEmpty();
          kept++;
        }
        assertThat(now.generation(cell))
            .as("step %d: unchanged Deployment %s not written", step, cell)
            .isEqualTo(before.generation(cell));
      }
      for (var s : afterDesired.services().values()) {
        var old = beforeDesired.service(s.name());
        String cm = StubConfigMaps.name(NAME, s.name());
        if (old != null && old.configHash().equals(s.configHash())) {
          assertThat(now.configMapVersions.get(cm))
              .as("step %d: unchanged ConfigMap %s not written", step, cm)
              .isEqualTo(before.configMapVersions.get(cm));
        }
      }
      for (Deployment d :
          admin
              .apps()
              .deployments()
              .inNamespace(namespace)
              .withLabel(Labels.ARCHITECTURE, NAME)
              .list()
              .getItems()) {
        String service = d.getMetadata().getAnnotations().get(Annotations.SERVICE_NAME);
        assertThat(d.getSpec().getTemplate().getMetadata().getAnnotations())
            .as("step %d: %s rolled to its new configuration", step, d.getMetadata().getName())
            .containsEntry(Annotations.CONFIG_HASH, afterDesired.service(service).configHash());
      }
      System.out.printf(
          "step %d: %d services, %d Deployments, %d unchanged (%d settled kept every pod UID);"
              + " reconciled in %d ms%n",
          step,
          afterDesired.services().size(),
          afterDesired.plan().cells().size(),
          unchanged.size(),
          kept,
          reconciledMs);
      assertThat(kept).as("step %d: some unchanged pods were checked", step).isPositive();
    }
  }

  @Test
  @Order(3)
  void testResyncWithNothingChangedMakesNoWrite() throws Exception {
    awaitStable();
    operator.stop();
    operatorClient.close();
    start();

    await("a full resync after a restart")
        .atMost(TIMEOUT)
        .until(() -> reconciles.finished(NAME) >= 1);
    Thread.sleep(3000);
    assertThat(requests.writes()).as("writes during a resync with nothing changed").isEmpty();

    // an event on a child (someone labels a Deployment) triggers a reconcile: still no write
    int seen = reconciles.finished(NAME);
    var d =
        admin
            .apps()
            .deployments()
            .inNamespace(namespace)
            .withLabel(Labels.ARCHITECTURE, NAME)
            .list()
            .getItems()
            .get(0);
    admin
        .apps()
        .deployments()
        .inNamespace(namespace)
        .withName(d.getMetadata().getName())
        .edit(
            x -> {
              x.getMetadata().getLabels().put("touched-by", "it");
              return x;
            });
    await("a reconcile after the child event")
        .atMost(TIMEOUT)
        .until(() -> reconciles.finished(NAME) > seen);
    Thread.sleep(2000);
    assertThat(requests.writes()).as("writes after an event that changed nothing we own").isEmpty();
    System.out.printf("no-op resync: %d requests, 0 writes%n", requests.requests());
  }

  @Test
  @Order(4)
  void testInvalidUpdateDeletesNothingAndSaysWhy() {
    applyAndAwait(step(9));
    var uidsBefore = childUids();
    var invalid = step(9);
    invalid.getSpec().getServices().get(0).getDependencies().add("nope");
    invalid.getSpec().getServices().add(new ServiceSpec("Bad_Name", "store", 1, 1));
    var applied = apply(invalid);
    long generation = applied.getMetadata().getGeneration();

    await("Valid=False")
        .atMost(TIMEOUT)
        .until(
            () -> observed(live(), generation) && condition(live(), "Valid").startsWith("False"));
    var live = live();
    assertThat(condition(live, "Valid")).isEqualTo("False InvalidSpec");
    String message = conditionMessage(live, "Valid");
    assertThat(message).contains("nope").contains("Bad_Name");
    assertThat(childUids()).as("no child deleted or replaced").isEqualTo(uidsBefore);
    await("an InvalidSpec Event")
        .atMost(TIMEOUT)
        .until(
            () ->
                admin.v1().events().inNamespace(namespace).list().getItems().stream()
                    .anyMatch(
                        e ->
                            "InvalidSpec".equals(e.getReason())
                                && NAME.equals(e.getInvolvedObject().getName())
                                && e.getMessage().contains("nope")));

    var fixed = applyAndAwait(step(9));
    assertThat(condition(fixed, "Valid")).isEqualTo("True SpecValid");
    assertThat(childUids()).isEqualTo(uidsBefore);
  }

  @Test
  @Order(5)
  void testNetworkPoliciesCanBeSwitchedOff() {
    var off = step(9);
    var stub = new StubSpec();
    stub.setNetworkPolicies(false);
    off.getSpec().setStub(stub);
    applyAndAwait(off);
    assertThat(children(NetworkPolicy.class)).isEmpty();

    applyAndAwait(step(9));
    assertThat(children(NetworkPolicy.class)).hasSize(step(9).getSpec().getServices().size());
  }

  @Test
  @Order(6)
  void testDeleteGarbageCollectsEverything() {
    assertThat(allChildren()).isNotEmpty();
    admin.resources(SimulatedArchitecture.class).inNamespace(namespace).withName(NAME).delete();

    // the garbage collector may need its 30 s discovery resync to notice a brand-new CRD
    await("children garbage-collected")
        .atMost(Duration.ofMinutes(4))
        .pollInterval(Duration.ofSeconds(2))
        .untilAsserted(
            () -> {
              assertThat(allChildren()).isEmpty();
              assertThat(
                      admin
                          .pods()
                          .inNamespace(namespace)
                          .withLabel(Labels.ARCHITECTURE, NAME)
                          .list()
                          .getItems())
                  .isEmpty();
            });
  }

  @Test
  @Order(7)
  void testEveryRequestOfTheOperatorWasAllowedByRbacRules() {
    forbidden.addAll(requests.forbidden());
    assertThat(forbidden).as("requests rbac-rules.yaml does not allow").isEmpty();
  }

  // --- helpers

  private SimulatedArchitecture step(int n) {
    var resource = Architectures.example("examples/migration/step-" + n + ".yaml");
    resource.getMetadata().setNamespace(namespace);
    return resource;
  }

  /** As {@code kubectl apply --server-side} would. */
  private SimulatedArchitecture apply(SimulatedArchitecture resource) {
    resource.setStatus(null);
    resource.getMetadata().setNamespace(namespace);
    // Kubernetes 1.20's server-side apply reads an empty string as null, which the schema rejects
    // ("spec.victim must be of type string"); the examples write victim: "" for "no victim"
    if (resource.getSpec().getVictim() != null && resource.getSpec().getVictim().isEmpty()) {
      resource.getSpec().setVictim(null);
    }
    return admin.resource(resource).fieldManager("it-user").forceConflicts().serverSideApply();
  }

  /** Applies and waits until the status describes this generation and every child is as built. */
  private SimulatedArchitecture applyAndAwait(SimulatedArchitecture resource) {
    long generation = apply(resource).getMetadata().getGeneration();
    await("reconciled generation " + generation)
        .atMost(TIMEOUT)
        .pollInterval(Duration.ofMillis(250))
        .untilAsserted(
            () -> {
              var live = live();
              assertThat(observed(live, generation)).as("observedGeneration").isTrue();
              var d = desired(live);
              assertThat(names(children(ConfigMap.class)))
                  .isEqualTo(names(StubConfigMaps.desired(d)));
              assertThat(names(children(Deployment.class)))
                  .isEqualTo(names(StubDeployments.desired(d)));
              assertThat(names(children(Service.class))).isEqualTo(names(StubServices.desired(d)));
              assertThat(names(children(NetworkPolicy.class)))
                  .isEqualTo(
                      NetworkPoliciesEnabled.enabled(live)
                          ? names(StubNetworkPolicies.desired(d))
                          : Set.of());
            });
    return live();
  }

  private static boolean observed(SimulatedArchitecture live, long generation) {
    return live.getStatus() != null
        && live.getStatus().getObservedGeneration() != null
        && live.getStatus().getObservedGeneration() == generation;
  }

  private SimulatedArchitecture live() {
    return admin.resources(SimulatedArchitecture.class).inNamespace(namespace).withName(NAME).get();
  }

  private DesiredArchitecture desired(SimulatedArchitecture live) {
    return DesiredArchitecture.of(
        live, OperatorSettings.defaults().withStubImage("simarch/stub-service:it"));
  }

  private <T extends HasMetadata> List<T> children(Class<T> type) {
    return admin
        .resources(type)
        .inNamespace(namespace)
        .withLabel(Labels.ARCHITECTURE, NAME)
        .list()
        .getItems();
  }

  private List<HasMetadata> allChildren() {
    var out = new ArrayList<HasMetadata>();
    out.addAll(children(ConfigMap.class));
    out.addAll(children(Deployment.class));
    out.addAll(children(Service.class));
    out.addAll(children(NetworkPolicy.class));
    return out;
  }

  private Map<String, String> childUids() {
    return allChildren().stream()
        .collect(
            Collectors.toMap(
                c -> c.getKind() + "/" + c.getMetadata().getName(),
                c -> c.getMetadata().getUid(),
                (a, b) -> a,
                TreeMap::new));
  }

  private static Set<String> names(List<? extends HasMetadata> objects) {
    return objects.stream()
        .map(o -> o.getMetadata().getName())
        .collect(Collectors.toCollection(TreeSet::new));
  }

  private static List<String> managers(HasMetadata o) {
    return o.getMetadata().getManagedFields().stream()
        .map(m -> m.getManager() + "/" + m.getOperation())
        .toList();
  }

  private static String condition(SimulatedArchitecture live, String type) {
    return live.getStatus().getConditions().stream()
        .filter(c -> c.getType().equals(type))
        .map(c -> c.getStatus() + " " + c.getReason())
        .findFirst()
        .orElse("missing");
  }

  private static String conditionMessage(SimulatedArchitecture live, String type) {
    return live.getStatus().getConditions().stream()
        .filter(c -> c.getType().equals(type))
        .map(c -> c.getMessage())
        .findFirst()
        .orElse("");
  }

  /** Cells whose Deployment is the same before and after: same name, replicas and config. */
  private static List<String> unchangedCells(
      DesiredArchitecture before, DesiredArchitecture after) {
    var old =
        StubDeployments.desired(before).stream()
            .collect(Collectors.toMap(d -> d.getMetadata().getName(), d -> d));
    var out = new ArrayList<String>();
    for (Deployment d : StubDeployments.desired(after)) {
      var o = old.get(d.getMetadata().getName());
      if (o != null && o.getSpec().equals(d.getSpec())) {
        out.add(d.getMetadata().getName());
      }
    }
    return out;
  }

  /**
   * Waits until the ReplicaSet controller made every Deployment's pods and the Deployment
   * controller has reported them: {@link #snapshot()} tells a settled Deployment by its status,
   * which lags the pods on a loaded machine.
   */
  private void awaitPodsCreated() {
    await("pods created and reported in each Deployment's status")
        .atMost(TIMEOUT)
        .pollInterval(Duration.ofMillis(500))
        .untilAsserted(
            () -> {
              var all = children(Pod.class);
              for (Deployment d : children(Deployment.class)) {
                var pods = pods(d, all);
                String name = d.getMetadata().getName();
                assertThat(pods.size())
                    .as("pods of " + name)
                    .isGreaterThanOrEqualTo(d.getSpec().getReplicas());
                var st = d.getStatus();
                assertThat(st == null ? null : st.getObservedGeneration())
                    .as("generation observed by the Deployment controller for " + name)
                    .isEqualTo(d.getMetadata().getGeneration());
                assertThat(st.getReplicas())
                    .as("replicas in the status of " + name)
                    .isEqualTo(pods.size());
              }
            });
  }

  /** Waits until the status stops changing (Deployments report their pods). */
  private void awaitStable() throws InterruptedException {
    String last = "";
    for (int i = 0; i < 60; i++) {
      String now = String.valueOf(live().getMetadata().getResourceVersion());
      if (now.equals(last)) {
        return;
      }
      last = now;
      Thread.sleep(2000);
    }
  }

  private static List<Pod> pods(Deployment d, List<Pod> all) {
    var selector = d.getSpec().getSelector().getMatchLabels().entrySet();
    return all.stream()
        .filter(p -> p.getMetadata().getLabels().entrySet().containsAll(selector))
        .toList();
  }

  private Snapshot snapshot() {
    var s = new Snapshot(new TreeMap<>(), new TreeMap<>(), new TreeMap<>(), new TreeSet<>());
    var all = children(Pod.class);
    for (Deployment d : children(Deployment.class)) {
      var st = d.getStatus();
      if (st != null
          && d.getMetadata().getGeneration().equals(st.getObservedGeneration())
          && d.getSpec().getReplicas().equals(st.getReplicas())
          && d.getSpec().getReplicas().equals(st.getUpdatedReplicas())) {
        s.settled.add(d.getMetadata().getName());
      }
      s.pods.put(
          d.getMetadata().getName(),
          pods(d, all).stream()
              .map(p -> p.getMetadata().getUid())
              .collect(Collectors.toCollection(TreeSet::new)));
      s.generations.put(d.getMetadata().getName(), d.getMetadata().getGeneration());
    }
    for (ConfigMap cm : children(ConfigMap.class)) {
      s.configMapVersions.put(cm.getMetadata().getName(), cm.getMetadata().getResourceVersion());
    }
    return s;
  }

  record Snapshot(
      Map<String, Set<String>> pods,
      Map<String, Long> generations,
      Map<String, String> configMapVersions,
      Set<String> settled) {
    Set<String> podUids(String deployment) {
      return pods.getOrDefault(deployment, Set.of());
    }

    Long generation(String deployment) {
      return generations.get(deployment);
    }
  }
}
