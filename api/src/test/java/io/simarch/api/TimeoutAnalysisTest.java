package io.simarch.api;

import static io.simarch.api.model.TimeoutAnalysis.IMMEDIATE_RETRY_ONE_INSTANCE;
import static io.simarch.api.model.TimeoutAnalysis.RETRY_AMPLIFICATION;
import static io.simarch.api.model.TimeoutAnalysis.TIMEOUT_BELOW_RETRIES;
import static io.simarch.api.model.TimeoutAnalysis.TIME_BELOW_SERVICE_TIME;
import static org.assertj.core.api.Assertions.assertThat;

import io.simarch.api.model.ArchitectureFiles;
import io.simarch.api.model.ArchitectureValidator;
import io.simarch.api.model.TimeoutAnalysis;
import io.simarch.api.v1alpha1.SimulatedArchitecture;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class TimeoutAnalysisTest {

  /** checkout → payments → ledger, the policies given per architecture and per service. */
  static SimulatedArchitecture shop(String policies) {
    return parse(
        """
        spec:
        %s
          services:
            - {name: ledger, package: store, count: 3}
            - {name: payments, package: monolith, count: 3, dependencies: [ledger]}
            - {name: checkout, package: monolith, count: 3, dependencies: [payments]}
            - {name: www, package: denominator, count: 0, regions: 0, dependencies: [checkout]}
        """
            .formatted(policies.indent(2)));
  }

  static SimulatedArchitecture parse(String body) {
    var loaded =
        ArchitectureFiles.parse(
            "apiVersion: simarch.io/v1alpha1\nkind: SimulatedArchitecture\nmetadata: {name: t}\n"
                + body,
            "t");
    assertThat(loaded.problems()).isEmpty();
    assertThat(ArchitectureValidator.validate(loaded.resource())).isEmpty();
    return loaded.resource();
  }

  static Stream<Arguments> cases() {
    return Stream.of(
        Arguments.of("defaults: one attempt of 1s everywhere", shop(""), List.of()),
        Arguments.of(
            "one shorter timeout everywhere, no retries",
            shop("callPolicy: {timeout: 800ms}"),
            List.of()),
        Arguments.of(
            "caller shorter than the dependency's timeout × attempts",
            parse(
                """
                spec:
                  services:
                    - {name: ledger, package: store, count: 3}
                    - name: payments
                      package: monolith
                      count: 3
                      dependencies: [ledger]
                      dependencyPolicies: {ledger: {timeout: 500ms, retries: 2}}
                    - name: checkout
                      package: monolith
                      count: 3
                      dependencies: [payments]
                      callPolicy: {timeout: 800ms}
                    - {name: www, package: denominator, count: 0, regions: 0, dependencies: [checkout]}
                """),
            List.of(
                TIMEOUT_BELOW_RETRIES
                    + ": checkout waits 800ms for payments, which may take 3 × 500ms = 1500ms"
                    + " on ledger")),
        Arguments.of(
            "backoff counts towards the time below",
            shop(
                """
                callPolicy: {timeout: 100ms, retries: 1, backoff: {initial: 50ms, jitter: 0}}
                """),
            List.of(
                TIMEOUT_BELOW_RETRIES
                    + ": www waits 100ms for checkout, which may take 2 × 100ms + 50ms backoff"
                    + " = 250ms on payments",
                TIMEOUT_BELOW_RETRIES
                    + ": checkout waits 100ms for payments, which may take 2 × 100ms + 50ms"
                    + " backoff = 250ms on ledger")),
        Arguments.of(
            "budget on both calls: the callee stops at its caller's deadline",
            shop("callPolicy: {timeout: 100ms, retries: 1, budget: true}"),
            List.of()),
        Arguments.of(
            "budget only below: the callee starts its own deadline",
            parse(
                """
                spec:
                  callPolicy: {timeout: 400ms, retries: 2, retryMode: failover}
                  services:
                    - {name: ledger, package: store, count: 3}
                    - name: payments
                      package: monolith
                      count: 3
                      dependencies: [ledger]
                      callPolicy: {budget: true, deadline: 600ms}
                    - {name: checkout, package: monolith, count: 3, dependencies: [payments]}
                    - {name: www, package: denominator, count: 0, regions: 0, dependencies: [checkout]}
                """),
            List.of(
                TIMEOUT_BELOW_RETRIES
                    + ": www waits 400ms for checkout, which may take 3 × 400ms = 1200ms on"
                    + " payments",
                TIMEOUT_BELOW_RETRIES
                    + ": checkout waits 400ms for payments, which may take min(3 × 400ms, its"
                    + " 600ms deadline) = 600ms on ledger",
                RETRY_AMPLIFICATION
                    + ": retries multiply to 27 calls to ledger per request along www → checkout"
                    + " → payments → ledger (3 × 3 × 3), above 10")),
        Arguments.of(
            "failover stops when the caller's instances are used up",
            parse(
                """
                spec:
                  callPolicy: {timeout: 100ms, retries: 4, retryMode: failover, budget: true}
                  services:
                    - {name: ledger, package: store, count: 2}
                    - {name: payments, package: monolith, count: 2, dependencies: [ledger]}
                    - {name: www, package: denominator, count: 0, regions: 0, dependencies: [payments]}
                """),
            List.of()),
        Arguments.of(
            "immediate retries to the only instance",
            parse(
                """
                spec:
                  callPolicy: {retries: 2, budget: true}
                  services:
                    - {name: db, package: store, count: 1}
                    - {name: app, package: monolith, count: 2, dependencies: [db]}
                    - {name: www, package: denominator, count: 0, regions: 0, dependencies: [app]}
                """),
            List.of(
                IMMEDIATE_RETRY_ONE_INSTANCE
                    + ": app retries db immediately (2 retries) but sees one instance of it:"
                    + " every retry goes to the instance that just failed")),
        Arguments.of(
            "a store's self-dependency is replication after the answer: not on the path",
            parse(
                """
                spec:
                  callPolicy: {timeout: 50ms, retries: 2, retryMode: immediate}
                  services:
                    - {name: db, package: store, count: 3, dependencies: [db]}
                    - {name: www, package: denominator, count: 0, regions: 0, dependencies: [db]}
                """),
            List.of()),
        Arguments.of(
            "a deadline shorter than the median service time below",
            parse(
                """
                spec:
                  callPolicy: {timeout: 1s, budget: true, deadline: 100ms}
                  services:
                    - name: db
                      package: store
                      count: 3
                      behavior: {latency: {distribution: lognormal, p50: 80ms, p99: 200ms}}
                    - name: app
                      package: monolith
                      count: 3
                      dependencies: [db]
                      behavior: {latency: {distribution: fixed, mean: 30ms}}
                    - {name: www, package: denominator, count: 0, regions: 0, dependencies: [app]}
                """),
            List.of(
                TIME_BELOW_SERVICE_TIME
                    + ": www gives app 95ms of its 100ms deadline, less than the 110ms median"
                    + " service time of app → db")),
        Arguments.of(
            "a plain timeout shorter than the callee's service time",
            parse(
                """
                spec:
                  services:
                    - {name: db, package: store, count: 3, behavior: {latency: {mean: 20ms}}}
                    - name: www
                      package: denominator
                      count: 0
                      regions: 0
                      dependencies: [db]
                      callPolicy: {timeout: 10ms}
                """),
            List.of(
                TIME_BELOW_SERVICE_TIME
                    + ": www gives db 10ms (its timeout), less than the 20ms median service time"
                    + " of db")));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void warnings(String what, SimulatedArchitecture arch, List<String> expected) {
    var warnings = TimeoutAnalysis.warnings("t", arch.getSpec());

    assertThat(warnings)
        .extracting(w -> w.rule() + ": " + w.message())
        .containsExactlyElementsOf(expected);
    assertThat(warnings).allSatisfy(w -> assertThat(w.fix()).isNotBlank());
  }

  static Stream<Arguments> retryStorm() {
    return Stream.of(
        Arguments.of(
            "bad-config",
            List.of(
                TIMEOUT_BELOW_RETRIES
                    + ": edge waits 2000ms for api, which may take 3 × 2000ms = 6000ms on mid",
                TIMEOUT_BELOW_RETRIES
                    + ": api waits 2000ms for mid, which may take 3 × 2000ms = 6000ms on data",
                RETRY_AMPLIFICATION
                    + ": retries multiply to 27 calls to data per request along edge → api → mid"
                    + " → data (3 × 3 × 3), above 10"),
            6000L,
            27L),
        // 2 × 2 × 2 calls at most; each hop stops at the deadline it was handed, so the edge's
        // two attempts end after 403ms each (the hops below time out on their budgets)
        Arguments.of("budgeted", List.of(), 806L, 8L),
        Arguments.of("failover", List.of(), 806L, 8L));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("retryStorm")
  void retryStormVariants(String variant, List<String> expected, long worstMs, long amplification) {
    var loaded =
        ArchitectureFiles.load(
            Repo.root().resolve("examples/retry-storm").resolve(variant + ".yaml"));
    var report =
        TimeoutAnalysis.analyze(
            "t", loaded.resource().getSpec(), TimeoutAnalysis.MAX_AMPLIFICATION);

    assertThat(report.warnings())
        .extracting(w -> w.rule() + ": " + w.message())
        .containsExactlyElementsOf(expected);
    assertThat(report.paths()).hasSize(1);
    var path = report.paths().get(0);
    assertThat(path.services()).containsExactly("edge", "api", "mid", "data");
    assertThat(path.worstCaseMs()).isEqualTo(worstMs);
    assertThat(path.amplification()).isEqualTo(amplification);
    assertThat(report.fixes()).isNotEmpty();
  }

  @Test
  void badConfigsFixesNameTheHopsAndTheBudget() {
    var loaded =
        ArchitectureFiles.load(Repo.root().resolve("examples/retry-storm/bad-config.yaml"));
    var report = TimeoutAnalysis.analyze("t", loaded.resource().getSpec(), 10);

    assertThat(report.paths().get(0).tiers())
        .extracting(t -> t.service() + " " + t.amplification())
        .containsExactly("edge 1", "api 3", "mid 9", "data 27");
    assertThat(report.fixes())
        .anySatisfy(f -> assertThat(f).startsWith("edge → api: edge waits 2000ms"))
        .anySatisfy(f -> assertThat(f).startsWith("amplification 27 at data"))
        .anySatisfy(f -> assertThat(f).startsWith("or budget: true on every call"));
  }

  @Test
  void aRaisedThresholdSilencesAmplificationOnly() {
    var loaded =
        ArchitectureFiles.load(Repo.root().resolve("examples/retry-storm/bad-config.yaml"));
    var report = TimeoutAnalysis.analyze("t", loaded.resource().getSpec(), 27);

    assertThat(report.warnings())
        .extracting(TimeoutAnalysis.Warning::rule)
        .containsOnly(TIMEOUT_BELOW_RETRIES);
  }
}
