package io.simarch.stub;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.opentelemetry.proto.trace.v1.Span.SpanKind;
import io.simarch.api.model.CallPolicy;
import io.simarch.api.model.RetryMode;
import io.simarch.stub.local.HostOptions;
import io.simarch.stub.local.InstanceStats;
import io.simarch.stub.local.StubHost;
import io.simarch.stub.local.StubInstance;
import io.simarch.testkit.OtlpReceiver;
import io.simarch.testkit.OtlpReceiver.Received;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * One monolith of three dies (or hangs) while the denominator sends: what each retry mode does
 * about it, and what a budget stops.
 */
class FailoverIT {
  private static final String DEAD = "monolith01";

  private static TestArch arch(CallPolicy policy) {
    return TestArch.arch("failover")
        .policy(policy)
        .service("store", "store", 2, "store")
        .service("monolith", "monolith", 3, "store")
        .service("elb", "elb", 1, "monolith")
        .root("www", TestArch.traffic(4000), "elb")
        // the edge's own patience is not under test: a shared 2-core machine can stall a second
        .policy("www", "elb", TestArch.policy(5000, 0, RetryMode.NONE, false));
  }

  private static CallPolicy withoutBreaker(CallPolicy p) {
    return new CallPolicy(
        p.timeoutMs(),
        p.retries(),
        p.retryMode(),
        p.budget(),
        p.budgetMarginMs(),
        p.deadlineMs(),
        p.backoff(),
        new CallPolicy.CircuitBreaker(false, 50, 10, 5000));
  }

  private record Run(
      Map<String, StubInstance> all, long attemptsToDeadBeforeKill, long retriesToDeadBeforeKill) {}

  /** Runs traffic, kills {@link #DEAD} after 200 requests, runs 600 more. */
  private static Run killMidRun(StubHost host, CallPolicy policy) {
    Map<String, StubInstance> all = arch(policy).start(host);
    StubInstance root = all.get("www00");
    root.startTraffic();
    await().atMost(Duration.ofSeconds(30)).until(() -> root.stats().rootRequests() >= 200);
    all.get(DEAD).kill();
    InstanceStats elbAtKill = all.get("elb00").stats();
    long before = elbAtKill.attemptsByPeer().getOrDefault(DEAD, 0L);
    long retriesBefore = elbAtKill.retriesByPeer().getOrDefault(DEAD, 0L);
    long atKill = root.stats().rootRequests();
    await().atMost(Duration.ofSeconds(60)).until(() -> root.stats().rootRequests() >= atKill + 600);
    root.stopTraffic();
    return new Run(all, before, retriesBefore);
  }

  @Test
  void failoverLosesNoRequestAndNeverRetriesOnTheDeadInstance() {
    try (var host = StubHost.start(HostOptions.defaults())) {
      Run run = killMidRun(host, TestArch.policy(1000, 2, RetryMode.FAILOVER, false));
      var all = run.all();
      InstanceStats edge = all.get("www00").stats();
      InstanceStats elb = all.get("elb00").stats();

      assertThat(edge.rootErrors()).as(() -> describe(all)).isZero();
      assertThat(elb.errors()).isZero();
      assertThat(elb.attemptsByPeer().get(DEAD)).as("tried before it was known dead").isPositive();
      assertThat(elb.retries()).as("failed attempts were retried").isPositive();
      assertThat(elb.retriesByPeer().getOrDefault(DEAD, 0L) - run.retriesToDeadBeforeKill())
          .as(() -> describe(all))
          .isZero();
      // the breaker took the dead instance out of rotation
      assertThat(elb.circuitOpen()).isPositive();
      // a full breaker window of failures, then at most a few half-open probes
      assertThat(elb.attemptsByPeer().get(DEAD) - run.attemptsToDeadBeforeKill()).isLessThan(25);
    }
  }

  private static String describe(Map<String, StubInstance> all) {
    var sb = new StringBuilder();
    all.forEach((id, i) -> sb.append(id).append(' ').append(i.stats()).append('\n'));
    try {
      String m =
          HttpClient.newHttpClient()
              .send(
                  HttpRequest.newBuilder(URI.create(all.get("elb00").url() + "/metrics")).build(),
                  HttpResponse.BodyHandlers.ofString())
              .body();
      m.lines()
          .filter(
              l ->
                  l.startsWith("simarch_dependency_attempts")
                      || l.startsWith("simarch_request_errors"))
          .forEach(l -> sb.append(l).append('\n'));
    } catch (Exception e) {
      sb.append(e);
    }
    return sb.toString();
  }

  @Test
  void immediateRetriesGoToTheDeadInstanceToo() {
    try (var host = StubHost.start(HostOptions.defaults())) {
      // the seed's configuration: retries anywhere, no breaker
      Run run =
          killMidRun(host, withoutBreaker(TestArch.policy(1000, 2, RetryMode.IMMEDIATE, false)));
      var all = run.all();
      InstanceStats elb = all.get("elb00").stats();

      assertThat(elb.retriesByPeer().getOrDefault(DEAD, 0L) - run.retriesToDeadBeforeKill())
          .isPositive();
      long attempts = elb.attemptsByPeer().values().stream().mapToLong(Long::longValue).sum();
      long forwarded = elb.requests();
      // unproductive work: more attempts than requests, some of them to the dead instance again
      assertThat(attempts).isGreaterThan(forwarded);
      // without a breaker the dead instance stays in rotation: a third of the requests try it
      assertThat(elb.attemptsByPeer().get(DEAD) - run.attemptsToDeadBeforeKill())
          .isGreaterThan(100);
    }
  }

