package io.simarch.stub.call;

import static org.assertj.core.api.Assertions.assertThat;

import io.opentelemetry.context.Context;
import io.simarch.api.model.CallPolicy;
import io.simarch.api.model.RetryMode;
import io.simarch.api.model.StubConfig;
import io.simarch.stub.core.Outcome;
import io.simarch.stub.core.Reply;
import io.simarch.stub.core.Request;
import io.simarch.stub.core.Wire;
import io.simarch.stub.net.HttpReply;
import io.simarch.stub.net.Transport;
import io.simarch.stub.telemetry.NodeMetrics;
import io.simarch.stub.telemetry.Telemetry;
import java.net.ConnectException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/** The caller's policies against a scripted transport: no sockets, real timers. */
class DependencyCallerTest {
  private static final ScheduledExecutorService SCHEDULER =
      Executors.newSingleThreadScheduledExecutor();

  @AfterAll
  static void stop() {
    SCHEDULER.shutdownNow();
  }

  /** Answers per instance as scripted; records every request. */
  static final class ScriptedTransport implements Transport {
    final Map<String, Supplier<CompletableFuture<HttpReply>>> script = new HashMap<>();
    final List<String> calls = Collections.synchronizedList(new ArrayList<>());
    final List<List<Map.Entry<String, String>>> headers =
        Collections.synchronizedList(new ArrayList<>());
    final List<CompletableFuture<HttpReply>> hung = Collections.synchronizedList(new ArrayList<>());

    @Override
    public CompletableFuture<HttpReply> send(
        Peer peer, String method, String path, List<Map.Entry<String, String>> h, byte[] body) {
      calls.add(peer.instance());
      headers.add(h);
      return script.getOrDefault(peer.instance(), () -> ok(peer.instance())).get();
    }

    ScriptedTransport refuse(String instance) {
      script.put(
          instance,
          () -> CompletableFuture.failedFuture(new ConnectException("Connection refused")));
      return this;
    }

    ScriptedTransport status(String instance, int status) {
      script.put(
          instance,
          () ->
              CompletableFuture.completedFuture(
                  new HttpReply(status, new byte[0], instance, 0, null)));
      return this;
    }

    ScriptedTransport answer(String instance, int status, String outcome) {
      script.put(
          instance,
          () ->
              CompletableFuture.completedFuture(
                  new HttpReply(status, new byte[0], instance, 0, outcome)));
      return this;
    }

    ScriptedTransport hang(String instance) {
      script.put(
          instance,
          () -> {
            var f = new CompletableFuture<HttpReply>();
            hung.add(f);
            return f;
          });
      return this;
    }

    static CompletableFuture<HttpReply> ok(String instance) {
      byte[] v = "because...".getBytes();
      return CompletableFuture.completedFuture(new HttpReply(200, v, instance, v.length, null));
    }
  }

  private static CallPolicy policy(
      long timeoutMs, int retries, RetryMode mode, boolean budget, boolean breaker) {
    return new CallPolicy(
        timeoutMs,
        retries,
        mode,
        budget,
        5,
        1000,
        new CallPolicy.Backoff(0, 1000, 2, 0.2),
        new CallPolicy.CircuitBreaker(breaker, 50, 4, 60_000));
  }

  private static StubConfig.Endpoint at(String id, String zone) {
    return new StubConfig.Endpoint(id, "http://127.0.0.1:1", "us-east-1", zone);
  }

  private final NodeMetrics metrics = new NodeMetrics(new LongAdder());

  private DependencyCaller caller(
      CallPolicy policy, Transport transport, Affinity affinity, StubConfig.Endpoint... peers) {
    var dep =
        new StubConfig.Dependency(
            "store", "store", false, policy, StubConfig.Discovery.of(List.of(peers)));
    return new DependencyCaller(
        dep,
        new StaticPeerSource(List.of(peers)),
        affinity,
        new DependencyCaller.Self("me00", "us-east-1", "zoneA", false),
        transport,
        SCHEDULER,
        Telemetry.disabled(),
        metrics,
        new Random(3));
  }

  private static Reply get(DependencyCaller c) {
    return c.call(Request.get("why?"), CallContext.of(Context.root()), Target.ANY).join();
  }

