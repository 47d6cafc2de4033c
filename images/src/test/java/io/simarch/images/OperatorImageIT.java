package io.simarch.images;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.simarch.testkit.KubeMock;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The operator image tar (operator/target/jib-image.tar): what a container runtime reads from it,
 * and its entrypoint, run outside a container against fabric8's mock API server, becoming ready and
 * reconciling. A real cluster is not needed for that, and one shared with other tests would see a
 * second operator.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class OperatorImageIT {
  static final String MAIN = "io.simarch.operator.OperatorMain";

  Path work;
  Path tar;
  ImageTar image;
  Path root;
  KubernetesMockServer api;
  KubernetesClient client;

  @BeforeAll
  void unpack(@TempDir Path dir) throws Exception {
    work = dir;
    tar = Images.tar("simarch.operator.imageTar");
    image = ImageTar.open(tar, work.resolve("tar"));
    root = work.resolve("root");
    image.unpack(root);
    api = KubeMock.crud();
    client = api.createClient();
    client
        .apiextensions()
        .v1()
        .customResourceDefinitions()
        .load(Images.repo().resolve("crds/simulatedarchitectures.simarch.io-v1.yml").toFile())
        .create();
  }

  @AfterAll
  void stopApi() {
    if (client != null) {
      client.close();
    }
    if (api != null) {
      api.destroy();
    }
  }

  @Test
  void loadsAsTheImageTheChartNames() throws Exception {
    Images.assertLoadable(image, System.getProperty("simarch.operator.image"));
    assertThat(image.exposedPorts()).contains("8081/tcp");
  }

  @Test
  void runsAsNonRootOnRootOwnedFiles() throws Exception {
    Images.assertNonRootOnRootOwnedFiles(image, root);
    if (Images.onLocalRuntime()) {
      Images.assertLocalRuntime(image, root);
    }
    Images.assertJavaEntrypoint(image, MAIN, "-XX:MaxRAMPercentage=70");
  }

  /**
   * Ready means started with every informer healthy: the image's JVM reached the API server with
   * the JDK HTTP client; the ConfigMaps of an applied architecture show that it reconciles (the
   * mock has no server-side apply, so the Deployments after them fail there, as expected).
   */
  @Test
  void entrypointBecomesReadyAndReconciles() throws Exception {
    Path kubeconfig = work.resolve("kubeconfig");
    Files.writeString(kubeconfig, kubeconfig());
    int health = Images.freePort();
    try (var operator =
        ImageProcess.start(
            image,
            root,
            work.resolve("run"),
            env(kubeconfig, health),
            Images.logs().resolve("operator.log"))) {
      Duration ready = ready(operator, health);
      client
          .resource(Files.readString(Images.repo().resolve("examples/lamp.yaml")))
          .inNamespace("default")
          .create();
      await("the operator in the image writes lamp's ConfigMaps")
          .atMost(Duration.ofMinutes(1))
          .pollInterval(Duration.ofMillis(100))
          .untilAsserted(
              () ->
                  assertThat(
                          client
                              .configMaps()
                              .inNamespace("default")
                              .withName("lamp-webserver")
                              .get())
                      .as("ConfigMap lamp-webserver; operator output:\n%s", operator.output())
                      .isNotNull());
      System.out.printf(
          "operator image %s: %.1f MB tar; entrypoint ready %d ms after start (outside a container)%n",
          image.repoTags().get(0), Files.size(tar) / 1e6, ready.toMillis());
    }
  }

  /** Ready with the image's own files only, on a read-only root, as user 65532. */
  @Test
  void entrypointBecomesReadyOnAReadOnlyRootAsItsUser() throws Exception {
    Images.assumeChroot();
    Path kubeconfig = root.resolve("etc/simarch/kubeconfig");
    Files.createDirectories(kubeconfig.getParent());
    Files.writeString(kubeconfig, kubeconfig());
    int health = Images.freePort();
    try (var operator =
        ImageProcess.startChrooted(
            image,
            root,
            work.resolve("chroot"),
            env(Path.of("/etc/simarch/kubeconfig"), health),
            Images.logs().resolve("operator-chroot.log"))) {
      Duration ready = ready(operator, health);
      System.out.printf(
          "operator image %s: entrypoint ready %d ms after start (chrooted, read-only root)%n",
          image.repoTags().get(0), ready.toMillis());
    }
  }

  /** Leader election is off, as it is outside a pod; the health port is a free one. */
  private static Map<String, String> env(Path kubeconfig, int healthPort) {
    return Map.of(
        "KUBECONFIG", kubeconfig.toString(),
        "SIMARCH_HEALTH_PORT", String.valueOf(healthPort),
        "SIMARCH_LEADER_ELECTION", "false");
  }

  private static Duration ready(ImageProcess operator, int healthPort) {
    String base = "http://127.0.0.1:" + healthPort;
    Images.awaitOk(operator, base + "/healthz", Duration.ofMinutes(2));
    Images.awaitOk(operator, base + "/readyz", Duration.ofMinutes(2));
    return operator.sinceStart();
  }

  /** The mock by address: a chrooted process has no /etc/hosts to resolve "localhost" with. */
  private String kubeconfig() throws Exception {
    String server =
        "http://" + InetAddress.getByName(api.getHostName()).getHostAddress() + ":" + api.getPort();
    return """
        apiVersion: v1
        kind: Config
        clusters:
          - name: mock
            cluster: {server: "%s"}
        users:
          - name: mock
            user: {token: image-it}
        contexts:
          - name: mock
            context: {cluster: mock, user: mock, namespace: default}
        current-context: mock
        """
        .formatted(server);
  }
}
