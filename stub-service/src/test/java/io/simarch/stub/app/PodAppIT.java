package io.simarch.stub.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.opentelemetry.sdk.resources.Resource;
import io.simarch.api.model.Behavior;
import io.simarch.api.model.RetryMode;
import io.simarch.api.model.StubConfig;
import io.simarch.stub.Http;
import io.simarch.stub.TestArch;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/** The pod application: the core behind the Netty listener, discovery by DNS, graceful shutdown. */
class PodAppIT {
  /** A pod app on free loopback ports (its health listener too). */
  static PodApp start(StubConfig config) {
    return PodApp.start(config, PodApp.Listen.loopback(), null, Resource.empty(), 1.0);
  }

  static StubConfig store(String instance, Behavior behavior) {
    return new StubConfig(
        "pod",
        "store",
        "store",
        instance,
        "us-east-1",
        "zoneA",
        1,
        false,
        behavior,
        null,
        List.of(),
        null,
        null);
  }

  private static String url(PodApp app) {
    return "http://127.0.0.1:" + app.port();
  }

  @Test
  void servesTheStubSurface() {
    try (PodApp app = start(store("store-7f9c", null))) {
      assertThat(Http.get(url(app), "why?", false).value()).isEqualTo("because...");
      assertThat(Http.put(url(app), "a b/c?", "v").status()).isEqualTo(200);
      Http.Answer a = Http.get(url(app), "a b/c?", false);
      assertThat(a.value()).isEqualTo("v");
      assertThat(a.instance()).isEqualTo("store-7f9c");

      assertThat(Http.raw(url(app) + "/_simarch/identity").body())
          .contains("\"instance\":\"store-7f9c\"", "\"zone\":\"zoneA\"", "\"service\":\"store\"");
      assertThat(Http.raw(url(app) + "/health/liveness").statusCode()).isEqualTo(200);
      assertThat(Http.raw(url(app) + "/health/readiness").statusCode()).isEqualTo(200);
      String metrics = Http.raw(url(app) + "/metrics").body();
      assertThat(metrics)
          .contains("simarch_requests_total{endpoint=\"Get\"} 2.0")
          .contains("simarch_request_duration_seconds_bucket{endpoint=\"Put\",le=\"+Inf\"} 1")
          .contains("# TYPE simarch_requests_in_flight gauge")
          .doesNotContain("instance=") // a pod's scrape adds who it is
          .contains("simarch_spans_dropped_total 0.0");
    }
  }

  @Test
  void findsItsDependencyThroughDnsAndAsksEachAddressWhoItIs() {
    try (PodApp store = start(store("store-abc12", null))) {
      var dep =
          new StubConfig.Dependency(
              "store",
              "store",
              false,
              TestArch.policy(1000, 1, RetryMode.FAILOVER, false),
              StubConfig.Discovery.dns("localhost", store.port()));
      var monolith =
          new StubConfig(
              "pod",
              "monolith",
              "monolith",
              "monolith-1",
              "us-east-1",
              "zoneB",
              1,
              false,
              null,
              null,
              List.of(dep),
              null,
              null);
      try (PodApp app = start(monolith)) {
        await()
            .atMost(Duration.ofSeconds(10))
            .untilAsserted(
                () ->
                    assertThat(Http.get(url(app), "why?", false).instance())
                        .isEqualTo("store-abc12"));
      }
    }
  }

  @Test
  void shutdownTurnsReadinessOffFirstAndLetsRequestsInFlightFinish() throws Exception {
    var slow = new Behavior(new Behavior.Latency("fixed", 800, 0, 0, 0), 0, 0);
    PodApp app = start(store("store-slow", slow));
    String url = url(app);
    CompletableFuture<Http.Answer> inFlight =
        CompletableFuture.supplyAsync(() -> Http.get(url, "why?", false));
    await().atMost(Duration.ofSeconds(5)).until(() -> app.node().metrics().inFlight() == 1);

    CompletableFuture<Void> stopping =
        CompletableFuture.runAsync(
            () -> app.shutdown(Duration.ofMillis(500), Duration.ofSeconds(5)));
    await()
        .atMost(Duration.ofSeconds(2))
        .until(() -> Http.raw(url + "/health/readiness").statusCode() == 503);
    // still serving while callers learn it is going
    assertThat(Http.raw(url + "/health/liveness").statusCode()).isEqualTo(200);
    assertThat(inFlight.isDone()).isFalse();

    assertThat(inFlight.get().status()).isEqualTo(200);
    assertThat(inFlight.get().value()).isEqualTo("because...");
    stopping.get();
    assertThatThrownBy(() -> Http.raw(url + "/health/liveness")).isInstanceOf(Exception.class);
  }
}
