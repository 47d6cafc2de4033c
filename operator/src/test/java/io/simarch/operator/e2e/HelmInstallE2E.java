package io.simarch.operator.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.marcnuri.helm.Helm;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.simarch.api.model.ArchitectureFiles;
import io.simarch.api.model.ChaosEvents;
import io.simarch.api.v1alpha1.ChaosStatus;
import io.simarch.api.v1alpha1.SimulatedArchitecture;
import io.simarch.operator.OperatorSettings;
import io.simarch.operator.testing.Architectures;
import io.simarch.operator.testing.Cluster;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The user's path: {@code helm install} of charts/simarch with the operator image, the operator
 * running in a pod with the chart's least-privilege Role (namespaced mode), in-cluster config and
 * leader election, reconciling an architecture into running stub pods and letting its chaos monkey
 * kill a victim. Needs the cluster of KUBECONFIG with a node and both images loaded:
 *
 * <pre>
 * mvn -B -pl operator -am -Pe2e verify -Dit.test=HelmInstallE2E ... \
 *     -Dsimarch.stubImage=simarch/stub-service:0.1.0 -Dsimarch.operatorImage=simarch/operator:0.1.0
 * </pre>
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class HelmInstallE2E {
  static final Path CHART = Architectures.repo().resolve("charts/simarch");
  static final Duration READY = Duration.ofMinutes(6);

  @RegisterExtension final E2eGate gate = new E2eGate(getClass());
  KubernetesClient client;
  String namespace;
  String release;
  Path kubeconfig;

  @BeforeAll
  void install() {
    String stubImage = gate.stubImage();
    String operatorImage =
        stubImage == null
            ? null
            : gate.property(
                "simarch.operatorImage",
                "no operator image: pass -Dsimarch.operatorImage=<image loaded into the cluster>");
    // helm reads the kubeconfig's file: a Testcontainers k3s has none to give it
    if (operatorImage == null || !gate.clusterOfKubeconfig()) {
      return;
    }
    String kubeconfigEnv = System.getenv("KUBECONFIG");
    kubeconfig = Path.of(kubeconfigEnv.split(java.io.File.pathSeparator)[0]);
    client = Cluster.client(null);
    if (client.nodes().list().getItems().isEmpty()) {
      gate.close("the cluster of KUBECONFIG has no node to run the operator's pod");
      return;
    }
    namespace = Cluster.createNamespace(client, "simarch-helm");
    release = "simarch";
    var install =
        new Helm(CHART)
            .install()
            .withName(release)
            .withNamespace(namespace)
            .withKubeConfig(kubeconfig)
            .set("image.repository", repository(operatorImage))
            .set("image.tag", tag(operatorImage))
            .set("image.pullPolicy", "IfNotPresent")
            .set("stubImage.repository", repository(stubImage))
            .set("stubImage.tag", tag(stubImage))
            .set("watchNamespaces[0]", namespace)
            .set("leaderElection", true)
            .waitReady()
            .withTimeout((int) READY.toSeconds());
    var result = install.call();
    System.out.println("E2E: helm installed " + result.getName() + " " + result.getStatus());
  }

  @AfterAll
  void uninstall() {
    if (namespace != null) {
      client.resources(SimulatedArchitecture.class).inNamespace(namespace).delete();
      try {
        Helm.uninstall(release).withNamespace(namespace).withKubeConfig(kubeconfig).call();
      } catch (RuntimeException e) {
        System.out.println("E2E: helm uninstall: " + e.getMessage());
      }
      Cluster.deleteNamespace(client, namespace);
    }
    if (client != null) {
      client.close();
    }
  }

  @Test
  void theChartsOperatorRunsHardenedReconcilesAndItsMonkeyKills() {
    var operatorPod = operatorPod();
    var container = operatorPod.getSpec().getContainers().get(0);
    assertThat(container.getSecurityContext().getReadOnlyRootFilesystem()).isTrue();
    assertThat(container.getSecurityContext().getAllowPrivilegeEscalation()).isFalse();
    assertThat(operatorPod.getSpec().getSecurityContext().getRunAsNonRoot()).isTrue();
    assertThat(container.getResources().getLimits()).containsKeys("cpu", "memory");
    // leader election is on: the Lease in the release's namespace names this pod as its holder
    // (JOSDK's identity is the pod's hostname, i.e. its name)
    var lease =
        await("the operator's Lease")
            .atMost(Duration.ofMinutes(1))
            .until(
                () ->
                    client
                        .leases()
                        .inNamespace(namespace)
                        .withName(OperatorSettings.DEFAULT_LEASE_NAME)
                        .get(),
                l -> l != null && l.getSpec() != null && l.getSpec().getHolderIdentity() != null);
    assertThat(lease.getSpec().getHolderIdentity()).isEqualTo(operatorPod.getMetadata().getName());

    String yaml =
        "apiVersion: simarch.io/v1alpha1\nkind: SimulatedArchitecture\n"
            + "metadata: {name: small, namespace: "
            + namespace
            + "}\n"
            + "spec:\n"
            + "  victim: webserver\n"
            + "  chaos: {startDelay: 5s}\n"
            + "  services:\n"
            + "    - {name: memcache, package: store, count: 1, regions: 1}\n"
            + "    - {name: webserver, package: monolith, count: 2, regions: 1,"
            + " dependencies: [memcache]}\n"
            + "    - {name: www, package: denominator, count: 0, regions: 0,"
            + " dependencies: [webserver]}\n";
    var small = ArchitectureFiles.parse(yaml, "small").resource();
    small.getMetadata().setNamespace(namespace);
    client.resource(small).fieldManager("simarch-e2e").forceConflicts().serverSideApply();

    await("Ready=True from the chart's operator")
        .atMost(READY)
        .pollInterval(Duration.ofSeconds(2))
        .until(
            () -> {
              var live = live();
              return live != null
                  && live.getStatus() != null
                  && live.getStatus().getConditions().stream()
                      .anyMatch(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus()));
            });
    assertThat(live().getStatus().getInstances()).isEqualTo("4/4");

    ChaosStatus chaos =
        await("the in-cluster monkey's kill")
            .atMost(Duration.ofMinutes(2))
            .until(
                () -> live().getStatus().getChaos(),
                c -> c != null && c.getTotalKills() != null && c.getTotalKills() == 1);
    String victim = chaos.getLastKills().get(0).getPod();
    await("the victim gone")
        .atMost(Duration.ofMinutes(2))
        .until(() -> client.pods().inNamespace(namespace).withName(victim).get() == null);
    assertThat(
            client.v1().events().inNamespace(namespace).list().getItems().stream()
                .filter(e -> ChaosEvents.REASON.equals(e.getReason()))
                .map(e -> e.getMessage()))
        .anySatisfy(m -> assertThat(m).contains(victim));
  }

  private Pod operatorPod() {
    List<Pod> pods =
        client
            .pods()
            .inNamespace(namespace)
            .withLabel("app.kubernetes.io/name", "simarch-operator")
            .list()
            .getItems();
    assertThat(pods).as("the operator's pod").hasSize(1);
    return pods.get(0);
  }

  private SimulatedArchitecture live() {
    return client
        .resources(SimulatedArchitecture.class)
        .inNamespace(namespace)
        .withName("small")
        .get();
  }

  private static String repository(String image) {
    int colon = image.lastIndexOf(':');
    return colon > image.lastIndexOf('/') ? image.substring(0, colon) : image;
  }

  private static String tag(String image) {
    int colon = image.lastIndexOf(':');
    return colon > image.lastIndexOf('/') ? image.substring(colon + 1) : "latest";
  }
}
