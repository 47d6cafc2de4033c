package io.simarch.operator.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.api.model.rbac.RoleBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.simarch.api.v1alpha1.ServiceSpec;
import io.simarch.api.v1alpha1.SimulatedArchitecture;
import io.simarch.api.v1alpha1.TracingSpec;
import io.simarch.api.v1alpha1.TrafficSpec;
import io.simarch.cli.Simarch;
import io.simarch.cli.VerifyCommand;
import io.simarch.cli.verify.VerifyReport;
import io.simarch.operator.Labels;
import io.simarch.operator.testing.Architectures;
import io.simarch.operator.testing.Cluster;
import io.simarch.operator.testing.InProcessOperator;
import io.simarch.testkit.ZipkinServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.RegisterExtension;

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

  @RegisterExtension final E2eGate gate = new E2eGate(getClass());
  KubernetesClient client;
  InProcessOperator operator;
  String namespace;
  String zipkinHost;
  int zipkinPort;
  ZipkinServer zipkin;
  Path tmp;

  @BeforeAll
  void setUp() throws IOException {
    String stubImage = gate.stubImage();
    zipkinHost =
        stubImage == null
            ? null
            : gate.property(
                "simarch.e2e.collectorHost",
                "no -Dsimarch.e2e.collectorHost: pods would have no Zipkin to export to");
    // verify --kube reads the user's kubeconfig itself: a Testcontainers k3s has none to give it
    if (zipkinHost == null || !gate.clusterOfKubeconfig()) {
      return;
    }
    tmp = Files.createTempDirectory("kubetruth-e2e");
    zipkin = ZipkinServer.start(zipkinHost, 0, tmp.resolve("zipkin.log"));
    zipkinPort = zipkin.port();
    operator = InProcessOperator.start(stubImage, "kubetruth-e2e");
    client = operator.client();
    namespace = operator.namespace();
  }

  @AfterAll
  void tearDown() {
    if (operator != null) {
      operator.close();
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
            new ServiceSpec("www", "denominator", 2, 1, "app"));
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
              // two root pods (one per zone), one app, one store
              var live =
                  client
                      .resources(SimulatedArchitecture.class)
                      .inNamespace(namespace)
                      .withName(NAME)
                      .get();
              assertThat(live.getStatus()).isNotNull();
              assertThat(live.getStatus().getInstances()).isEqualTo("4/4");
              for (Deployment d : deployments) {
                assertThat(d.getStatus().getAvailableReplicas())
                    .as(d.getMetadata().getName())
                    .isEqualTo(d.getSpec().getReplicas());
              }
            });

    Path truth = tmp.resolve("chain.jsonl");
    String target = namespace + "/" + NAME;
    // as a user holding exactly the Role docs/ground-truth.md gives, and that Role without the
    // pods/proxy rule: what the doc says is needed is needed, and enough
    Role documented = documentedRole();
    Role noProxy =
        new RoleBuilder(documented).editMetadata().withName("no-proxy").endMetadata().build();
    noProxy.getRules().removeIf(r -> r.getResources().contains("pods/proxy"));
    assertThat(noProxy.getRules()).hasSize(documented.getRules().size() - 1);
    Path verifier = kubeconfigOf(documented);
    Path refused = kubeconfigOf(noProxy);

    var err = new ByteArrayOutputStream();
    assertThat(asUser(refused, err, "verify", "--kube", target, "--zipkin", zipkinUrl()))
        .isEqualTo(2);
    assertThat(err.toString(StandardCharsets.UTF_8)).contains("HTTP 403", "pods/proxy");

    // the first traces need the settle time to pass and the exporter's batch to reach Zipkin
    await("verify --kube: exit 0")
        .atMost(Duration.ofMinutes(2))
        .pollInterval(Duration.ofSeconds(5))
        .until(
            () ->
                asUser(
                        verifier,
                        new ByteArrayOutputStream(),
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
    // both root pods answered: their truths were merged
    assertThat(Files.readString(truth).lines().findFirst().orElseThrow())
        .contains("\"root\":\"www\"", "(2 root pods)");

    zipkin.close();
    zipkin = ZipkinServer.start(zipkinHost, zipkinPort, tmp.resolve("zipkin-empty.log"));
    VerifyReport empty = VerifyCommand.run(truth, zipkinUrl(), 0, 10_000, Duration.ofSeconds(15));
    assertThat(empty.checked()).isEqualTo(kept.checked());
    assertThat(empty.missing()).isEqualTo(empty.checked()).isPositive();
    assertThat(Simarch.execute("verify", "--truth", truth.toString(), "--zipkin", zipkinUrl()))
        .isEqualTo(3);
  }

  /** The Role docs/ground-truth.md gives a user of verify --kube, read from the doc. */
  private Role documentedRole() throws IOException {
    String doc = Files.readString(Architectures.repo().resolve("docs/ground-truth.md"));
    var m =
        Pattern.compile(
                "```yaml\n(apiVersion: rbac\\.authorization\\.k8s\\.io/v1\nkind: Role\n.*?)```",
                Pattern.DOTALL)
            .matcher(doc);
    assertThat(m.find()).as("a Role in docs/ground-truth.md").isTrue();
    return Serialization.unmarshal(m.group(1), Role.class);
  }

  /** A kubeconfig for a service account of the test's namespace bound to {@code role} alone. */
  private Path kubeconfigOf(Role role) throws IOException {
    return Cluster.kubeconfigOf(client, namespace, role, tmp);
  }

  /**
   * Runs the CLI as the user of {@code kubeconfig} (fabric8 reads the {@code kubeconfig} system
   * property before KUBECONFIG), its standard error into {@code err} as well.
   */
  private static int asUser(Path kubeconfig, ByteArrayOutputStream err, String... args) {
    PrintStream stderr = System.err;
    String before = System.getProperty(Config.KUBERNETES_KUBECONFIG_FILE);
    System.setProperty(Config.KUBERNETES_KUBECONFIG_FILE, kubeconfig.toString());
    System.setErr(new PrintStream(new TeeOutputStream(stderr, err), true, StandardCharsets.UTF_8));
    try {
      return Simarch.execute(args);
    } finally {
      System.setErr(stderr);
      if (before == null) {
        System.clearProperty(Config.KUBERNETES_KUBECONFIG_FILE);
      } else {
        System.setProperty(Config.KUBERNETES_KUBECONFIG_FILE, before);
      }
    }
  }

  private String zipkinUrl() {
    return "http://" + zipkinHost + ":" + zipkinPort;
  }

  /** Writes to two streams: the test's log still shows what the command printed. */
  private static final class TeeOutputStream extends OutputStream {
    private final OutputStream a;
    private final OutputStream b;

    TeeOutputStream(OutputStream a, OutputStream b) {
      this.a = a;
      this.b = b;
    }

    @Override
    public void write(int c) throws IOException {
      a.write(c);
      b.write(c);
    }

    @Override
    public void write(byte[] buf, int off, int len) throws IOException {
      a.write(buf, off, len);
      b.write(buf, off, len);
    }

    @Override
    public void flush() throws IOException {
      a.flush();
      b.flush();
    }
  }
}
