package io.simarch.api.model;

import io.simarch.api.v1alpha1.BehaviorSpec;
import io.simarch.api.v1alpha1.CallPolicySpec;
import io.simarch.api.v1alpha1.LatencySpec;
import io.simarch.api.v1alpha1.PackageNames;
import io.simarch.api.v1alpha1.ServiceSpec;
import io.simarch.api.v1alpha1.SimulatedArchitecture;
import io.simarch.api.v1alpha1.SimulatedArchitectureSpec;
import io.simarch.api.v1alpha1.TopologySpec;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;

/**
 * Generates a valid architecture of any size (for benchmarks and backends' stress tests): a {@code
 * denominator} root, then spigo's roles by tier (an {@code elb}, a {@code zuul} tier, {@code
 * karyon} tiers, a {@code staash} data access tier, and stores with replication), counts and call
 * policies drawn from the seed. The same options always give the same architecture.
 *
 * <p>Call policies are good ones: every call carries a deadline budget ({@code budget: true}, the
 * timeouts shrinking towards the data tier) and retries fail over to another instance on at most
 * three tiers, so {@link TimeoutAnalysis} has nothing to warn about.
 */
public final class Generator {
  public static final int MAX_SERVICES = 10_000;
  public static final int DEFAULT_FANOUT = 3;

  /** How tiers are wired. */
  public enum Shape {
    /** Every service has one caller, in the tier above. */
    TREE,
    /** Every service calls up to {@code fanout} services of the tier below. */
    LAYERED,
    /** As layered, with calls that skip tiers (still downwards: no request cycles). */
    MESH;

    public static Shape of(String s) {
      return valueOf(s.trim().toUpperCase(Locale.ROOT));
    }
  }

  /**
   * @param depth tiers below the root; 0 chooses the fewest that hold the services at this fanout
   */
  public record Options(
      int services, int depth, int fanout, Shape shape, int regions, long seed, String name) {
    public Options {
      if (services < 1 || services > MAX_SERVICES) {
        throw new IllegalArgumentException(
            "--services is " + services + ": must be 1 to " + MAX_SERVICES);
      }
      if (depth < 0 || depth > services - 1) {
        throw new IllegalArgumentException(
            "--depth is "
                + depth
                + ": must be 0 (automatic) to "
                + (services - 1)
                + ", one service per tier below the root at least");
      }
      if (fanout < 1) {
        throw new IllegalArgumentException("--fanout is " + fanout + ": must be at least 1");
      }
      if (regions < 1) {
        throw new IllegalArgumentException("--regions is " + regions + ": must be at least 1");
      }
      if (!KubeNames.isLabel(name)) {
        throw new IllegalArgumentException(
            "--name is " + name + ": must be a lowercase DNS label (a Kubernetes object name)");
      }
    }

    /** {@code n} services, everything else by default. */
    public static Options of(int n) {
      return new Options(n, 0, DEFAULT_FANOUT, Shape.LAYERED, 1, Defaults.SEED, "generated");
    }
  }

  /** A tier's role, the instance counts drawn for it and its name prefix. */
  private record Role(String packageName, String prefix, int[] counts, boolean replicated) {}

  private static final Role ELB =
      new Role(PackageRole.ELB.packageName(), "elb", new int[] {0}, false);
  private static final Role ZUUL =
      new Role(PackageRole.ZUUL.packageName(), "zuul", new int[] {3, 6}, false);
  private static final Role KARYON =
      new Role(PackageRole.KARYON.packageName(), "karyon", new int[] {2, 3, 6}, false);
  private static final Role STAASH =
      new Role(PackageRole.STAASH.packageName(), "staash", new int[] {3}, false);
  private static final List<Role> STORES =
      List.of(
          new Role(PackageRole.PRIAM_CASSANDRA.packageName(), "cassandra", new int[] {3, 6}, true),
          new Role(PackageRole.STORE.packageName(), "store", new int[] {2, 3}, true),
          new Role(PackageRole.CACHE.packageName(), "cache", new int[] {2, 3}, false));

