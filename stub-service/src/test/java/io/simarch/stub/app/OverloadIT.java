package io.simarch.stub.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.netty.util.concurrent.EventExecutor;
import io.simarch.api.model.Behavior;
import io.simarch.api.model.Defaults;
import io.simarch.api.model.StubConfig;
import io.simarch.stub.local.HostOptions;
import io.simarch.stub.local.StubHost;
import io.simarch.stub.local.StubInstance;
import io.simarch.stub.telemetry.NodeMetrics;
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
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * One stub driven past its in-flight limit over real HTTP: the excess is answered 503 at once and
 * counted, the adaptive limit falls when the pod is starved of CPU and grows back after, and the
 * pod's liveness keeps answering even when the request path cannot.
 */
class OverloadIT {
  private static final int LIMIT = 4;
  private static final int SENT = 16;
  private static final long SLOW_MS = 3000;
  // the library writes counters as floats, and a local instance's series carry its labels
  private static final Pattern SHED = series(NodeMetrics.SHED_REQUESTS);
  private static final Pattern LIMIT_GAUGE = series(NodeMetrics.IN_FLIGHT_LIMIT);

  private static Pattern series(String name) {
    return Pattern.compile("(?m)^" + name + "(?:\\{[^}]*})? ([0-9.eE+]+)$");
  }

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
  void aCpuStarvedPodShedsFastItsLimitDropsAndRecovers() throws Exception {
    int bound = 64;
    // a slow service by design: its 50 ms are simulated, not overload
    StubConfig config =
        PodAppIT.store(
            "store-starved", new Behavior(new Behavior.Latency("fixed", 50, 0, 0, 0), 0, 0, bound));
    try (PodApp app = PodAppIT.start(config)) {
      String url = "http://127.0.0.1:" + app.port();
      String health = "http://127.0.0.1:" + app.healthPort();

      // demand near the bound at the configured latency: simulated time is not overload
      Load healthy = new Load(url, bound * 3 / 4);
      await().atMost(Duration.ofSeconds(60)).until(() -> healthy.served() >= 2000);
      healthy.stop();
      assertThat(gauge(url, LIMIT_GAUGE)).isGreaterThan(bound / 2.0);
      long shedBefore = shedCount(url);

      // the same pod's event loops busy most of the time, offered more than it can serve
      Starvation starving = new Starvation(app);
      Load heavy = new Load(url, 2 * bound);
      try {
        await()
            .atMost(Duration.ofSeconds(60))
            .until(() -> gauge(url, LIMIT_GAUGE) <= bound / 4 && heavy.shed() >= 200);
        assertThat(shedCount(url)).isGreaterThanOrEqualTo(shedBefore + 200);
        assertThat(status(health + "/health/liveness", 2)).isEqualTo(200);
        // a caller with the default timeout hears it was shed before it gives up
        assertThat(heavy.shedP90Ms()).as(heavy.report()).isLessThan(Defaults.TIMEOUT.toMillis());
        assertThat(heavy.timeouts()).isZero();
      } finally {
        heavy.stop();
        starving.stop();
      }
      double overloaded = gauge(url, LIMIT_GAUGE);

      // the CPU back: served at normal latency again, the limit grows back
      Load recovering = new Load(url, bound * 3 / 4);
      try {
        await()
            .atMost(Duration.ofSeconds(90))
            .until(() -> gauge(url, LIMIT_GAUGE) >= 2 * overloaded);
      } finally {
        recovering.stop();
      }
    }
  }

  /** Closed-loop callers: each sends its next request when the last one is answered. */
  private final class Load {
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final LongAdder shed = new LongAdder();
    private final LongAdder timeouts = new LongAdder();
    private final List<Long> shedMicros = java.util.Collections.synchronizedList(new ArrayList<>());
    private final List<CompletableFuture<Void>> callers = new ArrayList<>();
    private final List<Long> servedMicros =
        java.util.Collections.synchronizedList(new ArrayList<>());

    Load(String url, int concurrency) {
      for (int i = 0; i < concurrency; i++) {
        callers.add(next(url + "/kv/why%3F"));
      }
    }

    private CompletableFuture<Void> next(String url) {
      if (!running.get()) {
        return CompletableFuture.completedFuture(null);
      }
      long t0 = System.nanoTime();
      return client
          .sendAsync(get(url, 10), HttpResponse.BodyHandlers.discarding())
          .handle(
              (r, e) -> {
                long micros = (System.nanoTime() - t0) / 1000;
                if (e != null) {
                  timeouts.increment();
                } else if (r.statusCode() == 503) {
                  shed.increment();
                  shedMicros.add(micros);
                } else {
                  servedMicros.add(micros);
                }
                return null;
              })
          .thenCompose(v -> next(url));
    }

    long shed() {
      return shed.sum();
    }

    long served() {
      return servedMicros.size();
    }

    String report() {
      return "answers (count, µs) shed " + pct(shedMicros) + "; served " + pct(servedMicros);
    }

    private static String pct(List<Long> l) {
      synchronized (l) {
        var s = l.stream().sorted().toList();
        if (s.isEmpty()) {
          return "none";
        }
        return s.size() + " p50=" + s.get(s.size() / 2) + " p90=" + s.get(s.size() * 9 / 10);
      }
    }

    long timeouts() {
      return timeouts.sum();
    }

    double shedP90Ms() {
      return p90(shedMicros) / 1000.0;
    }

    private static long p90(List<Long> micros) {
      synchronized (micros) {
        assertThat(micros).isNotEmpty();
        var sorted = micros.stream().sorted().toList();
        return sorted.get((int) (sorted.size() * 0.9));
      }
    }

    void stop() {
      running.set(false);
      CompletableFuture.allOf(callers.toArray(CompletableFuture[]::new)).join();
    }
  }

  /**
   * Keeps every serving event loop busy {@value #BUSY_MS} ms out of every {@value #CYCLE_MS}: the
   * pod's CPU taken by something else, as on a saturated node.
   */
  private static final class Starvation {
    // 90% busy in cycles that are no divisor of the store's 50 ms service time: with 45 of every
    // 50 ms, every timer a request set in a free moment fell due in the next free moment, so a
    // quiet machine saw no lateness at all
    private static final long BUSY_MS = 60;
    private static final long CYCLE_MS = 67;
    private final AtomicBoolean running = new AtomicBoolean(true);

    Starvation(PodApp app) {
      for (EventExecutor loop : app.serving()) {
        loop.execute(() -> burn(loop));
      }
    }

    private void burn(EventExecutor loop) {
      if (!running.get()) {
        return;
      }
      long until = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(BUSY_MS);
      while (System.nanoTime() < until) {
        Thread.onSpinWait();
      }
      loop.schedule(() -> burn(loop), CYCLE_MS - BUSY_MS, TimeUnit.MILLISECONDS);
    }

    void stop() {
      running.set(false);
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
    return (long) gauge(url, SHED);
  }

  /** One unlabelled series of this pod's /metrics. */
  private double gauge(String url, Pattern series) throws Exception {
    String text =
        client.send(get(url + "/metrics", 10), HttpResponse.BodyHandlers.ofString()).body();
    Matcher m = series.matcher(text);
    assertThat(m.find()).as(series + " in /metrics").isTrue();
    return Double.parseDouble(m.group(1));
  }
}