  @Test
  void failoverNeverRetriesOnTheInstanceThatFailed() {
    var t = new ScriptedTransport().refuse("a");
    var c =
        caller(
            policy(1000, 2, RetryMode.FAILOVER, false, false),
            t,
            Affinity.REGION,
            at("a", "zoneA"),
            at("b", "zoneB"),
            at("c", "zoneC"));
    for (int i = 0; i < 300; i++) {
      assertThat(get(c).status()).isEqualTo(200);
    }
    assertThat(c.metrics().attemptsByPeer().get("a")).isPositive();
    assertThat(c.metrics().retriesByPeer()).doesNotContainKey("a").isNotEmpty();
  }

  @Test
  void immediateRetriesMayHitTheInstanceThatJustFailed() {
    var t = new ScriptedTransport().refuse("a");
    var c =
        caller(
            policy(1000, 2, RetryMode.IMMEDIATE, false, false),
            t,
            Affinity.REGION,
            at("a", "zoneA"),
            at("b", "zoneB"),
            at("c", "zoneC"));
    int failed = 0;
    for (int i = 0; i < 600; i++) {
      failed += get(c).status() == 200 ? 0 : 1;
    }
    assertThat(c.metrics().retriesByPeer().get("a")).isPositive();
    assertThat(failed).isPositive(); // a third, a third of that, a third again: 1 in 27
  }

  @Test
  void modeNoneNeverRetriesWhateverTheRetryCount() {
    var t = new ScriptedTransport().refuse("a");
    var c =
        caller(
            policy(1000, 2, RetryMode.NONE, false, false),
            t,
            Affinity.REGION,
            at("a", "zoneA"),
            at("b", "zoneB"));
    for (int i = 0; i < 100; i++) {
      get(c);
    }
    assertThat(c.metrics().retries()).isZero();
    assertThat(t.calls).hasSize(100);
  }

  @Test
  void aSpentBudgetFailsFastWithoutCallingAnyone() {
    var t = new ScriptedTransport();
    var c =
        caller(
            policy(1000, 2, RetryMode.FAILOVER, true, true), t, Affinity.REGION, at("a", "zoneA"));
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(4); // under the 5 ms margin
    Reply r =
        c.call(Request.get("k"), new CallContext(Context.root(), deadline), Target.ANY).join();
    assertThat(r.status()).isEqualTo(504);
    assertThat(r.outcome()).isEqualTo("budget-exhausted");
    assertThat(t.calls).isEmpty();
    assertThat(c.metrics().attempts(Outcome.BUDGET_EXHAUSTED)).isEqualTo(1);
  }

  @Test
  void theBudgetCapsTheAttemptTimeoutAndTravelsWithTheRequest() {
    var t = new ScriptedTransport();
    var c =
        caller(policy(60_000, 0, RetryMode.NONE, true, true), t, Affinity.REGION, at("a", "zoneA"));
    // generous, so that a loaded machine's first call does not spend it before the attempt
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
    c.call(Request.get("k"), new CallContext(Context.root(), deadline), Target.ANY).join();
    long sent =
        t.headers.get(0).stream()
            .filter(e -> e.getKey().equals("x-simarch-budget-ms"))
            .mapToLong(e -> Long.parseLong(e.getValue()))
            .findFirst()
            .orElseThrow();
    assertThat(sent).isBetween(1L, 4995L); // min(60 s, remaining − 5 ms), not the timeout
  }

  @Test
  void withoutBudgetModeNoBudgetIsSent() {
    var t = new ScriptedTransport();
    var c =
        caller(policy(1000, 0, RetryMode.NONE, false, true), t, Affinity.REGION, at("a", "zoneA"));
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(100);
    c.call(Request.get("k"), new CallContext(Context.root(), deadline), Target.ANY).join();
    assertThat(t.headers.get(0)).noneMatch(e -> e.getKey().equals("x-simarch-budget-ms"));
  }