  private static final int MAX_RETRYING_TIERS = 3;

  /** Automatic depth is at least elb → zuul → karyon → staash → stores, when there are enough. */
  private static final int MIN_AUTO_DEPTH = 5;

  private Generator() {}

  public static SimulatedArchitecture generate(Options o) {
    var random = new Random(o.seed());
    int depth = o.depth() > 0 ? o.depth() : autoDepth(o.services(), o.fanout());
    depth = o.depth() > 0 ? depth : Math.max(depth, Math.min(o.services() - 1, MIN_AUTO_DEPTH));
    int[] sizes = tierSizes(o.services(), depth, o.fanout());

    // names and roles, tier by tier from the root (tier 0)
    List<List<ServiceSpec>> tiers = new ArrayList<>();
    Map<String, Integer> perPrefix = new HashMap<>();
    var root = new ServiceSpec("www", PackageRole.DENOMINATOR.packageName(), 0, 0);
    tiers.add(List.of(root));
    for (int t = 1; t <= depth; t++) {
      var tier = new ArrayList<ServiceSpec>();
      for (int i = 0; i < sizes[t]; i++) {
        Role role = role(t, depth, random);
        int n = perPrefix.merge(role.prefix(), 1, Integer::sum) - 1;
        var s =
            new ServiceSpec(
                role.prefix() + n,
                role.packageName(),
                role.counts()[random.nextInt(role.counts().length)],
                o.regions());
        if (role.replicated()) {
          s.getDependencies().add(s.getName());
          if (o.regions() > 1) {
            s.getDependencies().add(PackageNames.EUREKA);
          }
        }
        tier.add(s);
      }
      tiers.add(tier);
    }
    wire(tiers, o, random);
    policies(tiers, depth, random);

    var services = new ArrayList<ServiceSpec>();
    // spigo's order: the root last, so dependencies first
    for (int t = tiers.size() - 1; t >= 0; t--) {
      services.addAll(tiers.get(t));
    }
    var spec = new SimulatedArchitectureSpec();
    spec.setArch(o.name());
    spec.setDescription(
        String.format(
            "%d services in %d tiers, %s, fanout %d, %d region%s, seed %d",
            o.services(),
            depth,
            o.shape().name().toLowerCase(Locale.ROOT),
            o.fanout(),
            o.regions(),
            o.regions() == 1 ? "" : "s",
            o.seed()));
    spec.setSeed(o.seed());
    spec.setServices(services);
    if (o.regions() > TopologySpec.DEFAULT_REGIONS.size()) {
      var topology = new TopologySpec();
      var names = new ArrayList<String>();
      for (int r = 1; r <= o.regions(); r++) {
        names.add("region-" + r);
      }
      topology.setRegionNames(names);
      spec.setTopology(topology);
    }
    var latency = new LatencySpec();
    latency.setDistribution("lognormal");
    latency.setP50("1ms");
    latency.setP99("5ms");
    var behavior = new BehaviorSpec();
    behavior.setLatency(latency);
    spec.setBehavior(behavior);
    fitInstances(spec);
    return new SimulatedArchitecture(o.name(), spec);
  }

  /** The fewest tiers that hold {@code n} services when each tier is at most fanout× the last. */
  static int autoDepth(int n, int fanout) {
    int depth = 0;
    long held = 1;
    long width = 1;
    while (held < n) {
      width = fanout == 1 ? 1 : Math.min(width * fanout, n);
      held += width;
      depth++;
    }
    return depth;
  }

  /**
   * Services per tier: one each, the rest shared in proportion to fanout^tier (the remainder to the
   * deepest tier), so tiers never shrink going down, every caller has a callee and most services
   * are the data tier's, as in a real architecture.
   */
  static int[] tierSizes(int n, int depth, int fanout) {
    int[] sizes = new int[depth + 1];
    sizes[0] = 1;
    int left = n - 1 - depth;
    double[] weights = new double[depth + 1];
    double sum = 0;
    for (int t = 1; t <= depth; t++) {
      weights[t] = Math.pow(fanout, t - depth); // relative to the deepest: no overflow
      sum += weights[t];
    }
    int given = 0;
    for (int t = 1; t <= depth; t++) {
      int extra = (int) Math.floor(left * weights[t] / sum);
      sizes[t] = 1 + extra;
      given += extra;
    }
    if (depth > 0) {
      sizes[depth] += left - given;
    }
    return sizes;
  }

