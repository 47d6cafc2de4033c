package io.simarch.cli.live;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.simarch.api.model.Plan;
import io.simarch.api.model.PodLabels;
import io.simarch.stub.local.InstanceStats;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class KubeLiveTest {
  static final Plan PLAN = LiveGraphTest.PLAN;

  /** A stub pod of the cell of {@code instance}, labelled as the operator labels it. */
  static Pod pod(String name, Plan.Instance instance, String phase, boolean terminating) {
    return pod(name, instance, phase, terminating, phase.equals("Running"));
  }

  static Pod pod(
      String name, Plan.Instance instance, String phase, boolean terminating, boolean ready) {
    Map<String, String> labels = new HashMap<>(PodLabels.stubPods(PLAN.arch()));
    Plan.Cell cell =
        PLAN.cells().stream()
            .filter(c -> c.instances().contains(instance))
            .findFirst()
            .orElseThrow();
    labels.putAll(PodLabels.cellSelector(PLAN.arch(), cell));
    return new PodBuilder()
        .withNewMetadata()
        .withName(name)
        .withLabels(labels)
        .withDeletionTimestamp(terminating ? "2026-01-01T00:00:00Z" : null)
        .endMetadata()
        .withNewStatus()
        .withPhase(phase)
        .addNewCondition()
        .withType("Ready")
        .withStatus(ready ? "True" : "False")
        .endCondition()
        .endStatus()
        .build();
  }

  static Plan.Instance first(String service) {
    return PLAN.instancesOf(service).get(0);
  }

  @Test
  void podsAreMembersInThePlansSpellingRunningOnlyWhenRunningReadyAndNotTerminating() {
    var pods = new ArrayList<Pod>();
    pods.add(pod("app-a", first("app"), "Running", false));
    pods.add(pod("app-b", first("app"), "Pending", false));
    pods.add(pod("app-c", first("app"), "Running", true));
    pods.add(pod("app-d", first("app"), "Running", false, false));
    pods.add(pod("db-a", first("db"), "Running", false));
    pods.add(pod("db-b", first("db"), "Running", false));
    Pod stray = pod("stray", first("db"), "Running", false);
    stray.getMetadata().getLabels().put(PodLabels.ZONE, "no-such-zone");
    pods.add(stray);
    var window =
        LiveGraphTest.stats(
            40, 4, 12, 0, 0, Map.of("db", new InstanceStats.Dependency(30, 3, 1, 0)));

    var members = KubeLive.members(PLAN, pods, Map.of("app-a", window), Set.of("app-a", "db-a"));
    var graph = LiveGraph.of(PLAN, members, 0, 2000, Set.of(), List.of());

    // the stray pod of no cell of the plan is left out
    assertThat(members).hasSize(6);
    var app = LiveGraphTest.nodeOf(graph, "app");
    assertThat(app.running()).isEqualTo(1);
    assertThat(app.started()).isEqualTo(4);
    assertThat(app.unanswered()).isZero();
    assertThat(app.requestsPerSecond()).isEqualTo(20.0);
    assertThat(app.errorRate()).isEqualTo(0.1);
    assertThat(app.p99Ms()).isEqualTo(12.0);
    var db = LiveGraphTest.nodeOf(graph, "db");
    assertThat(db.running()).isEqualTo(2);
    // db-b runs but its /metrics did not answer
    assertThat(db.unanswered()).isEqualTo(1);
    assertThat(db.zones()).containsEntry(first("db").region() + "/" + first("db").zone(), 2);
    assertThat(LiveGraphTest.edgeOf(graph, "app", "db").callsPerSecond()).isEqualTo(15.0);
  }

  static PodMetrics requests(long n) {
    return new PodMetrics(n, 0, 0, 0, Map.of(), Map.of());
  }

  @Test
  void aWindowIsOneIntervalOfAPodThatAnsweredBothScrapes() {
    var previous = Map.of("a", requests(10), "b", requests(10), "c", requests(10));
    var now = Map.of("a", requests(25), "b", requests(40), "c", requests(12), "d", requests(7));

    // b did not answer the previous scrape: its counters are two intervals old; d is new
    var windows = KubeLive.windows(previous, Set.of("a", "c"), now);

    assertThat(windows).containsOnlyKeys("a", "c");
    assertThat(windows.get("a").requests()).isEqualTo(15);
    assertThat(windows.get("c").requests()).isEqualTo(2);
  }

  @Test
  void runningNeedsThePhaseReadinessAndNoDeletion() {
    assertThat(KubeLive.running(pod("a", first("app"), "Running", false))).isTrue();
    assertThat(KubeLive.running(pod("a", first("app"), "Running", false, false))).isFalse();
    assertThat(KubeLive.running(pod("a", first("app"), "Running", true))).isFalse();
    assertThat(KubeLive.running(pod("a", first("app"), "Pending", false))).isFalse();
    assertThat(KubeLive.running(pod("a", first("app"), "Failed", false))).isFalse();
  }
}
