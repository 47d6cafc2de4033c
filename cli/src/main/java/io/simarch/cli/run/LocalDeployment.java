package io.simarch.cli.run;

import io.simarch.api.model.Plan;
import io.simarch.api.model.Planner;
import io.simarch.api.model.Routing;
import io.simarch.api.model.StubConfig;
import io.simarch.api.model.StubConfigs;
import io.simarch.api.v1alpha1.SimulatedArchitecture;
import io.simarch.stub.local.StubHost;
import io.simarch.stub.local.StubInstance;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Every instance of a plan started on a {@link StubHost}, each on its own loopback port, wired with
 * static endpoint lists. What {@code simarch run} and the retry-storm experiment share.
 */
public final class LocalDeployment {
  private final Plan plan;
  private final Map<String, StubInstance> byNode;

  private LocalDeployment(Plan plan, Map<String, StubInstance> byNode) {
    this.plan = plan;
    this.byNode = byNode;
  }

  /**
   * Starts every instance, service by service in file order.
   *
   * @param onService called before each service's instances start (for spigo's log line)
   */
  public static LocalDeployment start(
      StubHost host,
      SimulatedArchitecture arch,
      PortRange range,
      java.util.function.Consumer<Plan.PlannedService> onService)
      throws PortRange.ExhaustedException {
    return start(
        host, arch, Planner.plan(arch.getMetadata().getName(), arch.getSpec()), range, onService);
  }

  /** As above, for a caller that has planned {@code arch} already. */
  public static LocalDeployment start(
      StubHost host,
      SimulatedArchitecture arch,
      Plan plan,
      PortRange range,
      java.util.function.Consumer<Plan.PlannedService> onService)
      throws PortRange.ExhaustedException {
    List<Integer> ports = range.allocate(plan.instances().size());
    Map<String, String> urls = new HashMap<>();
    for (int i = 0; i < plan.instances().size(); i++) {
      urls.put(plan.instances().get(i).name(), "http://127.0.0.1:" + ports.get(i));
    }
    Map<String, StubInstance> byNode = new LinkedHashMap<>();
    int next = 0;
    for (Plan.PlannedService s : plan.services()) {
      onService.accept(s);
      for (Plan.Instance inst : plan.instancesOf(s.name())) {
        byNode.put(inst.name(), host.start(config(arch, plan, inst, urls), ports.get(next++)));
      }
    }
    return new LocalDeployment(plan, byNode);
  }

  /** The instance's config: region visibility applied, every zone kept for the caller to choose. */
  static StubConfig config(
      SimulatedArchitecture arch, Plan plan, Plan.Instance inst, Map<String, String> urls) {
    boolean cross = plan.service(inst.service()).crossRegion();
    return StubConfigs.forService(
            arch.getSpec(),
            plan,
            inst.service(),
            dep ->
                StubConfig.Discovery.of(
                    plan.instancesOf(dep).stream()
                        .filter(d -> !d.equals(inst) && Routing.visible(inst.region(), cross, d))
                        .map(
                            d ->
                                new StubConfig.Endpoint(
                                    d.id(), urls.get(d.name()), d.region(), d.zone()))
                        .toList()))
        .withIdentity(inst.id(), inst.region(), inst.zone());
  }

  public Plan plan() {
    return plan;
  }

  /** Instances by spigo node name, in plan order. */
  public Map<String, StubInstance> byNode() {
    return byNode;
  }

  public StubInstance instance(Plan.Instance i) {
    return byNode.get(i.name());
  }

  public List<StubInstance> instancesOf(String service) {
    return plan.instancesOf(service).stream().map(this::instance).toList();
  }

  public List<StubInstance> roots() {
    return plan.root() == null ? List.of() : instancesOf(plan.root());
  }
}