  private static Role role(int tier, int depth, Random random) {
    if (tier == depth) {
      return STORES.get(random.nextInt(STORES.size()));
    }
    if (tier == 1) {
      return ELB;
    }
    if (tier == depth - 1) {
      return STAASH;
    }
    return tier == 2 ? ZUUL : KARYON;
  }

  /** Every service gets one caller in the tier above (a tree), then more as the shape says. */
  private static void wire(List<List<ServiceSpec>> tiers, Options o, Random random) {
    for (int t = 1; t < tiers.size(); t++) {
      List<ServiceSpec> above = tiers.get(t - 1);
      List<ServiceSpec> tier = tiers.get(t);
      for (int j = 0; j < tier.size(); j++) {
        // contiguous blocks: caller p takes the callees j with j × |above| / |tier| = p
        ServiceSpec caller = above.get((int) ((long) j * above.size() / tier.size()));
        caller.getDependencies().add(tier.get(j).getName());
      }
    }
    if (o.shape() == Shape.TREE) {
      return;
    }
    for (int t = 0; t + 1 < tiers.size(); t++) {
      for (ServiceSpec caller : tiers.get(t)) {
        Set<String> deps = new LinkedHashSet<>(caller.getDependencies());
        int calls = 0;
        for (String d : deps) {
          calls += d.equals(caller.getName()) || PackageNames.EUREKA.equals(d) ? 0 : 1;
        }
        int target = t == 0 ? calls : Math.max(calls, o.fanout());
        for (int tries = 0; calls < target && tries < 4 * o.fanout(); tries++) {
          int to = t + 1;
          if (o.shape() == Shape.MESH && random.nextInt(3) == 0) {
            to = t + 1 + random.nextInt(tiers.size() - t - 1);
          }
          List<ServiceSpec> options = tiers.get(to);
          String d = options.get(random.nextInt(options.size())).getName();
          if (deps.add(d)) {
            calls++;
          }
        }
        caller.setDependencies(new ArrayList<>(deps));
      }
    }
  }

  /**
   * Deadline budgets on every call, timeouts shrinking from 1s towards the data tier; one failover
   * retry on up to {@link #MAX_RETRYING_TIERS} tiers drawn from the seed (2³ = 8 calls at most).
   */
  private static void policies(List<List<ServiceSpec>> tiers, int depth, Random random) {
    List<Integer> callers = new ArrayList<>();
    for (int t = 0; t < depth; t++) {
      callers.add(t);
    }
    Collections.shuffle(callers, random);
    Set<Integer> retrying = new HashSet<>(callers.subList(0, Math.min(MAX_RETRYING_TIERS, depth)));
    for (int t = 0; t < depth; t++) {
      long timeoutMs = Math.max(50, 1000L * (depth - t) / depth / 10 * 10);
      for (ServiceSpec s : tiers.get(t)) {
        var p = new CallPolicySpec();
        p.setTimeout(timeoutMs + "ms");
        p.setBudget(true);
        if (t == 0) {
          p.setDeadline("1s");
        }
        if (retrying.contains(t)) {
          p.setRetries(1);
          p.setRetryMode(RetryMode.FAILOVER.wire());
        }
        s.setCallPolicy(p);
      }
    }
  }

  /** Raises spec.maxInstances when the drawn counts plan more instances than the default allows. */
  private static void fitInstances(SimulatedArchitectureSpec spec) {
    int planned = Planner.plan(spec.getArch(), spec).instances().size();
    if (planned > Defaults.MAX_INSTANCES) {
      spec.setMaxInstances(planned);
    }
  }
}