  @Test
  void aHungInstanceTimesOutAndItsRequestIsAbandoned() {
    var t = new ScriptedTransport().hang("a");
    var c =
        caller(policy(60, 0, RetryMode.NONE, false, true), t, Affinity.REGION, at("a", "zoneA"));
    long t0 = System.nanoTime();
    Reply r = get(c);
    long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
    assertThat(r.status()).isEqualTo(504);
    assertThat(r.outcome()).isEqualTo("timeout");
    assertThat(ms).isBetween(55L, 1000L);
    // completing it exceptionally is what makes the transport close the connection
    assertThat(t.hung.get(0)).isCompletedExceptionally();
    assertThat(c.metrics().attempts(Outcome.TIMEOUT)).isEqualTo(1);
  }

  @Test
  void theBreakerTakesAFailingInstanceOutOfRotation() {
    var t = new ScriptedTransport().refuse("a");
    var c =
        caller(
            policy(1000, 2, RetryMode.FAILOVER, false, true),
            t,
            Affinity.REGION,
            at("a", "zoneA"),
            at("b", "zoneB"));
    for (int i = 0; i < 200; i++) {
      assertThat(get(c).status()).isEqualTo(200);
    }
    // four failures (the minimum) open it; then it is passed over
    assertThat(c.metrics().attemptsByPeer().get("a")).isEqualTo(4);
    assertThat(c.metrics().breakerSkips()).isPositive();
    assertThat(c.breakerStates())
        .anySatisfy(
            s -> {
              assertThat(s.peer()).isEqualTo("a");
              assertThat(s.state()).isEqualTo("open");
            });
  }

  @Test
  void everyBreakerOpenMeansCircuitOpenWithoutACall() {
    var t = new ScriptedTransport().refuse("a");
    var c =
        caller(policy(1000, 0, RetryMode.NONE, false, true), t, Affinity.REGION, at("a", "zoneA"));
    for (int i = 0; i < 4; i++) {
      get(c);
    }
    Reply r = get(c);
    assertThat(r.status()).isEqualTo(503);
    assertThat(r.outcome()).isEqualTo("circuit-open");
    assertThat(t.calls).hasSize(4);
  }

  @Test
  void aShedAnswerIsRetriedElsewhereAndTripsNoBreaker() {
    var t = new ScriptedTransport().answer("a", 503, Wire.SHED);
    var c =
        caller(
            policy(1000, 1, RetryMode.FAILOVER, false, true),
            t,
            Affinity.REGION,
            at("a", "zoneA"),
            at("b", "zoneB"));
    for (int i = 0; i < 200; i++) {
      assertThat(get(c).status()).isEqualTo(200);
    }
    assertThat(c.metrics().attempts(Outcome.SHED)).isPositive();
    assertThat(c.metrics().attemptsByPeer().get("a")).isEqualTo(c.metrics().attempts(Outcome.SHED));
    assertThat(c.breakerStates()).allSatisfy(s -> assertThat(s.state()).isEqualTo("closed"));
  }

  @Test
  void loadShedEverywhereIsAnsweredShedDownstream() {
    var t = new ScriptedTransport().answer("a", 503, Wire.SHED).answer("b", 503, Wire.SHED);
    var c =
        caller(
            policy(1000, 1, RetryMode.FAILOVER, false, false),
            t,
            Affinity.REGION,
            at("a", "zoneA"),
            at("b", "zoneB"));
    Reply r = get(c);
    assertThat(r.status()).isEqualTo(503);
    assertThat(r.outcome()).isEqualTo(Wire.SHED_DOWNSTREAM);
    assertThat(t.calls).hasSize(2);
  }

  @Test
  void loadShedFurtherDownIsNotRetriedAgain() {
    var t = new ScriptedTransport().answer("a", 503, Wire.SHED_DOWNSTREAM);
    var c =
        caller(
            policy(1000, 2, RetryMode.IMMEDIATE, false, false),
            t,
            Affinity.REGION,
            at("a", "zoneA"));
    Reply r = get(c);
    assertThat(r.status()).isEqualTo(503);
    assertThat(r.outcome()).isEqualTo(Wire.SHED_DOWNSTREAM);
    assertThat(t.calls).containsExactly("a");
    assertThat(c.metrics().attempts(Outcome.SHED_DOWNSTREAM)).isEqualTo(1);
  }

