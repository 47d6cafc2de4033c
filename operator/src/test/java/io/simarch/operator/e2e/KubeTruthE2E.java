package io.simarch.operator.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.javaoperatorsdk.operator.Operator;
import io.simarch.api.v1alpha1.ServiceSpec;
import io.simarch.api.v1alpha1.TracingSpec;
import io.simarch.api.v1alpha1.TrafficSpec;
import io.simarch.cli.Simarch;
import io.simarch.cli.VerifyCommand;
import io.simarch.cli.verify.VerifyReport;
import io.simarch.operator.Labels;
import io.simarch.operator.OperatorSettings;
import io.simarch.operator.SimarchOperator;
import io.simarch.operator.testing.Architectures;
import io.simarch.operator.testing.Cluster;
import io.simarch.testkit.ChildProcess;
import java.io.IOException;
import java.net.HttpURLConnection;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * {@code simarch verify --kube} on a cluster with a node: the operator runs a three-service chain
 * whose pods export spans straight to a real Zipkin (the {@code zipkin-server} exec jar the pom
 * copies) listening on an address of this host the pods reach ({@code -Dsimarch.e2e.collectorHost},
 * the kit's gateway 10.245.0.1). verify finds the root pod through the API server, fetches its
 * truth through {@code pods/proxy} and finds the traces complete (exit 0); the same truth against
 * that Zipkin restarted empty is every trace missing (exit 3). Needs KUBECONFIG (the verify command
 * reads it, as a user's would) and the stub image in the cluster:
 *
 * <pre>
 * mvn -B -pl operator -am -Pe2e verify -Dtest=none -Dsurefire.failIfNoSpecifiedTests=false \
 *     -Dit.test=KubeTruthE2E -Dsimarch.stubImage=simarch/stub-service:0.1.0 \
 *     -Dsimarch.e2e.collectorHost=10.245.0.1
 * </pre>
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class KubeTruthE2E {
  static final String NAME = "chain";

  String skip;
  KubernetesClient client;
  Operator operator;
  String namespace;
  String zipkinHost;
  int zipkinPort;
  ChildProcess zipkin;
  Path tmp;

  @BeforeAll
  void setUp() throws IOException {
    String stubImage =
        System.getProperty("simarch.stubImage", System.getenv("SIMARCH_E2E_STUB_IMAGE"));
    zipkinHost = System.getProperty("simarch.e2e.collectorHost");
    if (stubImage == null || stubImage.isBlank()) {
      skip("no stub image: pass -Dsimarch.stubImage=<image loaded into the cluster>");
      return;
    }
    if (zipkinHost == null || zipkinHost.isBlank()) {
      skip("no -Dsimarch.e2e.collectorHost: pods would have no Zipkin to export to");
      return;
    }
    // verify --kube reads the user's kubeconfig itself: a Testcontainers k3s has none to give it
    if (Cluster.unavailable() != null) {
      skip(Cluster.unavailable());
      return;
    }
    tmp = Files.createTempDirectory("kubetruth-e2e");
    zipkinPort = freePort();
    zipkin = startZipkin("zipkin.log");
    client = Cluster.client(null);
    Cluster.installCrd(client);
    namespace = Cluster.createNamespace(client, "kubetruth-e2e");
    operator = SimarchOperator.create(client, OperatorSettings.of(stubImage, Set.of(namespace)));
    operator.start();
  }

  private void skip(String reason) {
    skip = reason;
    System.out.println("SKIPPED (E2E): " + reason);
  }

  @BeforeEach
  void needsCluster() {
    assumeThat(skip).as("E2E skipped: %s", skip).isNull();
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
    if (zipkin != null) {
      zipkin.close();
    }
  }

  @Test
  void verifyKubeFindsTheRootPodsTruthCompleteThenEveryTraceMissingInAnEmptyZipkin()
      throws Exception {
    var chain =
        Architectures.of(
            NAME,
            new ServiceSpec("store", "store", 1, 1),
            new ServiceSpec("app", "monolith", 1, 1, "store"),
            new ServiceSpec("www", "denominator", 0, 0, "app"));
    var traffic = new TrafficSpec();
    traffic.setInterval("100ms");
    traffic.setDuration("0");
    chain.getSpec().setTraffic(traffic);
    var tracing = new TracingSpec();
    tracing.setProtocol("zipkin");
    tracing.setEndpoint(zipkinUrl());
    tracing.setSampling(1.0);
    chain.getSpec().setTracing(tracing);
    chain.getMetadata().setNamespace(namespace);
    chain.getMetadata().setUid(null);
    chain.getMetadata().setGeneration(null);
    client.resource(chain).fieldManager("simarch-e2e").forceConflicts().serverSideApply();

    await(NAME + ": every Deployment available")
        .atMost(Duration.ofMinutes(5))
        .pollInterval(Duration.ofSeconds(2))
        .untilAsserted(
            () -> {
              var deployments =
                  client
                      .resources(Deployment.class)
                      .inNamespace(namespace)
                      .withLabel(Labels.ARCHITECTURE, NAME)
                      .list()
                      .getItems();
              assertThat(deployments).hasSize(3);
              for (Deployment d : deployments) {
                assertThat(d.getStatus().getAvailableReplicas())
                    .as(d.getMetadata().getName())
                    .isEqualTo(d.getSpec().getReplicas());
              }
            });

    Path truth = tmp.resolve("chain.jsonl");
    String target = namespace + "/" + NAME;
    // the first traces need the settle time to pass and the exporter's batch to reach Zipkin
    await("verify --kube: exit 0")
        .atMost(Duration.ofMinutes(2))
        .pollInterval(Duration.ofSeconds(5))
        .until(
            () ->
                Simarch.execute(
                        "verify",
                        "--kube",
                        target,
                        "--zipkin",
                        zipkinUrl(),
                        "--settle",
                        "5s",
                        "--truth",
                        truth.toString())
                    == 0);
    VerifyReport kept = VerifyCommand.run(truth, zipkinUrl(), 0, 10_000, Duration.ofSeconds(15));
    assertThat(kept.traces()).isPositive();
    assertThat(kept.complete()).isPositive().isEqualTo(kept.checked());
    assertThat(kept.missing()).isZero();
    assertThat(kept.spansMissing()).isZero();
    assertThat(kept.edges())
        .anySatisfy(e -> assertThat(e.parent() + ">" + e.child()).isEqualTo("www>app"));
    assertThat(Files.readString(truth)).contains("\"root\":\"www\"");

    zipkin.close();
    zipkin = startZipkin("zipkin-empty.log");
    VerifyReport empty = VerifyCommand.run(truth, zipkinUrl(), 0, 10_000, Duration.ofSeconds(15));
    assertThat(empty.checked()).isEqualTo(kept.checked());
    assertThat(empty.missing()).isEqualTo(empty.checked()).isPositive();
    assertThat(Simarch.execute("verify", "--truth", truth.toString(), "--zipkin", zipkinUrl()))
        .isEqualTo(3);
  }

  private String zipkinUrl() {
    return "http://" + zipkinHost + ":" + zipkinPort;
  }

  private ChildProcess startZipkin(String log) throws IOException {
    String jar = System.getProperty("simarch.zipkin.jar");
    if (jar == null || !Files.isRegularFile(Path.of(jar))) {
      throw new IllegalStateException(
          "simarch.zipkin.jar="
              + jar
              + ": run through failsafe, which copies the Zipkin jar there");
    }
    var process =
        ChildProcess.start(
            "zipkin",
            tmp.resolve(log),
            Path.of(System.getProperty("java.home"), "bin", "java").toString(),
            "-Xmx384m",
            "-XX:+UseSerialGC",
            "-jar",
            jar,
            "--armeria.ports[0].ip=" + zipkinHost,
            "--armeria.ports[0].port=" + zipkinPort,
            "--armeria.ports[0].protocols[0]=http");
    process.awaitReady(Duration.ofSeconds(120), this::zipkinHealthy);
    return process;
  }

  private boolean zipkinHealthy() {
    try {
      var c = (HttpURLConnection) URI.create(zipkinUrl() + "/health").toURL().openConnection();
      c.setConnectTimeout(1000);
      c.setReadTimeout(2000);
      return c.getResponseCode() == 200;
    } catch (IOException e) {
      return false;
    }
  }

  private int freePort() throws IOException {
    try (var s = new ServerSocket(0, 1, InetAddress.getByName(zipkinHost))) {
      return s.getLocalPort();
    }
  }
}
