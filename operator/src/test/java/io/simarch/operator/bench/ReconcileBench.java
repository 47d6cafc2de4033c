package io.simarch.operator.bench;

import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.javaoperatorsdk.operator.api.config.ConfigurationServiceOverrider;
import io.simarch.api.v1alpha1.SimulatedArchitecture;
import io.simarch.operator.Labels;
import io.simarch.operator.OperatorSettings;
import io.simarch.operator.SimarchOperator;
import io.simarch.operator.architecture.dependent.StubBulkDependent;
import io.simarch.operator.architecture.desired.StubConfigMaps;
import io.simarch.operator.architecture.desired.StubDeployments;
import io.simarch.operator.architecture.desired.StubNetworkPolicies;
import io.simarch.operator.architecture.desired.StubServices;
import io.simarch.operator.testing.Architectures;
import io.simarch.operator.testing.Cluster;
import io.simarch.operator.testing.MockCluster;
import io.simarch.operator.testing.RequestCounter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/**
 * How long until every child of a generated N-service architecture exists, and how many API
 * requests the operator sent, on fabric8's mock server and on the KUBECONFIG cluster (if any). Run
 * by {@code operator/bench/run.sh}; not a test (surefire runs *Test only).
 */
class ReconcileBench {
  static final String NAME = "bench";

  /** Prefix of the bench's namespaces on a shared cluster ({@code -Dbench.namespace=...}). */
  static final String NAMESPACE = System.getProperty("bench.namespace", "simarch-bench");

  record Row(
      String target,
      int services,
      int children,
      double childrenSeconds,
      double statusSeconds,
      long requests,
      long writes,
      double plainCreatesPerSecond) {

    /** Children created per second until every one existed (one write each). */
    double operatorCreatesPerSecond() {
      return children / childrenSeconds;
    }

    Row withPlain(double perSecond) {
      return new Row(
          target, services, children, childrenSeconds, statusSeconds, requests, writes, perSecond);
    }
  }

