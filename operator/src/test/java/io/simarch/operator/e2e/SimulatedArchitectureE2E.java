package io.simarch.operator.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.javaoperatorsdk.operator.Operator;
import io.simarch.api.model.ChaosEvents;
import io.simarch.api.v1alpha1.ChaosSpec;
import io.simarch.api.v1alpha1.SimulatedArchitecture;
import io.simarch.api.v1alpha1.TracingSpec;
import io.simarch.operator.Labels;
import io.simarch.operator.OperatorSettings;
import io.simarch.operator.SimarchOperator;
import io.simarch.operator.testing.Architectures;
import io.simarch.operator.testing.Cluster;
import io.simarch.testkit.OtlpReceiver;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.assertj.core.api.InstanceOfAssertFactories;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * End to end on a cluster with a node, where stub pods really run: installs the CRD from crds/,
 * runs the operator, applies examples/lamp.yaml, waits for every Deployment to be available, checks
 * the status and the printer columns, sees the chaos monkey delete a webserver and its Deployment
 * replace it, deletes the architecture and sees everything garbage-collected; then migration step 0
 * → 1 keeps the unchanged pods. With {@code -Dsimarch.e2e.collectorHost} (an address of this host
 * that pods reach, e.g. the kit's gateway 10.245.0.1), a trace receiver listens there and the test
 * sees the stubs' spans and the chaos monkey's span arrive. The stub image must be in the cluster:
 * {@code images/build.sh}, then load {@code stub-service/target/jib-image.tar} (e.g. {@code kind
 * load image-archive}). One command (operator/README.md):
 *
 * <pre>
 * mvn -B -pl operator -Pe2e verify -Dit.test=SimulatedArchitectureE2E \
 *     -Dsimarch.stubImage=simarch/stub-service:0.1.0 -Dsimarch.e2e.collectorHost=10.245.0.1
 * </pre>
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SimulatedArchitectureE2E {
  static final Duration AVAILABLE = Duration.ofMinutes(10);
  static final Duration GC = Duration.ofMinutes(4);

  @RegisterExtension final E2eGate gate = new E2eGate(getClass());
  E2eCluster cluster;
  KubernetesClient client;
  Operator operator;
  String namespace;
  String stubImage;
  OtlpReceiver receiver;

  @BeforeAll
  void setUp() {
    stubImage = gate.stubImage();
    cluster = stubImage == null ? null : gate.cluster();
    if (cluster == null) {
      return;
    }
    System.out.println("E2E on " + cluster.describe() + " with stub image " + stubImage);
    client = cluster.client();
    String collectorHost = System.getProperty("simarch.e2e.collectorHost");
    if (collectorHost != null && !collectorHost.isBlank()) {
      try {
        receiver = new OtlpReceiver(collectorHost, true);
      } catch (IOException e) {
        throw new UncheckedIOException("cannot listen on " + collectorHost, e);
      }
    } else {
      System.out.println(
          "E2E: no -Dsimarch.e2e.collectorHost: the trace checks (stub and chaos spans) are"
              + " skipped");
    }
    Cluster.installCrd(client);
    namespace = Cluster.createNamespace(client, "simarch-e2e");
    operator =
        SimarchOperator.create(cluster.client(), OperatorSettings.of(stubImage, Set.of(namespace)));
    operator.start();
  }

  @AfterAll
  void tearDown() {
    if (operator != null) {
      operator.stop();
    }
    if (client != null) {
      Cluster.deleteNamespace(client, namespace);
      client.close();
    }
    if (cluster != null) {
      cluster.close();
    }
    if (receiver != null) {
      receiver.close();
    }
  }

  @Test
  @Order(1)
  void testLampRunsReportsReadySurvivesTheChaosMonkeyAndIsGarbageCollected() throws Exception {
    var lamp = Architectures.example("examples/lamp.yaml");
    // spigo's monkey would strike halfway through lamp's 10 minutes of traffic: sooner here
    var chaos = new ChaosSpec();
    chaos.setStartDelay("20s");
    lamp.getSpec().setChaos(chaos);
    if (receiver != null) {
      var tracing = new TracingSpec();
      tracing.setEndpoint(receiver.base());
      tracing.setSampling(0.05);
      lamp.getSpec().setTracing(tracing);
    }
    apply(lamp);

    awaitAvailable("lamp");
    await("Ready=True")
        .atMost(Duration.ofMinutes(2))
        .until(() -> "True".equals(condition(live("lamp"), "Ready")));
    var status = live("lamp").getStatus();
    assertThat(status.getInstances()).isEqualTo("23/23");
    assertThat(status.getServiceCount()).isEqualTo(5);
    assertThat(condition(live("lamp"), "Valid")).isEqualTo("True");
    assertThat(condition(live("lamp"), "Progressing")).isEqualTo("False");

    assertThat(printerColumns("lamp"))
        .containsEntry("Ready", "True")
        .containsEntry("Victim", "webserver")
        .containsEntry("Instances", "23/23")
        .containsEntry("Services", "5");

    chaosMonkeyDeletesAWebserverAndItsDeploymentReplacesIt();

    deleteAndAwaitGarbageCollection("lamp");
  }

  private void chaosMonkeyDeletesAWebserverAndItsDeploymentReplacesIt() {
    var before = podUids("lamp", "webserver");
    assertThat(before).hasSize(18);

    var chaos =
        await("the chaos monkey's kill")
            .atMost(Duration.ofMinutes(3))
            .until(
                () -> live("lamp").getStatus().getChaos(),
                c -> c != null && c.getTotalKills() != null && c.getTotalKills() == 1);
    var kill = chaos.getLastKills().get(0);
    assertThat(kill.getService()).isEqualTo("webserver");
    assertThat(kill.getMode()).isEqualTo("delete");
    assertThat(before).containsKey(kill.getPod());
    assertThat(chaos.getState()).isEqualTo("finished");

    await("the victim replaced")
        .atMost(AVAILABLE)
        .pollInterval(Duration.ofSeconds(2))
        .untilAsserted(
            () -> {
              var after = podUids("lamp", "webserver");
              assertThat(after).hasSize(18).doesNotContainKey(kill.getPod());
              assertThat(after.values()).doesNotContain(before.get(kill.getPod()));
            });
    awaitAvailable("lamp");
    assertThat(
            client.v1().events().inNamespace(namespace).list().getItems().stream()
                .filter(e -> ChaosEvents.REASON.equals(e.getReason()))
                .map(e -> e.getMessage()))
        .singleElement(InstanceOfAssertFactories.STRING)
        .startsWith("chaosmonkey delete: lamp.")
        .contains(kill.getPod());

    if (receiver != null) {
      await("the stubs' and the chaos monkey's spans")
          .atMost(Duration.ofMinutes(2))
          .untilAsserted(
              () -> {
                var spans = receiver.spans();
                assertThat(spans)
                    .filteredOn(sp -> ChaosEvents.SERVICE.equals(sp.service()))
                    .singleElement()
                    .satisfies(
                        sp ->
                            assertThat(sp.attr(ChaosEvents.VICTIM_INSTANCE))
                                .isEqualTo(kill.getPod()));
                assertThat(spans.stream().map(OtlpReceiver.Received::service))
                    .contains("webserver", "memcache", "rds-mysql");
              });
    }
  }

  @Test
  @Order(2)
  void testMigrationStepKeepsUnchangedPods() {
    apply(Architectures.example("examples/migration/step-0.yaml"));
    awaitAvailable("migration");
    var before = podUids("migration", "rds-mysql");

    apply(Architectures.example("examples/migration/step-1.yaml"));
    await("memcache added")
        .atMost(AVAILABLE)
        .until(
            () ->
                children(Deployment.class, "migration").stream()
                    .anyMatch(d -> d.getMetadata().getName().startsWith("migration-memcache")));
    awaitAvailable("migration");
    assertThat(podUids("migration", "rds-mysql")).as("unchanged rds-mysql pods").isEqualTo(before);

    deleteAndAwaitGarbageCollection("migration");
  }

  // --- helpers

  private void apply(SimulatedArchitecture resource) {
    resource.getMetadata().setNamespace(namespace);
    resource.setStatus(null);
    // Kubernetes 1.20's server-side apply turns "" into null, which the schema rejects
    if ("".equals(resource.getSpec().getVictim())) {
      resource.getSpec().setVictim(null);
    }
    client.resource(resource).fieldManager("simarch-e2e").forceConflicts().serverSideApply();
  }

  private SimulatedArchitecture live(String name) {
    return client
        .resources(SimulatedArchitecture.class)
        .inNamespace(namespace)
        .withName(name)
        .get();
  }

  private static String condition(SimulatedArchitecture live, String type) {
    if (live == null || live.getStatus() == null) {
      return "";
    }
    return live.getStatus().getConditions().stream()
        .filter(c -> type.equals(c.getType()))
        .map(c -> c.getStatus())
        .findFirst()
        .orElse("");
  }

  private void awaitAvailable(String name) {
    await(name + ": every Deployment available")
        .atMost(AVAILABLE)
        .pollInterval(Duration.ofSeconds(2))
        .untilAsserted(
            () -> {
              var live = live(name);
              assertThat(live.getStatus()).isNotNull();
              assertThat(live.getStatus().getObservedGeneration())
                  .isEqualTo(live.getMetadata().getGeneration());
              var deployments = children(Deployment.class, name);
              assertThat(deployments).isNotEmpty();
              for (Deployment d : deployments) {
                assertThat(d.getStatus().getAvailableReplicas())
                    .as(d.getMetadata().getName())
                    .isEqualTo(d.getSpec().getReplicas());
                assertThat(d.getStatus().getUpdatedReplicas()).isEqualTo(d.getSpec().getReplicas());
              }
            });
  }

  /** The row kubectl get prints, read from the API's Table form. */
  private Map<String, String> printerColumns(String name) throws Exception {
    var url =
        URI.create(
                client.getMasterUrl().toString().replaceAll("/$", "")
                    + "/apis/simarch.io/v1alpha1/namespaces/"
                    + namespace
                    + "/simulatedarchitectures/"
                    + name)
            .toURL();
    var http = client.getHttpClient();
    var request =
        http.newHttpRequestBuilder()
            .url(url)
            .header("Accept", "application/json;as=Table;v=v1;g=meta.k8s.io")
            .build();
    var response = http.sendAsync(request, String.class).get();
    assertThat(response.code()).isEqualTo(200);
    JsonNode table = new ObjectMapper().readTree(response.body());
    var out = new HashMap<String, String>();
    var columns = table.get("columnDefinitions");
    var cells = table.get("rows").get(0).get("cells");
    for (int i = 0; i < columns.size(); i++) {
      out.put(columns.get(i).get("name").asText(), cells.get(i).asText());
    }
    return out;
  }

  private void deleteAndAwaitGarbageCollection(String name) {
    client.resources(SimulatedArchitecture.class).inNamespace(namespace).withName(name).delete();
    await(name + ": children garbage-collected")
        .atMost(GC)
        .pollInterval(Duration.ofSeconds(2))
        .untilAsserted(
            () -> {
              assertThat(children(ConfigMap.class, name)).isEmpty();
              assertThat(children(Deployment.class, name)).isEmpty();
              assertThat(children(Service.class, name)).isEmpty();
              assertThat(children(NetworkPolicy.class, name)).isEmpty();
              assertThat(children(Pod.class, name)).isEmpty();
            });
  }

  private <T extends HasMetadata> List<T> children(Class<T> type, String architecture) {
    return client
        .resources(type)
        .inNamespace(namespace)
        .withLabel(Labels.ARCHITECTURE, architecture)
        .list()
        .getItems();
  }

  private Map<String, String> podUids(String architecture, String service) {
    return client
        .pods()
        .inNamespace(namespace)
        .withLabel(Labels.ARCHITECTURE, architecture)
        .withLabel(Labels.SERVICE, service)
        .list()
        .getItems()
        .stream()
        .collect(
            Collectors.toMap(
                p -> p.getMetadata().getName(),
                p -> p.getMetadata().getUid(),
                (a, b) -> a,
                TreeMap::new));
  }
}
