package io.simarch.operator.testing;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.javaoperatorsdk.operator.Operator;
import io.simarch.operator.OperatorSettings;
import io.simarch.operator.SimarchOperator;
import java.util.Set;

/**
 * The operator running in the test's JVM against the cluster of {@code KUBECONFIG}, watching one
 * new namespace of its own: for E2Es that test what a user does with running architectures (the
 * stub pods are real; the operator's own pod is {@code HelmInstallE2E}'s subject).
 */
public final class InProcessOperator implements AutoCloseable {
  private final KubernetesClient client;
  private final String namespace;
  private final Operator operator;

  private InProcessOperator(KubernetesClient client, String namespace, Operator operator) {
    this.client = client;
    this.namespace = namespace;
    this.operator = operator;
  }

  /** Installs the CRD, makes a namespace named after {@code prefix} and starts the operator. */
  public static InProcessOperator start(String stubImage, String prefix) {
    KubernetesClient client = Cluster.client(null);
    String namespace = null;
    try {
      Cluster.installCrd(client);
      namespace = Cluster.createNamespace(client, prefix);
      Operator operator =
          SimarchOperator.create(client, OperatorSettings.of(stubImage, Set.of(namespace)));
      operator.start();
      return new InProcessOperator(client, namespace, operator);
    } catch (RuntimeException e) {
      // no fixture to close: leave nothing behind
      if (namespace != null) {
        Cluster.deleteNamespace(client, namespace);
      }
      client.close();
      throw e;
    }
  }

  /** The admin client the operator uses too. */
  public KubernetesClient client() {
    return client;
  }

  public String namespace() {
    return namespace;
  }

  /** Stops the operator, then deletes its namespace and everything in it. */
  @Override
  public void close() {
    operator.stop();
    Cluster.deleteNamespace(client, namespace);
    client.close();
  }
}