  @Test
  void clientErrorsAreNotRetriedServerErrorsAre() {
    var t = new ScriptedTransport().status("a", 400).status("b", 503);
    var c4 =
        caller(
            policy(1000, 2, RetryMode.IMMEDIATE, false, false),
            t,
            Affinity.REGION,
            at("a", "zoneA"));
    assertThat(get(c4).status()).isEqualTo(502);
    assertThat(t.calls).containsExactly("a");
    var c5 =
        caller(
            policy(1000, 2, RetryMode.IMMEDIATE, false, false),
            t,
            Affinity.REGION,
            at("b", "zoneA"));
    get(c5);
    assertThat(t.calls).containsExactly("a", "b", "b", "b");
  }

  @Test
  void aMissIsAnAnswerNotAFailure() {
    var t = new ScriptedTransport().status("a", 404);
    var c =
        caller(
            policy(1000, 2, RetryMode.FAILOVER, false, true),
            t,
            Affinity.REGION,
            at("a", "zoneA"),
            at("b", "zoneA"));
    for (int i = 0; i < 50; i++) {
      assertThat(get(c).status()).isIn(200, 404);
    }
    assertThat(c.metrics().retries()).isZero();
  }

  @Test
  void zoneAffinityPrefersTheCallersZoneAndFallsBackWhenEmpty() {
    var t = new ScriptedTransport();
    var same =
        caller(
            policy(1000, 0, RetryMode.NONE, false, true),
            t,
            Affinity.ZONE,
            at("a", "zoneA"),
            at("b", "zoneB"));
    assertThat(same.candidates().peers()).extracting(Peer::instance).containsExactly("a");
    assertThat(same.candidates().fallback()).isFalse();

    var none =
        caller(
            policy(1000, 0, RetryMode.NONE, false, true),
            t,
            Affinity.ZONE,
            at("b", "zoneB"),
            at("c", "zoneC"));
    assertThat(none.candidates().peers()).extracting(Peer::instance).containsExactly("b", "c");
    assertThat(none.candidates().fallback()).isTrue();

    var region =
        caller(
            policy(1000, 0, RetryMode.NONE, false, true),
            t,
            Affinity.REGION,
            at("a", "zoneA"),
            at("b", "zoneB"),
            at("me00", "zoneA"),
            new StubConfig.Endpoint("far", "http://127.0.0.1:1", "eu-west-1", "zoneA"));
    assertThat(region.candidates().peers())
        .extracting(Peer::instance)
        .containsExactly("a", "b"); // never itself, never another region
  }

  @Test
  void noInstanceIsAnswered503() {
    var c =
        caller(
            policy(1000, 2, RetryMode.FAILOVER, false, true),
            new ScriptedTransport(),
            Affinity.REGION);
    Reply r = get(c);
    assertThat(r.status()).isEqualTo(503);
    assertThat(r.outcome()).isEqualTo("no-instance");
  }

  @Test
  void anOrderedTargetTriesTheNextInstanceOnlyInFailover() {
    var t = new ScriptedTransport().refuse("owner");
    var ring =
        List.of(
            Peer.of("owner", "http://127.0.0.1:1", "us-east-1", "zoneA"),
            Peer.of("next", "http://127.0.0.1:1", "us-east-1", "zoneA"));
    var failover =
        caller(
            policy(1000, 2, RetryMode.FAILOVER, false, false),
            t,
            Affinity.REGION,
            at("owner", "zoneA"),
            at("next", "zoneA"));
    Reply r =
        failover
            .call(Request.get("k"), CallContext.of(Context.root()), Target.inOrder(ring))
            .join();
    assertThat(r.servedBy()).isEqualTo("next");
    t.calls.clear();
    var immediate =
        caller(
            policy(1000, 2, RetryMode.IMMEDIATE, false, false),
            t,
            Affinity.REGION,
            at("owner", "zoneA"),
            at("next", "zoneA"));
    immediate.call(Request.get("k"), CallContext.of(Context.root()), Target.inOrder(ring)).join();
    assertThat(t.calls).containsExactly("owner", "owner", "owner");
  }
}
