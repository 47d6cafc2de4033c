package io.simarch.cli.run;

import static java.util.concurrent.TimeUnit.MILLISECONDS;
import static java.util.concurrent.TimeUnit.SECONDS;

import io.simarch.api.model.Plan;
import io.simarch.api.model.Planner;
import io.simarch.api.model.Routing;
import io.simarch.api.model.StubConfig;
import io.simarch.api.model.StubConfigs;
import io.simarch.api.v1alpha1.SimulatedArchitecture;
import io.simarch.stub.local.StubHost;
import io.simarch.stub.local.StubInstance;
import java.time.Duration;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

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
    Map<String, StubInstance> byNode = new LinkedHashMap<>();
    try (var reserved = range.reserve(plan.instances().size())) {
      List<Integer> ports = reserved.ports();
      Map<String, String> urls = new HashMap<>();
      for (int i = 0; i < plan.instances().size(); i++) {
        urls.put(plan.instances().get(i).name(), "http://127.0.0.1:" + ports.get(i));
      }
      var endpoints = new Endpoints(plan, urls);
      int next = 0;
      for (Plan.PlannedService s : plan.services()) {
        onService.accept(s);
        for (Plan.Instance inst : plan.instancesOf(s.name())) {
          int port = ports.get(next++);
          reserved.release(port);
          byNode.put(inst.name(), host.start(config(arch, plan, inst, endpoints), port));
        }
      }
    }
    return new LocalDeployment(plan, byNode);
  }

  /** The instance's config: region visibility applied, every zone kept for the caller to choose. */
  static StubConfig config(
      SimulatedArchitecture arch, Plan plan, Plan.Instance inst, Endpoints endpoints) {
    return StubConfigs.forService(
            arch.getSpec(), plan, inst.service(), dep -> endpoints.of(inst, dep))
        .withIdentity(inst.id(), inst.region(), inst.zone());
  }

  /**
   * The endpoint lists of a deployment. Every instance of a service in one region sees the same
   * instances of another service, so they share one list (and the host parses it once): netflixoss
   * at --scale 10000 has 5.6 million such entries, which as per-instance copies filled a 2.6 GB
   * heap that the young collections kept copying while the instances started. Only a
   * self-dependency (a ring) gets its own list per instance, without the instance itself.
   */
  static final class Endpoints {
    private final Plan plan;
    private final Map<String, StubConfig.Endpoint> byNode = new HashMap<>();
    private final Map<String, StubConfig.Discovery> shared = new HashMap<>();

    Endpoints(Plan plan, Map<String, String> urls) {
      this.plan = plan;
      for (Plan.Instance d : plan.instances()) {
        byNode.put(
            d.name(), new StubConfig.Endpoint(d.id(), urls.get(d.name()), d.region(), d.zone()));
      }
    }

    StubConfig.Discovery of(Plan.Instance inst, String dep) {
      boolean cross = plan.service(inst.service()).crossRegion();
      if (dep.equals(inst.service())) {
        return list(inst, dep, cross);
      }
      return shared.computeIfAbsent(
          dep + "\n" + inst.region() + "\n" + cross, k -> list(inst, dep, cross));
    }

    private StubConfig.Discovery list(Plan.Instance inst, String dep, boolean cross) {
      return StubConfig.Discovery.of(
          plan.instancesOf(dep).stream()
              .filter(d -> !d.equals(inst) && Routing.visible(inst.region(), cross, d))
              .map(d -> byNode.get(d.name()))
              .toList());
    }
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

  /**
   * Starts the roots' traffic, its rate ramping up from nothing over {@code warmup}, and waits the
   * ramp out; then, for up to another {@code warmup}, until one second at the full rate passes
   * without a failed root request (what the cold start left in flight has run out). Returns when
   * {@code stop} opens, too. Then marks every instance: what happened so far is left out of every
   * figure taken since these marks. The warm-up's requests are real requests (traced, if tracing is
   * on); only the counting leaves them out.
   *
   * @return each instance's mark, by identity
   */
  public Map<StubInstance, StubInstance.Mark> startTraffic(Duration warmup, CountDownLatch stop)
      throws InterruptedException {
    List<StubInstance> roots = roots();
    roots.forEach(r -> r.startTraffic(warmup));
    if (!warmup.isZero() && !roots.isEmpty() && !stop.await(warmup.toMillis(), MILLISECONDS)) {
      long settleEnd = System.nanoTime() + warmup.toNanos();
      while (System.nanoTime() < settleEnd) {
        var before = roots.stream().map(StubInstance::mark).toList();
        if (stop.await(1, SECONDS)) {
          break;
        }
        long failed = 0;
        for (int i = 0; i < roots.size(); i++) {
          failed += roots.get(i).statsSince(before.get(i)).rootErrors();
        }
        if (failed == 0) {
          break;
        }
      }
    }
    Map<StubInstance, StubInstance.Mark> marks = new IdentityHashMap<>();
    byNode.values().forEach(i -> marks.put(i, i.mark()));
    return marks;
  }

  public List<StubInstance> roots() {
    return plan.root() == null ? List.of() : instancesOf(plan.root());
  }
}