  @Test
  void bench() throws IOException {
    var rows = new ArrayList<Row>();
    // warm-up (class loading, JIT), not reported
    try (var mock = new MockCluster()) {
      run("warm-up", 10, mock::client, MockCluster.noSsa(), false, Architectures.NAMESPACE);
    }
    for (int n : sizes("bench.sizes", "10,100,1000")) {
      try (var mock = new MockCluster()) {
        rows.add(run("mock", n, mock::client, MockCluster.noSsa(), false, Architectures.NAMESPACE));
      }
      print(rows.get(rows.size() - 1));
    }
    if (Cluster.unavailable() == null) {
      for (int n : sizes("bench.clusterSizes", System.getProperty("bench.sizes", "10,100,1000"))) {
        try (var admin = Cluster.client(null)) {
          Cluster.installCrd(admin);
          // what this API server takes from a plain client, in the same run, just before
          double plain = plainCreates(admin, n);
          String ns = Cluster.createNamespace(admin, NAMESPACE);
          try {
            rows.add(run("KUBECONFIG", n, Cluster::client, o -> {}, true, ns).withPlain(plain));
          } finally {
            admin.resources(SimulatedArchitecture.class).inNamespace(ns).withName(NAME).delete();
            Cluster.deleteNamespace(admin, ns);
          }
        }
        print(rows.get(rows.size() - 1));
      }
    }
    var report = new StringBuilder();
    report.append(
        "| target | services | children | all children exist (s) | status complete (s)"
            + " | API requests | writes | operator creates/s | plain client creates/s | ratio |\n");
    report.append("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
    for (Row r : rows) {
      boolean plain = !Double.isNaN(r.plainCreatesPerSecond());
      report.append(
          String.format(
              "| %s | %d | %d | %.1f | %s | %d | %d | %.0f | %s | %s |%n",
              r.target(),
              r.services(),
              r.children(),
              r.childrenSeconds(),
              Double.isNaN(r.statusSeconds())
                  ? "n/a (no SSA)"
                  : String.format("%.1f", r.statusSeconds()),
              r.requests(),
              r.writes(),
              r.operatorCreatesPerSecond(),
              plain ? String.format("%.0f", r.plainCreatesPerSecond()) : "–",
              plain
                  ? String.format("%.2f", r.operatorCreatesPerSecond() / r.plainCreatesPerSecond())
                  : "–"));
    }
    System.out.println();
    System.out.print(report);
    Files.createDirectories(Path.of("target"));
    Files.writeString(Path.of("target/bench-report.md"), report);
  }

  interface ClientFactory {
    KubernetesClient client(RequestCounter counter);
  }

  private static Row run(
      String target,
      int n,
      ClientFactory clients,
      Consumer<ConfigurationServiceOverrider> config,
      boolean ssa,
      String ns) {
    var counter = new RequestCounter();
    try (var admin = clients.client(null);
        var operatorClient = clients.client(counter)) {
      var operator =
          SimarchOperator.create(
              operatorClient,
              OperatorSettings.of("simarch/stub-service:bench", Set.of(ns)),
              config);
      operator.start();
      try {
        var resource = Architectures.generated(NAME, n);
        resource.getMetadata().setNamespace(ns);
        resource.getMetadata().setUid(null);
        resource.getMetadata().setGeneration(null);
        counter.reset();
        long t0 = System.nanoTime();
        var created = admin.resource(resource).create();
        var desired = Architectures.desired(created);
        int cms = StubConfigMaps.desired(desired).size();
        int deployments = StubDeployments.desired(desired).size();
        int services = StubServices.desired(desired).size();
        int nps = StubNetworkPolicies.desired(desired).size();
        Duration timeout = Duration.ofMinutes(10);
        Duration poll = Duration.ofMillis(n >= 1000 ? 1000 : 200);
        await()
            .atMost(timeout)
            .pollInterval(poll)
            .until(
                () ->
                    count(admin, ConfigMap.class, ns) == cms
                        && count(admin, Deployment.class, ns) == deployments
                        && count(admin, Service.class, ns) == services
                        && count(admin, NetworkPolicy.class, ns) == nps);
        double childrenSeconds = (System.nanoTime() - t0) / 1e9;
        long requestsAtChildren = counter.requests();
        if (!ssa) {
          // the status is written by server-side apply only, which the mock server lacks
          return new Row(
              target,
              n,
              cms + deployments + services + nps,
              childrenSeconds,
              Double.NaN,
              requestsAtChildren,
              counter.writes().size(),
              Double.NaN);
        }
        await()
            .atMost(timeout)
            .pollInterval(poll)
            .until(
                () -> {
                  var live = admin.resource(created).get();
                  return live.getStatus() != null
                      && live.getStatus().getServiceCount() != null
                      && live.getStatus().getServiceCount() == n
                      && Long.valueOf(1).equals(live.getStatus().getObservedGeneration());
                });
        double statusSeconds = (System.nanoTime() - t0) / 1e9;
        return new Row(
            target,
            n,
            cms + deployments + services + nps,
            childrenSeconds,
            statusSeconds,
            Math.max(requestsAtChildren, counter.requests()),
            counter.writes().size(),
            Double.NaN);
      } finally {
        operator.stop();
      }
    }
  }

  /**
   * Creates as many ConfigMaps as an {@code n}-service architecture has children (copies of its
   * stub ConfigMaps, so the same payload) in a namespace of their own, with a plain client and as
   * many requests in flight as the operator's writers, and returns creates per second. The
   * namespace is gone before this returns, so the operator's run that follows has the API server to
   * itself.
   */
  private static double plainCreates(KubernetesClient admin, int n) {
    var desired = Architectures.desired(Architectures.generated(NAME, n));
    var cms = StubConfigMaps.desired(desired);
    int children =
        cms.size()
            + StubDeployments.desired(desired).size()
            + StubServices.desired(desired).size()
            + StubNetworkPolicies.desired(desired).size();
    String ns = Cluster.createNamespace(admin, NAMESPACE + "-plain");
    var pool = Executors.newFixedThreadPool(StubBulkDependent.WRITERS);
    try (var client = Cluster.client(null)) {
      var pending = new ArrayList<Future<?>>(children);
      long t0 = System.nanoTime();
      for (int i = 0; i < children; i++) {
        var cm =
            new ConfigMapBuilder(cms.get(i % cms.size()))
                .editMetadata()
                .withName("plain-" + i)
                .withNamespace(ns)
                .withOwnerReferences(List.of())
                .endMetadata()
                .build();
        pending.add(pool.submit(() -> client.resource(cm).create()));
      }
      for (var f : pending) {
        f.get();
      }
      double perSecond = children / ((System.nanoTime() - t0) / 1e9);
      System.out.printf(
          "BENCH plain client: %d ConfigMaps, %d in flight, %.0f creates/s%n",
          children, StubBulkDependent.WRITERS, perSecond);
      return perSecond;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    } catch (ExecutionException e) {
      throw new IllegalStateException(e.getCause());
    } finally {
      pool.shutdownNow();
      admin.namespaces().withName(ns).delete();
      await()
          .atMost(Duration.ofMinutes(5))
          .pollInterval(Duration.ofSeconds(1))
          .until(() -> admin.namespaces().withName(ns).get() == null);
    }
  }

  private static int count(KubernetesClient c, Class<? extends HasMetadata> type, String ns) {
    return c.resources(type)
        .inNamespace(ns)
        .withLabel(Labels.ARCHITECTURE, NAME)
        .list()
        .getItems()
        .size();
  }

  private static List<Integer> sizes(String property, String fallback) {
    return Arrays.stream(System.getProperty(property, fallback).split(","))
        .map(String::trim)
        .filter(s -> !s.isEmpty())
        .map(Integer::parseInt)
        .toList();
  }

  private static void print(Row r) {
    System.out.printf(
        "BENCH target=%s services=%d children=%d allChildrenSeconds=%.1f statusSeconds=%.1f"
            + " requests=%d writes=%d operatorCreatesPerSecond=%.0f"
            + " plainClientCreatesPerSecond=%.0f%n",
        r.target(),
        r.services(),
        r.children(),
        r.childrenSeconds(),
        r.statusSeconds(),
        r.requests(),
        r.writes(),
        r.operatorCreatesPerSecond(),
        r.plainCreatesPerSecond());
  }
}
