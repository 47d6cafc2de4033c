package io.simarch.cli.run;

import static org.assertj.core.api.Assertions.assertThat;

import io.simarch.api.model.Plan;
import io.simarch.api.model.Planner;
import io.simarch.api.model.StubConfig;
import io.simarch.api.v1alpha1.ServiceSpec;
import io.simarch.api.v1alpha1.SimulatedArchitecture;
import io.simarch.api.v1alpha1.SimulatedArchitectureSpec;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LocalDeploymentTest {
  // two regions: a ring of 3 per region under 2 callers per region
  private static final SimulatedArchitecture ARCH = arch();
  private static final Plan PLAN = Planner.plan("t", ARCH.getSpec());
  private static final LocalDeployment.Endpoints ENDPOINTS =
      new LocalDeployment.Endpoints(PLAN, urls());

  private static SimulatedArchitecture arch() {
    var spec = new SimulatedArchitectureSpec();
    spec.setArch("t");
    spec.setServices(
        List.of(
            new ServiceSpec("ring", "priamCassandra", 3, 2, "ring"),
            new ServiceSpec("api", "karyon", 2, 2, "ring"),
            new ServiceSpec("www", "denominator", 0, 0, "api")));
    return new SimulatedArchitecture("t", spec);
  }

  private static Map<String, String> urls() {
    var urls = new HashMap<String, String>();
    int port = 40000;
    for (Plan.Instance i : PLAN.instances()) {
      urls.put(i.name(), "http://127.0.0.1:" + port++);
    }
    return urls;
  }

  private static List<StubConfig.Endpoint> endpoints(Plan.Instance caller, String dep) {
    return LocalDeployment.config(ARCH, PLAN, caller, ENDPOINTS).dependencies().stream()
        .filter(d -> d.service().equals(dep))
        .findFirst()
        .orElseThrow()
        .discovery()
        .endpoints();
  }

  @Test
  void instancesOfAServiceInOneRegionShareOneEndpointList() {
    List<Plan.Instance> api = PLAN.instancesOf("api");
    var byRegion = new HashMap<String, List<StubConfig.Endpoint>>();
    for (Plan.Instance caller : api) {
      var list = endpoints(caller, "ring");
      var first = byRegion.putIfAbsent(caller.region(), list);
      if (first != null) {
        assertThat(list).isSameAs(first);
      }
      // the caller's region only, every instance of it
      assertThat(list)
          .extracting(StubConfig.Endpoint::region)
          .containsOnly(caller.region())
          .hasSize(3);
    }
    assertThat(byRegion).hasSize(2);
    var lists = List.copyOf(byRegion.values());
    assertThat(lists.get(0)).isNotSameAs(lists.get(1));
  }

  @Test
  void aRingMemberSeesEveryOtherMemberOfItsRegionButItself() {
    for (Plan.Instance member : PLAN.instancesOf("ring")) {
      assertThat(endpoints(member, "ring"))
          .extracting(StubConfig.Endpoint::instance)
          .hasSize(2)
          .doesNotContain(member.id());
    }
  }
}
