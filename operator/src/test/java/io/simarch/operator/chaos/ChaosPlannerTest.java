package io.simarch.operator.chaos;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Pod;
import io.simarch.api.model.ArchitectureFiles;
import io.simarch.api.v1alpha1.ChaosStatus;
import io.simarch.api.v1alpha1.KillRecord;
import io.simarch.api.v1alpha1.SimulatedArchitectureSpec;
import io.simarch.operator.testing.Pods;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.function.BiConsumer;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The chaos monkey's decisions over time, with a fake clock that jumps to each requeue. */
class ChaosPlannerTest {
  static final Instant T0 = Instant.parse("2026-11-30T12:00:00Z");

  /** webserver: 2 pods in zoneA and 1 in zoneB of us-east-1, 1 in zoneA of eu-west-1. */
  static final List<Pod> PODS =
      List.of(
          pod("webserver", "us-east-1", "zoneA", "web-a1"),
          pod("webserver", "us-east-1", "zoneA", "web-a2"),
          pod("webserver", "us-east-1", "zoneB", "web-b1"),
          pod("webserver", "eu-west-1", "zoneA", "web-e1"),
          pod("memcache", "us-east-1", "zoneA", "cache-a1"));

  static Pod pod(String service, String region, String zone, String name) {
    return Pods.stub("sim", "lamp", service, region, zone, name, T0.minusSeconds(3600)).build();
  }

  static SimulatedArchitectureSpec spec(String chaos, String traffic) {
    return ArchitectureFiles.parse(
            "apiVersion: simarch.io/v1alpha1\nkind: SimulatedArchitecture\nmetadata: {name: lamp}\n"
                + "spec:\n  victim: webserver\n  seed: 42\n"
                + (chaos.isEmpty() ? "" : "  chaos: " + chaos + "\n")
                + (traffic.isEmpty() ? "" : "  traffic: " + traffic + "\n")
                + "  topology: {regionNames: [us-east-1, eu-west-1], zoneNames: [zoneA, zoneB]}\n"
                + "  services:\n"
                + "    - {name: memcache, package: store, count: 1}\n"
                + "    - {name: webserver, package: monolith, count: 4, regions: 2,"
                + " dependencies: [memcache]}\n"
                + "    - {name: www, package: denominator, count: 0, regions: 0,"
                + " dependencies: [webserver]}\n",
            "lamp")
        .resource()
        .getSpec();
  }

  /** A run of the planner: every decision's kills, as the monkey would carry them out. */
  record Run(List<Long> killSeconds, List<List<String>> victims, ChaosStatus last) {}

  static Run run(SimulatedArchitectureSpec spec, Instant start, int maxTurns) {
    return run("lamp", spec, new ArrayList<>(PODS), start, maxTurns, (killed, at) -> {});
  }

  /**
   * As the reconciler drives the planner: each turn sees {@code pods} as they are then, and {@code
   * onKill} may change them (a ReplicaSet replacing its pods).
   */
  static Run run(
      String architecture,
      SimulatedArchitectureSpec spec,
      List<Pod> pods,
      Instant start,
      int maxTurns,
      BiConsumer<List<Pod>, Instant> onKill) {
    ChaosStatus status = null;
    Instant now = start;
    var kills = new ArrayList<Long>();
    var victims = new ArrayList<List<String>>();
    for (int i = 0; i < maxTurns; i++) {
      var turn =
          ChaosPlanner.plan(
              new ChaosPlanner.Input(
                  "sim", architecture, spec, status, true, List.copyOf(pods), now));
      Optional<Duration> requeue;
      if (turn.targets().isEmpty()) {
        status = turn.status();
        requeue = turn.requeue();
      } else {
        Instant at = now;
        List<KillRecord> records =
            turn.targets().stream()
                .map(p -> ChaosPlanner.record(p, turn.mode(), turn.dryRun(), at))
                .toList();
        status = turn.settle(records, null);
        requeue = turn.requeueAfter(records);
        kills.add(Duration.between(Instant.parse(status.getStartedAt()), now).toSeconds());
        victims.add(turn.targets().stream().map(p -> p.getMetadata().getName()).toList());
        onKill.accept(turn.targets(), now);
      }
      if (requeue.isEmpty()) {
        break;
      }
      now = now.plus(requeue.get());
    }
    return new Run(kills, victims, status);
  }

