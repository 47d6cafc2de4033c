package io.simarch.operator.testing;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.javaoperatorsdk.operator.api.config.ConfigurationServiceOverrider;
import io.simarch.testkit.KubeMock;
import java.io.IOException;
import java.io.InputStream;
import java.util.Set;
import java.util.function.Consumer;

/**
 * fabric8's mock API server in CRUD mode, with the CRD loaded so /status works. It has no
 * server-side apply, so an operator on it uses create/update for everything ({@link #noSsa}).
 */
public final class MockCluster implements AutoCloseable {
  private final KubernetesMockServer server;

  public MockCluster() {
    server = KubeMock.crud();
    try (var client = client(null);
        InputStream in = getClass().getClassLoader().getResourceAsStream(Cluster.CRD_RESOURCE)) {
      var crd = client.apiextensions().v1().customResourceDefinitions().load(in).item();
      client.resource(crd).create();
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  /** A client of the mock; {@code counter} (may be null) sees every request. */
  public KubernetesClient client(RequestCounter counter) {
    return server.createClient(
        b -> {
          if (counter != null) {
            b.withHttpClientBuilderConsumer(h -> h.addOrReplaceInterceptor("counter", counter));
          }
        });
  }

  /** Operator configuration for the mock: no server-side apply anywhere. */
  public static Consumer<ConfigurationServiceOverrider> noSsa() {
    return o ->
        o.withUseSSAToPatchPrimaryResource(false)
            .withSSABasedCreateUpdateMatchForDependentResources(false)
            .withDefaultNonSSAResource(
                Set.of(
                    ConfigMap.class,
                    Secret.class,
                    Deployment.class,
                    Service.class,
                    NetworkPolicy.class,
                    CustomResourceDefinition.class));
  }

  @Override
  public void close() {
    server.destroy();
  }
}
