package io.simarch.stub;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** The stub runs in every pod of every architecture: it must not carry the Kubernetes client. */
class NoKubernetesClientTest {
  @Test
  void theKubernetesClientIsNotOnTheClasspath() {
    assertThatThrownBy(() -> Class.forName("io.fabric8.kubernetes.client.KubernetesClient"))
        .isInstanceOf(ClassNotFoundException.class);
    assertThatThrownBy(() -> Class.forName("io.fabric8.kubernetes.client.CustomResource"))
        .isInstanceOf(ClassNotFoundException.class);
  }
}
