package io.simarch.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.simarch.api.model.ArchitectureFiles;
import io.simarch.api.model.Plan;
import io.simarch.api.model.Planner;
import java.util.List;
import org.junit.jupiter.api.Test;

class PlannerTest {
  private static Plan plan(String services, Integer scale, Integer regions) {
    var r =
        ArchitectureFiles.parse(
                "apiVersion: simarch.io/v1alpha1\nkind: SimulatedArchitecture\nmetadata: {name: t}\n"
                    + "spec:\n  arch: lamp\n  services:\n"
                    + services,
                "t")
            .resource();
    return Planner.plan("t", r.getSpec(), scale, regions);
  }

  @Test
  void namesNodesAsSpigoDoesWithZonesRoundRobin() {
    var p = plan("    - {name: webserver, package: monolith, count: 4, regions: 1}\n", null, null);

    assertThat(p.instances())
        .extracting(Plan.Instance::name)
        .containsExactly(
            "lamp.us-east-1.zoneA.webserver00",
            "lamp.us-east-1.zoneB.webserver01",
            "lamp.us-east-1.zoneC.webserver02",
            "lamp.us-east-1.zoneA.webserver03");
  }

  @Test
  void countZeroIsOneCrossZoneInstancePerRegionAndRegionsZeroIsOneGlobal() {
    var p =
        plan(
            "    - {name: elb, package: elb, count: 0, regions: 2}\n"
                + "    - {name: www, package: denominator, count: 0, regions: 0}\n",
            null,
            null);

    assertThat(p.instances())
        .extracting(Plan.Instance::name)
        .containsExactly("lamp.us-east-1.*.elb00", "lamp.us-west-2.*.elb00", "lamp.*.*.www00");
  }

  @Test
  void indicesAndZonesContinueAcrossRegions() {
    var p = plan("    - {name: s, package: store, count: 2, regions: 2}\n", null, null);

    assertThat(p.instances())
        .extracting(i -> i.region() + "/" + i.zone() + "/" + i.id())
        .containsExactly(
            "us-east-1/zoneA/s00",
            "us-east-1/zoneB/s01",
            "us-west-2/zoneC/s02",
            "us-west-2/zoneA/s03");
  }

  @Test
  void scaleTruncatesAndACountScaledToZeroBecomesCrossZone() {
    var p =
        plan(
            "    - {name: a, package: store, count: 18, regions: 1}\n"
                + "    - {name: b, package: store, count: 1, regions: 1}\n",
            50,
            null);

    assertThat(p.instancesOf("a")).hasSize(9);
    assertThat(p.instancesOf("b"))
        .singleElement()
        .satisfies(i -> assertThat(i.zone()).isEqualTo("*"));
  }

  @Test
  void replicateRegionsMultipliesRegionsButNotGlobalServices() {
    var p =
        plan(
            "    - {name: a, package: store, count: 3, regions: 1}\n"
                + "    - {name: www, package: denominator, count: 0, regions: 0, dependencies: [a]}\n",
            null,
            3);

    assertThat(p.regions()).containsExactly("us-east-1", "us-west-2", "eu-west-1");
    assertThat(p.instancesOf("a")).hasSize(9);
    assertThat(p.instancesOf("www")).hasSize(1);
  }

  @Test
  void rootIsTheLastServiceAndEdgesSkipEureka() {
    var p =
        plan(
            "    - {name: c, package: priamCassandra, count: 3, regions: 1, dependencies: [c, eureka]}\n"
                + "    - {name: www, package: denominator, count: 0, regions: 0, dependencies: [c]}\n",
            null,
            null);

    assertThat(p.root()).isEqualTo("www");
    assertThat(p.edges()).containsExactly(new Plan.Edge("c", "c"), new Plan.Edge("www", "c"));
    assertThat(p.service("c").crossRegion()).isTrue();
  }

  @Test
  void cellsGroupInstancesByServiceRegionAndZone() {
    var p = plan("    - {name: a, package: store, count: 4, regions: 1}\n", null, null);

    assertThat(p.cells())
        .extracting(c -> c.zone() + "=" + c.instances().size())
        .containsExactly("zoneA=2", "zoneB=1", "zoneC=1");
  }

  @Test
  void isDeterministic() {
    String s = "    - {name: a, package: store, count: 7, regions: 2}\n";

    assertThat(plan(s, 70, 2)).isEqualTo(plan(s, 70, 2));
    assertThat(List.of(plan(s, null, null).instances().get(6).zone())).containsExactly("zoneA");
  }
}
