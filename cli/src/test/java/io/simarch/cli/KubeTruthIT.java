package io.simarch.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.client.jdkhttp.JdkHttpClientFactory;
import io.opentelemetry.exporter.zipkin.ZipkinSpanExporter;
import io.simarch.api.model.CallPolicy;
import io.simarch.api.model.RetryMode;
import io.simarch.api.model.StubConfig;
import io.simarch.api.model.Traffic;
import io.simarch.cli.truth.KubeTruth;
import io.simarch.cli.truth.TruthMerge;
import io.simarch.cli.truth.TruthReader;
import io.simarch.cli.verify.VerifyReport;
import io.simarch.stub.app.PodApp;
import io.simarch.stub.core.Wire;
import io.simarch.testkit.ZipkinServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What {@code simarch verify --kube} does after finding the root pods, against real stubs in pod
 * mode (no cluster): two root pods and the store they call, sending spans to the real Zipkin; the
 * truth each root serves on {@value Wire#TRUTH} is fetched over real HTTP with the client the API
 * server is asked with, merged, and verified complete against that Zipkin. The API server's part
 * (finding the pods, pods/proxy) is left to a cluster.
 */
class KubeTruthIT {
  @Test
  void theRootsTruthIsFetchedMergedAndVerifiedComplete(@TempDir Path tmp) throws Exception {
    var apps = new ArrayList<PodApp>();
    try (ZipkinServer zipkin = ZipkinServer.start(0, tmp.resolve("zipkin.log"))) {
      var exporter =
          ZipkinSpanExporter.builder().setEndpoint(zipkin.url() + "/api/v2/spans").build();
      PodApp store = pod(config("store", "store", "store-0", List.of(), null), exporter);
      apps.add(store);
      var traffic = new Traffic(50_000, 0, 1, 1, 1, 100);
      for (String root : List.of("www-0", "www-1")) {
        apps.add(pod(config("www", "denominator", root, List.of(dep(store)), traffic), exporter));
      }
      List<PodApp> roots = apps.subList(1, 3);
      await()
          .atMost(Duration.ofSeconds(60))
          .until(() -> roots.stream().allMatch(r -> r.node().metrics().trafficRequests() >= 20));
      roots.forEach(r -> r.node().traffic().stop());
      exporter.flush().join(10, java.util.concurrent.TimeUnit.SECONDS);

      var pods =
          roots.stream()
              .map(
                  r ->
                      new KubeTruth.PodTruth(
                          r.node().config().instance(),
                          "http://127.0.0.1:" + r.port() + Wire.TRUTH))
              .toList();
      List<TruthMerge.Source> sources;
      try (var http = http()) {
        sources = KubeTruth.fetch(http, pods, 10_000);
      }
      assertThat(sources).extracting(TruthMerge.Source::name).containsExactly("www-0", "www-1");
      Path merged = tmp.resolve("merged.jsonl");
      Files.writeString(merged, TruthMerge.merge(sources, "test", 0));

      TruthReader.Truth truth = TruthReader.read(merged, 10_000, 1);
      long sent = roots.stream().mapToLong(r -> r.node().metrics().trafficRequests()).sum();
      assertThat(truth.summary().requests()).isEqualTo(sent);
      assertThat(truth.sampledTraces()).isEqualTo(sent);
      assertThat(truth.header().root()).isEqualTo("www");
      assertThat(truth.summary().edges().get("www>store")[0]).isGreaterThanOrEqualTo(sent);

      await()
          .atMost(Duration.ofSeconds(30))
          .untilAsserted(
              () -> {
                VerifyReport r =
                    VerifyCommand.run(merged, zipkin.url(), 0, 10_000, Duration.ofSeconds(15));
                assertThat(r.checked()).isEqualTo(sent);
                assertThat(r.complete()).isEqualTo(sent);
                assertThat(r.spansMissing()).isZero();
              });
    } finally {
      apps.forEach(PodApp::close);
    }
  }

  @Test
  void aPodWithoutTruthIsNamed(@TempDir Path tmp) throws Exception {
    PodApp store = pod(config("store", "store", "store-0", List.of(), null), null);
    try (var http = http()) {
      var pod =
          new KubeTruth.PodTruth("ns/store-0", "http://127.0.0.1:" + store.port() + Wire.TRUTH);
      org.assertj.core.api.Assertions.assertThatThrownBy(
              () -> KubeTruth.fetch(http, List.of(pod), 5_000))
          .isInstanceOf(KubeTruth.FetchException.class)
          .hasMessageContaining("ns/store-0")
          .hasMessageContaining(Wire.TRUTH + " not found");
    } finally {
      store.close();
    }
  }

  /** The HTTP client fabric8 asks the API server with (its JDK one), here with no cluster. */
  private static io.fabric8.kubernetes.client.http.HttpClient http() {
    io.fabric8.kubernetes.client.http.HttpClient.Builder b =
        new JdkHttpClientFactory().newBuilder();
    return b.build();
  }

  private static PodApp pod(
      StubConfig config, io.opentelemetry.sdk.trace.export.SpanExporter exporter) {
    return Pods.start(config, exporter);
  }

  private static StubConfig config(
      String service,
      String pkg,
      String instance,
      List<StubConfig.Dependency> deps,
      Traffic traffic) {
    return Pods.config("kube-truth", service, pkg, instance, deps, traffic);
  }

  private static StubConfig.Dependency dep(PodApp app) {
    var policy =
        new CallPolicy(
            60_000,
            0,
            RetryMode.NONE,
            false,
            5,
            2000,
            new CallPolicy.Backoff(0, 1000, 2, 0.2),
            new CallPolicy.CircuitBreaker(false, 50, 10, 5000));
    return new StubConfig.Dependency(
        "store", "store", false, policy, StubConfig.Discovery.dns("localhost", app.port()));
  }
}