  @Test
  void aHungInstanceCostsImmediateRetriesMoreThanFailover() {
    double immediate = p99WithHungMonolith(RetryMode.IMMEDIATE);
    double failover = p99WithHungMonolith(RetryMode.FAILOVER);
    // immediate: one request in nine waits for two timeouts of 300 ms, one in 27 for three
    assertThat(immediate).isGreaterThanOrEqualTo(590);
    // failover: at most one timeout, then another instance answers (the rest is slack for a
    // loaded machine)
    assertThat(failover).isLessThan(590).isLessThan(immediate);
  }

  private static double p99WithHungMonolith(RetryMode mode) {
    try (var host = StubHost.start(HostOptions.defaults())) {
      Map<String, StubInstance> all =
          arch(withoutBreaker(TestArch.policy(300, 2, mode, false))).start(host);
      all.get(DEAD).freeze();
      StubInstance root = all.get("www00");
      root.startTraffic();
      await().atMost(Duration.ofSeconds(60)).until(() -> root.stats().rootRequests() >= 400);
      root.stopTraffic();
      return root.stats().p99Ms();
    }
  }

  @Test
  void aSpentBudgetStopsEveryHopFromCallingFurther() throws Exception {
    // 300 ms for the whole request; every store hangs
    CallPolicy budget =
        new CallPolicy(
            1000,
            2,
            RetryMode.FAILOVER,
            true,
            5,
            300,
            new CallPolicy.Backoff(0, 1000, 2, 0.2),
            new CallPolicy.CircuitBreaker(false, 50, 10, 5000));
    try (var receiver = new OtlpReceiver();
        var host = StubHost.start(new HostOptions(EndToEndTraceIT.exporter(receiver), 1.0, true))) {
      Map<String, StubInstance> all =
          TestArch.arch("budget")
              .policy(budget)
              .service("store", "store", 2)
              .service("monolith", "monolith", 2, "store")
              .service("elb", "elb", 1, "monolith")
              .start(host);
      all.get("store00").freeze();
      all.get("store01").freeze();
      HttpClient client = HttpClient.newHttpClient();
      for (int i = 0; i < 5; i++) {
        long t0 = System.nanoTime();
        HttpResponse<String> r =
            client.send(
                HttpRequest.newBuilder(URI.create(all.get("elb00").url() + "/kv/why%3F")).build(),
                HttpResponse.BodyHandlers.ofString());
        long ms = (System.nanoTime() - t0) / 1_000_000;
        assertThat(r.statusCode()).isEqualTo(504);
        // without the budget: three attempts of 1 s at each of two hops
        assertThat(ms).isLessThan(700);
      }
      long exhausted = all.values().stream().mapToLong(i -> i.stats().budgetExhausted()).sum();
      assertThat(exhausted).isPositive();

      await()
          .atMost(Duration.ofSeconds(10))
          .untilAsserted(
              () -> {
                List<Received> spans = receiver.spans();
                assertThat(
                        spans.stream()
                            .filter(
                                s ->
                                    "elb".equals(s.service())
                                        && s.kind() == SpanKind.SPAN_KIND_SERVER))
                    .hasSize(5);
                assertNoCallAfterBudget(spans);
                assertThat(spans)
                    .anyMatch(s -> "budget-exhausted".equals(s.attr("simarch.outcome")));
              });
    }
  }

  /**
   * Every client span that called someone started while its server span still had budget beyond the
   * margin, and used no more than that as its timeout.
   */
  private static void assertNoCallAfterBudget(List<Received> spans) {
    Map<String, Received> byId =
        spans.stream().collect(Collectors.toMap(Received::spanId, Function.identity()));
    int checked = 0;
    for (Received c : spans) {
      if (c.kind() != SpanKind.SPAN_KIND_CLIENT || c.parentId() == null) {
        continue;
      }
      Received server = byId.get(c.parentId());
      if (server == null || server.attr("simarch.budget_ms") == null) {
        continue;
      }
      long budgetMs = Long.parseLong(server.attr("simarch.budget_ms"));
      long deadline = server.startNanos() + (budgetMs - 5) * 1_000_000L;
      if ("budget-exhausted".equals(c.attr("simarch.outcome"))) {
        assertThat(c.attr("simarch.peer.instance")).isNull(); // nobody was called
        continue;
      }
      checked++;
      long timeout = Long.parseLong(c.attr("simarch.timeout_ms"));
      assertThat(c.startNanos())
          .as("%s started after its budget", c.name())
          .isLessThanOrEqualTo(deadline + 1_000_000L);
      assertThat(timeout).isLessThanOrEqualTo(budgetMs - 5);
    }
    assertThat(checked).isPositive();
  }
}