  @ParameterizedTest(name = "{0} {1}")
  @CsvSource(
      delimiter = '|',
      value = {
        // chaos                                      | traffic          | kills at (s) | state
        "                                             | {duration: 60s}  | 30           | finished",
        "                                             |                  | 60           | finished",
        "{interval: 10s, maxKills: 3}                 |                  | 10 20 30     | finished",
        "{startDelay: 5s, interval: 10s, maxKills: 3} |                  | 5 15 25      | finished",
        "{interval: 10s}                              | {duration: 35s}  | 10 20 30     | finished",
        "{interval: 10s, maxKills: 0}                 |                  |              | finished",
        "{interval: 10s, maxKills: 2, dryRun: true}   |                  | 10 20        | finished",
      })
  void killsFollowTheScheduleFromTheFirstReadyMoment(
      String chaos, String traffic, String at, String state) {
    var run = run(spec(chaos == null ? "" : chaos, traffic == null ? "" : traffic), T0, 100);

    assertThat(run.killSeconds())
        .containsExactlyElementsOf(
            at == null ? List.of() : Arrays.stream(at.split(" ")).map(Long::valueOf).toList());
    assertThat(run.last().getState()).isEqualTo(state);
    assertThat(run.last().getTotalKills()).isEqualTo(run.killSeconds().size());
    assertThat(run.last().getStartedAt()).isEqualTo(T0.toString());
    assertThat(run.last().getNextKill()).isNull();
  }

  @Test
  void deleteTakesOneVictimPodPerKillAndNeverAnotherService() {
    var run = run(spec("{interval: 10s, maxKills: 20}", ""), T0, 100);

    assertThat(run.victims()).hasSize(20).allSatisfy(v -> assertThat(v).hasSize(1));
    var all = run.victims().stream().flatMap(List::stream).collect(Collectors.toSet());
    assertThat(all).doesNotContain("cache-a1").hasSizeGreaterThan(1);
    assertThat(run.last().getLastKills()).hasSize(ChaosPlanner.LAST_KILLS);
    assertThat(run.last().getPodsKilled()).isEqualTo(20);
  }

