package io.simarch.stub.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.netty.util.concurrent.EventExecutor;
import io.simarch.api.model.Behavior;
import io.simarch.api.model.StubConfig;
import io.simarch.stub.local.HostOptions;
import io.simarch.stub.local.StubHost;
import io.simarch.stub.local.StubInstance;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * One stub driven past its in-flight limit over real HTTP: the excess is answered 503 at once and
 * counted, and the pod's liveness keeps answering even when the request path cannot.
 */
class OverloadIT {
  private static final int LIMIT = 4;
  private static final int SENT = 16;
  private static final long SLOW_MS = 3000;
  // the library writes counters as floats, and a local instance's series carry its labels
  private static final Pattern SHED =
      Pattern.compile("(?m)^simarch_shed_requests_total(?:\\{[^}]*})? ([0-9.eE+]+)$");

  private final HttpClient client =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  private static StubConfig slowStore(String instance) {
    return PodAppIT.store(
        instance, new Behavior(new Behavior.Latency("fixed", SLOW_MS, 0, 0, 0), 0, 0, LIMIT));
  }

  @Test
  void aPodShedsPastItsLimitAndStaysAliveWhileItsEventLoopsAreBlocked() throws Exception {
    try (PodApp app = PodAppIT.start(slowStore("store-overload"))) {
      String url = "http://127.0.0.1:" + app.port();
      String health = "http://127.0.0.1:" + app.healthPort();
      long shedBefore = shedCount(url);

      List<Timed> answers = fire(url, SENT);
      // the excess comes back at once, long before the admitted ones finish their service time
      await()
          .atMost(Duration.ofMillis(SLOW_MS - 500))
          .until(() -> answers.stream().filter(Timed::done).count() == SENT - LIMIT);
      assertThat(app.node().metrics().inFlight()).isEqualTo(LIMIT);
      assertThat(status(health + "/health/liveness", 1)).isEqualTo(200);
      assertThat(shedCount(url)).isEqualTo(shedBefore + SENT - LIMIT);

      assertLimitServedRestShed(join(answers));

      // every serving event loop blocked: the serving port cannot answer, liveness still does
      CountDownLatch release = new CountDownLatch(1);
      CountDownLatch blocked = new CountDownLatch(count(app));
      for (EventExecutor loop : app.serving()) {
        loop.execute(
            () -> {
              blocked.countDown();
              await().atMost(Duration.ofSeconds(30)).until(() -> release.getCount() == 0);
            });
      }
      CompletableFuture<HttpResponse<String>> stuck;
      try {
        assertThat(blocked.await(5, TimeUnit.SECONDS)).isTrue();
        stuck =
            client.sendAsync(
                get(url + "/health/liveness", 30), HttpResponse.BodyHandlers.ofString());
        assertThat(status(health + "/health/liveness", 1)).isEqualTo(200);
        assertThat(status(health + "/health/readiness", 1)).isEqualTo(200);
        assertThat(stuck.isDone()).isFalse();
      } finally {
        release.countDown();
      }
      assertThat(stuck.get(10, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
    }
  }

  @Test
  void aLocalInstanceShedsPastItsLimit() throws Exception {
    try (StubHost host = StubHost.start(HostOptions.defaults())) {
      StubInstance store = host.start(slowStore("store00"), 0);
      long shedBefore = shedCount(store.url());
      assertLimitServedRestShed(join(fire(store.url(), SENT)));
      assertThat(shedCount(store.url())).isEqualTo(shedBefore + SENT - LIMIT);
    }
  }

  /** {@code LIMIT} answered, the rest shed: 503 with the shed outcome. */
  private static void assertLimitServedRestShed(List<HttpResponse<String>> done) {
    assertThat(done).filteredOn(r -> r.statusCode() == 200).hasSize(LIMIT);
    assertThat(done)
        .filteredOn(r -> r.statusCode() == 503)
        .hasSize(SENT - LIMIT)
        .allSatisfy(r -> assertThat(r.headers().firstValue("x-simarch-outcome")).contains("shed"));
  }

  private record Timed(CompletableFuture<HttpResponse<String>> answer) {
    boolean done() {
      return answer.isDone();
    }
  }

  private List<Timed> fire(String url, int n) {
    var out = new ArrayList<Timed>();
    for (int i = 0; i < n; i++) {
      out.add(
          new Timed(
              client.sendAsync(get(url + "/kv/why%3F", 10), HttpResponse.BodyHandlers.ofString())));
    }
    return out;
  }

  private static List<HttpResponse<String>> join(List<Timed> answers) {
    return answers.stream().map(t -> t.answer().join()).toList();
  }

  private static int count(PodApp app) {
    int n = 0;
    for (EventExecutor ignored : app.serving()) {
      n++;
    }
    return n;
  }

  private static HttpRequest get(String url, int timeoutSeconds) {
    return HttpRequest.newBuilder(URI.create(url))
        .timeout(Duration.ofSeconds(timeoutSeconds))
        .build();
  }

  private int status(String url, int timeoutSeconds) throws Exception {
    return client.send(get(url, timeoutSeconds), HttpResponse.BodyHandlers.ofString()).statusCode();
  }

  private long shedCount(String url) throws Exception {
    String text =
        client.send(get(url + "/metrics", 5), HttpResponse.BodyHandlers.ofString()).body();
    Matcher m = SHED.matcher(text);
    assertThat(m.find()).as("simarch_shed_requests_total in /metrics").isTrue();
    return (long) Double.parseDouble(m.group(1));
  }
}
