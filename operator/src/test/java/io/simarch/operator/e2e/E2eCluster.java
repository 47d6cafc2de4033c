package io.simarch.operator.e2e;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.simarch.operator.testing.Cluster;
import java.nio.file.Files;
import java.nio.file.Path;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.k3s.K3sContainer;
import org.testcontainers.utility.DockerImageName;
import org.testcontainers.utility.MountableFile;

/**
 * The cluster an *E2E runs on: the one of KUBECONFIG, else a Testcontainers k3s when {@code
 * -Dsimarch.e2e.k3s=true}, Docker runs and the k3s image is present locally (nothing is pulled);
 * the stub image then comes from {@code -Dsimarch.stubImageTar}, imported into k3s.
 */
final class E2eCluster implements AutoCloseable {
  static final String K3S_IMAGE =
      System.getProperty("simarch.k3sImage", "rancher/k3s:v1.27.4-k3s1");

  private final Config config;
  private final K3sContainer k3s;

  private E2eCluster(Config config, K3sContainer k3s) {
    this.config = config;
    this.k3s = k3s;
  }

  /** The cluster, or null with the reason in {@code why[0]}. */
  static E2eCluster open(String[] why) {
    if (Cluster.unavailable() == null) {
      return new E2eCluster(Config.autoConfigure(null), null);
    }
    if (!Boolean.getBoolean("simarch.e2e.k3s")) {
      why[0] = Cluster.unavailable() + "; or run on k3s with -Dsimarch.e2e.k3s=true";
      return null;
    }
    if (!DockerClientFactory.instance().isDockerAvailable()) {
      why[0] = "-Dsimarch.e2e.k3s=true but Docker is not available";
      return null;
    }
    var image = DockerImageName.parse(K3S_IMAGE);
    var docker = DockerClientFactory.instance().client();
    if (docker.listImagesCmd().withImageNameFilter(K3S_IMAGE).exec().isEmpty()) {
      why[0] = "k3s image " + K3S_IMAGE + " is not present locally (set -Dsimarch.k3sImage)";
      return null;
    }
    var k3s = new K3sContainer(image);
    String tar = System.getProperty("simarch.stubImageTar");
    k3s.start();
    if (tar != null && Files.isRegularFile(Path.of(tar))) {
      k3s.copyFileToContainer(MountableFile.forHostPath(tar), "/tmp/stub-image.tar");
      try {
        var result =
            k3s.execInContainer("ctr", "-n", "k8s.io", "images", "import", "/tmp/stub-image.tar");
        if (result.getExitCode() != 0) {
          throw new IllegalStateException("ctr import failed: " + result.getStderr());
        }
      } catch (Exception e) {
        k3s.stop();
        throw new IllegalStateException("cannot load the stub image into k3s", e);
      }
    }
    return new E2eCluster(Config.fromKubeconfig(k3s.getKubeConfigYaml()), k3s);
  }

  KubernetesClient client() {
    return new KubernetesClientBuilder().withConfig(config).build();
  }

  String describe() {
    return k3s != null ? "k3s " + K3S_IMAGE : "KUBECONFIG " + config.getMasterUrl();
  }

  @Override
  public void close() {
    if (k3s != null) {
      k3s.stop();
    }
  }
}