  @Test
  void aSeedReplaysTheSameVictimsAndAnotherSeedDoesNot() {
    var a = run(spec("{interval: 10s, maxKills: 10}", ""), T0, 100);
    var b = run(spec("{interval: 10s, maxKills: 10}", ""), T0, 100);
    var other = spec("{interval: 10s, maxKills: 10}", "");
    other.setSeed(7L);
    var c = run(other, T0, 100);

    assertThat(a.victims()).isEqualTo(b.victims());
    assertThat(c.victims()).isNotEqualTo(a.victims());
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        // ordered by cell (the Deployment's name), then pod name
        "{mode: zone-outage, zone: zoneA}       | web-e1 web-a1 web-a2",
        "{mode: zone-outage, zone: zoneB}       | web-b1",
        "{mode: region-outage, region: eu-west-1} | web-e1",
        "{mode: region-outage, region: us-east-1} | web-a1 web-a2 web-b1",
      })
  void outagesTakeEveryVictimPodOfThePlaceInOneKill(String chaos, String pods) {
    var run = run(spec(chaos, ""), T0, 10);

    assertThat(run.victims()).containsExactly(List.of(pods.split(" ")));
    assertThat(run.last().getTotalKills()).isEqualTo(1);
    assertThat(run.last().getPodsKilled()).isEqualTo(pods.split(" ").length);
  }

  @Test
  void theClockWaitsForTheArchitectureToBeReady() {
    var turn =
        ChaosPlanner.plan(
            new ChaosPlanner.Input("sim", "lamp", spec("", ""), null, false, PODS, T0));

    assertThat(turn.status().getState()).isEqualTo(ChaosPlanner.WAITING);
    assertThat(turn.status().getStartedAt()).isNull();
    assertThat(turn.targets()).isEmpty();
    // readiness changes wake the reconciler; no timer needed
    assertThat(turn.requeue()).isEmpty();
  }

  @Test
  void aDueKillInQuietTimeWaitsForTheQuietTimeToEnd() {
    // first kill due 22:30 UTC; quiet 22:00-08:00 Berlin = 21:00-07:00 UTC
    var spec =
        spec(
            "{interval: 1h, maxKills: 1, quietTimes: {timesOfDay: ['22:00-08:00'],"
                + " timeZone: Europe/Berlin}}",
            "");
    var start = Instant.parse("2026-11-30T21:30:00Z");

    var run = run(spec, start, 10);

    assertThat(run.killSeconds()).containsExactly(Duration.ofHours(9).plusMinutes(30).toSeconds());
  }

  @Test
  void quietStateIsReportedWhilePaused() {
    var spec = spec("{interval: 1h, quietTimes: {timesOfDay: ['00:00-23:59']}}", "");
    var started = new ChaosStatus();
    started.setStartedAt("2026-11-30T10:00:00Z");
    started.setTotalKills(0);
    started.setNextKill("2026-11-30T11:00:00Z");

    var turn =
        ChaosPlanner.plan(new ChaosPlanner.Input("sim", "lamp", spec, started, true, PODS, T0));

    assertThat(turn.targets()).isEmpty();
    assertThat(turn.status().getState()).isEqualTo(ChaosPlanner.QUIET);
    assertThat(turn.status().getMessage())
        .contains("spec.chaos.quietTimes", "until 2026-11-30T23:59");
    assertThat(turn.requeue()).contains(Duration.ofHours(11).plusMinutes(59));
  }

  @Test
  void noEligibleVictimMeansNoKillAndALookAgainSoon() {
    var spec = spec("{interval: 10s, minPodAge: 2h}", "");
    var started = new ChaosStatus();
    started.setStartedAt(T0.minusSeconds(60).toString());
    started.setNextKill(T0.minusSeconds(50).toString());
    started.setTotalKills(0);

    var turn =
        ChaosPlanner.plan(new ChaosPlanner.Input("sim", "lamp", spec, started, true, PODS, T0));

    assertThat(turn.targets()).isEmpty();
    assertThat(turn.status().getTotalKills()).isZero();
    assertThat(turn.status().getMessage()).contains("minPodAge");
    assertThat(turn.requeue()).contains(ChaosPlanner.NO_VICTIM_RETRY);
  }

  @Test
  void aStrikeThatKilledNothingIsNotCounted() {
    var spec = spec("{interval: 10s, respectPodDisruptionBudgets: true}", "");
    var turn =
        ChaosPlanner.plan(
            new ChaosPlanner.Input("sim", "lamp", spec, null, true, PODS, T0.plusSeconds(0)));
    // the first decision starts the clock; jump to the kill
    var due =
        ChaosPlanner.plan(
            new ChaosPlanner.Input(
                "sim", "lamp", spec, turn.status(), true, PODS, T0.plusSeconds(10)));

    var status = due.settle(List.of(), "spared web-a1: a PodDisruptionBudget forbids");

    assertThat(due.targets()).hasSize(1);
    assertThat(due.respectPodDisruptionBudgets()).isTrue();
    assertThat(status.getTotalKills()).isZero();
    assertThat(status.getNextKill()).isEqualTo(turn.status().getNextKill());
    assertThat(status.getMessage()).contains("PodDisruptionBudget");
    assertThat(due.requeueAfter(List.of())).contains(ChaosPlanner.BLOCKED_RETRY);
  }

  @Test
  void noVictimNoChaos() {
    var spec = spec("", "");
    spec.setVictim(null);

    assertThat(ChaosPlanner.plan(new ChaosPlanner.Input("sim", "lamp", spec, null, true, PODS, T0)))
        .isNull();
  }
}
