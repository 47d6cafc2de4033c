package io.simarch.cli.live;

import static org.assertj.core.api.Assertions.assertThat;

import io.simarch.api.model.ArchitectureFiles;
import io.simarch.api.model.Plan;
import io.simarch.api.model.Planner;
import io.simarch.stub.local.InstanceStats;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class LiveGraphTest {
  static Plan plan(String services, String topology) {
    var loaded =
        ArchitectureFiles.parse(
            "apiVersion: simarch.io/v1alpha1\nkind: SimulatedArchitecture\nmetadata: {name: t}\n"
                + "spec:\n"
                + topology
                + "  services:\n"
                + services,
            "t.yaml");
    assertThat(loaded.problems()).isEmpty();
    return Planner.plan("t", loaded.resource().getSpec());
  }

  static final Plan PLAN =
      plan(
          "    - {name: db, package: store, count: 2, regions: 1, dependencies: []}\n"
              + "    - {name: app, package: monolith, count: 2, regions: 1, dependencies: [db]}\n"
              + "    - {name: www, package: denominator, count: 0, regions: 0,"
              + " dependencies: [app]}\n",
          "");

  static InstanceStats stats(
      long requests,
      long errors,
      double p99,
      long rootRequests,
      long rootErrors,
      Map<String, InstanceStats.Dependency> deps) {
    return new InstanceStats(
        requests,
        errors,
        0,
        0,
        0,
        0,
        0,
        p99 / 2,
        p99,
        Map.of(),
        Map.of(),
        rootRequests,
        rootErrors,
        0,
        deps,
        InstanceStats.Serverless.NONE);
  }

  static String node(String service, int index) {
    return PLAN.instancesOf(service).get(index).name();
  }

  static LiveGraph.Node nodeOf(LiveGraph g, String id) {
    return g.nodes().stream().filter(n -> n.id().equals(id)).findFirst().orElseThrow();
  }

  static LiveGraph.Edge edgeOf(LiveGraph g, String from, String to) {
    return g.edges().stream()
        .filter(e -> e.source().equals(from) && e.target().equals(to))
        .findFirst()
        .orElseThrow();
  }

  @Test
  void ratesAreTheWindowsCountersPerSecondSummedOverInstances() {
    var window = new HashMap<String, InstanceStats>();
    window.put(node("www", 0), stats(0, 0, 9, 200, 20, Map.of()));
    window.put(
        node("app", 0),
        stats(100, 10, 4, 0, 0, Map.of("db", new InstanceStats.Dependency(80, 4, 6, 2))));
    window.put(
        node("app", 1),
        stats(50, 5, 7, 0, 0, Map.of("db", new InstanceStats.Dependency(40, 2, 0, 0))));
    window.put(node("db", 0), stats(120, 0, 1, 0, 0, Map.of()));

    var g = LiveGraph.of(PLAN, window, n -> true, 5000, 2000, Set.of("app"), List.of());

    assertThat(nodeOf(g, "app").requestsPerSecond()).isEqualTo(75.0);
    assertThat(nodeOf(g, "app").errorRate()).isEqualTo(0.1);
    assertThat(nodeOf(g, "app").p99Ms()).as("the worst instance's").isEqualTo(7.0);
    assertThat(nodeOf(g, "www").requestsPerSecond()).as("the root's traffic").isEqualTo(100.0);
    assertThat(nodeOf(g, "www").errorRate()).isEqualTo(0.1);
    assertThat(nodeOf(g, "db").requestsPerSecond())
        .as("an instance without a window counts nothing")
        .isEqualTo(60.0);
    assertThat(edgeOf(g, "app", "db"))
        .isEqualTo(new LiveGraph.Edge("app", "db", 60.0, 3.0, 3.0, 1.0));
    assertThat(edgeOf(g, "www", "app").callsPerSecond()).isZero();
    assertThat(g.windowMs()).isEqualTo(2000);
    assertThat(g.root()).isEqualTo("www");
  }

  @Test
  void instancesRunningAndStartedByPlace() {
    String down = node("db", 1);
    var g = LiveGraph.of(PLAN, Map.of(), n -> !n.equals(down), 0, 1000, Set.of(), List.of());

    var db = nodeOf(g, "db");
    assertThat(db.running()).isEqualTo(1);
    assertThat(db.started()).isEqualTo(2);
    assertThat(db.zones().values().stream().mapToInt(Integer::intValue).sum()).isEqualTo(1);
    assertThat(db.zones()).hasSize(2).allSatisfy((k, v) -> assertThat(k).startsWith("us-east-1/"));
    assertThat(nodeOf(g, "www").zones()).containsOnlyKeys("*/*");
    assertThat(db.requestsPerSecond()).isZero();
    assertThat(db.errorRate()).isZero();
  }

  static final Plan TWO_REGIONS =
      plan(
          "    - {name: db, package: store, count: 2, regions: 1, dependencies: []}\n"
              + "    - {name: app, package: monolith, count: 2, regions: 2,"
              + " dependencies: [db, cache]}\n"
              + "    - {name: cache, package: store, count: 1, regions: 2, dependencies: []}\n"
              + "    - {name: www, package: denominator, count: 0, regions: 0,"
              + " dependencies: [app]}\n",
          "");

  @Test
  void aServiceInOneOfSeveralRegionsIsGroupedInItAndOneInSeveralIsANodePerRegion() {
    var g = LiveGraph.of(TWO_REGIONS, Map.of(), n -> true, 0, 1000, Set.of(), List.of());

    assertThat(g.regions()).hasSize(2);
    String r0 = g.regions().get(0);
    String r1 = g.regions().get(1);
    assertThat(nodeOf(g, "db").group()).isEqualTo(r0);
    assertThat(nodeOf(g, "app@" + r0).group()).isEqualTo(r0);
    assertThat(nodeOf(g, "app@" + r1).group()).isEqualTo(r1);
    assertThat(nodeOf(g, "app@" + r1).service()).isEqualTo("app");
    assertThat(nodeOf(g, "app@" + r1).started()).isEqualTo(2);
    assertThat(nodeOf(g, "app@" + r1).zones()).allSatisfy((k, v) -> assertThat(k).startsWith(r1));
    assertThat(g.nodes()).extracting(LiveGraph.Node::id).doesNotContain("app");
    assertThat(nodeOf(g, "www").group()).as("global").isNull();
    assertThat(nodeOf(PLAN_GRAPH, "db").group()).as("one region: no groups").isNull();
    // each region's callers call their own region's cache; the global root calls both apps; the
    // db is in one region only, so both apps call it
    assertThat(g.edges())
        .extracting(e -> e.source() + ">" + e.target())
        .containsExactlyInAnyOrder(
            "app@" + r0 + ">db",
            "app@" + r1 + ">db",
            "app@" + r0 + ">cache@" + r0,
            "app@" + r1 + ">cache@" + r1,
            "www>app@" + r0,
            "www>app@" + r1);
  }

  @Test
  void aGlobalCallersCallsAreSharedAmongTheRegionsByTheRequestsEachServed() {
    var window = new HashMap<String, InstanceStats>();
    var apps = TWO_REGIONS.instancesOf("app");
    String r0 = TWO_REGIONS.regions().get(0);
    for (Plan.Instance i : apps) {
      // region 0's apps serve 30 requests each, region 1's 10: 3/4 of the calls went to region 0
      window.put(i.name(), stats(i.region().equals(r0) ? 30 : 10, 0, 1, 0, 0, Map.of()));
    }
    Plan.Instance www = TWO_REGIONS.instancesOf("www").get(0);
    window.put(
        www.name(),
        stats(0, 0, 0, 80, 0, Map.of("app", new InstanceStats.Dependency(80, 8, 4, 0))));
    Plan.Instance app0 = apps.stream().filter(i -> i.region().equals(r0)).findFirst().get();
    window.put(
        app0.name(),
        stats(30, 0, 1, 0, 0, Map.of("db", new InstanceStats.Dependency(20, 0, 0, 0))));

    var g = LiveGraph.of(TWO_REGIONS, window, n -> true, 0, 1000, Set.of(), List.of());

    String r1 = TWO_REGIONS.regions().get(1);
    assertThat(edgeOf(g, "www", "app@" + r0))
        .isEqualTo(new LiveGraph.Edge("www", "app@" + r0, 60.0, 6.0, 3.0, 0.0));
    assertThat(edgeOf(g, "www", "app@" + r1).callsPerSecond()).isEqualTo(20.0);
    assertThat(edgeOf(g, "app@" + r0, "db").callsPerSecond()).isEqualTo(20.0);
    assertThat(edgeOf(g, "app@" + r1, "db").callsPerSecond()).isZero();
    assertThat(nodeOf(g, "app@" + r0).requestsPerSecond()).isEqualTo(60.0);
  }

  static final LiveGraph PLAN_GRAPH =
      LiveGraph.of(PLAN, Map.of(), n -> true, 0, 1000, Set.of(), List.of());
}
