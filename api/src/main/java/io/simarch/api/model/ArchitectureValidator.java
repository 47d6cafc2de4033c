package io.simarch.api.model;

import io.simarch.api.v1alpha1.BehaviorSpec;
import io.simarch.api.v1alpha1.CallPolicySpec;
import io.simarch.api.v1alpha1.ChaosSpec;
import io.simarch.api.v1alpha1.LatencySpec;
import io.simarch.api.v1alpha1.PackageNames;
import io.simarch.api.v1alpha1.ServiceSpec;
import io.simarch.api.v1alpha1.SimulatedArchitecture;
import io.simarch.api.v1alpha1.SimulatedArchitectureSpec;
import io.simarch.api.v1alpha1.TopologySpec;
import java.time.Duration;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Validates an architecture: its fields against the CRD schema ({@link SpecSchema}, the one
 * statement of field rules), then what that schema cannot say (Kubernetes 1.20 has no CEL): names
 * that must exist or differ, cycles, sizes, rules between fields and the magnitude of durations.
 * Returns every problem, not only the first, and at most one per field.
 */
public final class ArchitectureValidator {
  private final String name;
  private final SimulatedArchitectureSpec spec;
  private final List<Problem> problems = new ArrayList<>();

  /** Fields the schema found wrong: rules here that read them leave them to its problem. */
  private final Set<String> flagged;

  private ArchitectureValidator(String name, SimulatedArchitectureSpec spec, Set<String> flagged) {
    this.name = name;
    this.spec = spec;
    this.flagged = flagged;
  }

  public static List<Problem> validate(SimulatedArchitecture resource) {
    return validate(resource.getMetadata().getName(), resource.getSpec());
  }

  /**
   * @param name metadata.name (prefixes every Kubernetes object name); may be null outside a
   *     cluster, then spec.arch is used
   */
  public static List<Problem> validate(String name, SimulatedArchitectureSpec spec) {
    if (spec == null) {
      return List.of(
          new Problem("spec", null, "is missing", "add a spec with at least one service"));
    }
    List<Problem> fields = SpecSchema.check(spec);
    Set<String> flagged = new HashSet<>();
    fields.forEach(p -> flagged.add(p.path()));
    var v = new ArchitectureValidator(name, spec, flagged);
    v.run();
    // where both speak of one field (spigo's own package message), the more specific one stays
    Set<String> graph = new HashSet<>();
    v.problems.forEach(p -> graph.add(p.path()));
    List<Problem> all = new ArrayList<>();
    fields.stream().filter(p -> !graph.contains(p.path())).forEach(all::add);
    all.addAll(v.problems);
    return List.copyOf(all);
  }

  /** Whether nothing is wrong so far, so that planning the architecture is safe. */
  private boolean clean() {
    return problems.isEmpty() && flagged.isEmpty();
  }

  private void run() {
    List<ServiceSpec> services = spec.getServices();
    if (services == null || services.isEmpty()) {
      return; // the schema's minItems
    }
    checkTopLevel();
    Map<String, Integer> byName = checkNames(services);
    for (int i = 0; i < services.size(); i++) {
      checkService(i, services.get(i), byName);
    }
    checkVictims(byName);
    checkCycles(services, byName);
    checkChaos(byName);
    if (clean()) {
      checkSize();
      checkResolvedPolicies();
    }
  }

  private void checkTopLevel() {
    if (name != null && !KubeNames.isLabel(name)) {
      add(
          "metadata.name",
          name,
          "is not a DNS-1123 label",
          "use lower-case letters, digits and '-', at most 63 characters");
    }
    TopologySpec t = spec.getTopology();
    if (t != null) {
      checkDistinctNames("spec.topology.regionNames", t.getRegionNames());
      checkDistinctNames("spec.topology.zoneNames", t.getZoneNames());
    }
    var traffic = spec.getTraffic();
    if (traffic != null) {
      Duration interval = duration("spec.traffic.interval", traffic.getInterval());
      if (interval != null
          && (interval.toNanos() < 100_000 || interval.compareTo(Duration.ofHours(1)) > 0)) {
        add(
            "spec.traffic.interval",
            traffic.getInterval(),
            "must be between 100us and 1h",
            "use e.g. 10ms (spigo's default)");
      }
      duration("spec.traffic.duration", traffic.getDuration());
      var mix = traffic.getMix();
      if (mix != null
          && zero(mix.getGetKnown())
          && zero(mix.getGetRecent())
          && zero(mix.getPut())) {
        add(
            "spec.traffic.mix",
            "0, 0, 0",
            "weighs every request kind 0, so the root would send nothing",
            "give at least one of getKnown, getRecent and put a weight above 0");
      }
    }
    checkPolicy("spec.callPolicy", spec.getCallPolicy());
    checkBehavior("spec.behavior", spec.getBehavior());
  }

  /** A mix weight left out counts 1. */
  private static boolean zero(Integer weight) {
    return weight != null && weight == 0;
  }

  private Map<String, Integer> checkNames(List<ServiceSpec> services) {
    Map<String, Integer> byName = new LinkedHashMap<>();
    Map<String, Integer> byDns = new HashMap<>();
    String arch = name != null ? name : Defaults.arch(null, spec);
    for (int i = 0; i < services.size(); i++) {
      ServiceSpec s = services.get(i);
      String path = "spec.services[" + i + "].name";
      if (s == null) {
        add("spec.services[" + i + "]", null, "is empty", "remove the empty entry");
        continue;
      }
      if (s.getName() == null || s.getName().isBlank()) {
        continue; // required by the schema
      }
      if (PackageNames.EUREKA.equals(s.getName())) {
        add(
            path,
            s.getName(),
            "is reserved: `eureka` is spigo's cross-region pseudo-dependency",
            "rename the service");
      }
      Integer first = byName.putIfAbsent(s.getName(), i);
      if (first != null) {
        add(
            path,
            s.getName(),
            "Duplicate service name in architecture: "
                + s.getName()
                + " (also spec.services["
                + first
                + "].name)",
            "rename one of the two services");
        continue;
      }
      if (flagged.contains(path)) {
        continue; // not a service name: its Kubernetes form means nothing
      }
      String dns = KubeNames.dns(s.getName());
      Integer clash = byDns.putIfAbsent(dns, i);
      if (clash != null) {
        add(
            path,
            s.getName(),
            "maps to the Kubernetes name '"
                + dns
                + "', as spec.services["
                + clash
                + "].name '"
                + services.get(clash).getName()
                + "' does",
            "rename one so their DNS forms differ");
      }
      String base = KubeNames.base(arch, s.getName());
      if (base.length() > KubeNames.MAX_BASE) {
        add(
            path,
            s.getName(),
            "is too long once prefixed: '"
                + base
                + "' has "
                + base.length()
                + " characters, at most "
                + KubeNames.MAX_BASE
                + " fit Kubernetes names with their suffixes",
            "shorten the service name or metadata.name by " + (base.length() - KubeNames.MAX_BASE));
      }
    }
    return byName;
  }

  private void checkService(int i, ServiceSpec s, Map<String, Integer> byName) {
    if (s == null) {
      return;
    }
    String p = "spec.services[" + i + "]";
    if (s.getPackageName() == null) {
      add(p + ".package", null, "is missing", "set one of " + PackageRole.names());
    } else if (!PackageRole.names().contains(s.getPackageName())) {
      add(
          p + ".package",
          s.getPackageName(),
          "Unknown package name in architecture: " + s.getPackageName(),
          "use one of " + PackageRole.names());
    }
    if (s.getCount() != null && s.getCount() > Defaults.maxInstances(spec)) {
      add(
          p + ".count",
          String.valueOf(s.getCount()),
          "is more than the " + Defaults.maxInstances(spec) + " instances allowed",
          "lower it, or raise spec.maxInstances explicitly");
    }
    int regionsNeeded = Defaults.regions(s) * Defaults.replicateRegions(spec, null);
    int regionsKnown =
        (spec.getTopology() == null ? new TopologySpec() : spec.getTopology())
            .regionNamesOrDefault()
            .size();
    if (regionsNeeded > regionsKnown
        && !flagged.contains(p + ".regions")
        && !flagged.contains("spec.topology.replicateRegions")) {
      add(
          p + ".regions",
          String.valueOf(Defaults.regions(s)),
          "needs "
              + regionsNeeded
              + " regions (× replicateRegions) but only "
              + regionsKnown
              + " region names exist",
          "lower regions or add names to spec.topology.regionNames");
    }
    List<String> deps = s.getDependencies() == null ? List.of() : s.getDependencies();
    Set<String> seen = new HashSet<>();
    for (int k = 0; k < deps.size(); k++) {
      String d = deps.get(k);
      String dp = p + ".dependencies[" + k + "]";
      if (d == null || flagged.contains(dp)) {
        continue; // not a name: the schema says so
      } else if (!PackageNames.EUREKA.equals(d) && !byName.containsKey(d)) {
        add(
            dp,
            d,
            "Unknown dependency name in architecture: " + d,
            "name one of the services " + byName.keySet() + " or remove it");
      } else if (!seen.add(d)) {
        add(dp, d, "is listed twice", "remove the repetition");
      }
    }
    for (var e : s.dependencyPoliciesOrEmpty().entrySet()) {
      String pp = p + ".dependencyPolicies." + e.getKey();
      if (!deps.contains(e.getKey())) {
        add(
            pp,
            e.getKey(),
            "is not a dependency of " + s.getName(),
            "add it to dependencies or remove the policy");
      }
      checkPolicy(pp, e.getValue());
    }
    checkPolicy(p + ".callPolicy", s.getCallPolicy());
    checkBehavior(p + ".behavior", s.getBehavior());
    checkServerless(p, s);
  }

  /** A serverless block is read only by its own package: elsewhere it would be silently ignored. */
  private void checkServerless(String p, ServiceSpec s) {
    String pkg = s.getPackageName();
    onlyFor(p + ".function", s.getFunction(), PackageRole.LAMBDA, pkg);
    onlyFor(p + ".gateway", s.getGateway(), PackageRole.APIGATEWAY, pkg);
    onlyFor(p + ".table", s.getTable(), PackageRole.DYNAMODB, pkg);
    onlyFor(p + ".stream", s.getStream(), PackageRole.KINESIS, pkg);
    if (s.getStream() != null) {
      Duration window = duration(p + ".stream.batchWindow", s.getStream().getBatchWindow());
      if (window != null && window.isZero()) {
        add(
            p + ".stream.batchWindow",
            s.getStream().getBatchWindow(),
            "must be more than 0",
            "use e.g. 1s");
      }
    }
    if (s.getFunction() != null) {
      checkLatency(p + ".function.coldStart", s.getFunction().getColdStart());
      duration(p + ".function.idleTimeout", s.getFunction().getIdleTimeout());
    }
  }

  private void onlyFor(String path, Object block, PackageRole role, String pkg) {
    if (block != null && pkg != null && !role.is(pkg)) {
      add(
          path,
          null,
          "is only read for package " + role.packageName() + ", and this service is " + pkg,
          "remove it, or set package: " + role.packageName());
    }
  }

  private void checkPolicy(String p, CallPolicySpec c) {
    if (c == null) {
      return;
    }
    Duration timeout = duration(p + ".timeout", c.getTimeout());
    if (timeout != null && timeout.isZero()) {
      add(p + ".timeout", c.getTimeout(), "must be more than 0", "use e.g. 500ms");
    }
    duration(p + ".budgetMargin", c.getBudgetMargin());
    Duration deadline = duration(p + ".deadline", c.getDeadline());
    if (deadline != null && deadline.isZero()) {
      add(p + ".deadline", c.getDeadline(), "must be more than 0", "use e.g. 2s");
    }
    if (c.getBackoff() != null) {
      duration(p + ".backoff.initial", c.getBackoff().getInitial());
      duration(p + ".backoff.max", c.getBackoff().getMax());
    }
    if (c.getCircuitBreaker() != null) {
      String at = p + ".circuitBreaker.openDuration";
      Duration open = duration(at, c.getCircuitBreaker().getOpenDuration());
      if (open != null && open.isZero()) {
        add(at, c.getCircuitBreaker().getOpenDuration(), "must be more than 0", "use e.g. 5s");
      }
    }
  }

  /**
   * Rules between fields that may be set at different levels (dependency, service, architecture),
   * checked on the policy each call really gets.
   */
  private void checkResolvedPolicies() {
    List<ServiceSpec> services = spec.getServices();
    Set<String> reported = new HashSet<>();
    for (int i = 0; i < services.size(); i++) {
      ServiceSpec s = services.get(i);
      for (String d : s.getDependencies() == null ? List.<String>of() : s.getDependencies()) {
        if (PackageNames.EUREKA.equals(d)) {
          continue;
        }
        CallPolicy.Backoff b = Defaults.callPolicy(spec, s, d).backoff();
        if (b.maxMs() < b.initialMs()) {
          String at = backoffMaxPath(i, s, d);
          if (reported.add(at)) {
            add(
                at,
                Durations.format(Duration.ofMillis(b.maxMs())),
                "is below backoff.initial ("
                    + Durations.format(Duration.ofMillis(b.initialMs()))
                    + ") for calls from "
                    + s.getName()
                    + " to "
                    + d,
                "raise backoff.max to at least backoff.initial, or lower initial");
          }
        }
      }
    }
  }

  /** The most specific level that sets backoff.max for this call; spec.callPolicy if none does. */
  private static String backoffMaxPath(int i, ServiceSpec s, String d) {
    String base = "spec.services[" + i + "]";
    if (setsBackoffMax(s.dependencyPoliciesOrEmpty().get(d))) {
      return base + ".dependencyPolicies." + d + ".backoff.max";
    }
    if (setsBackoffMax(s.getCallPolicy())) {
      return base + ".callPolicy.backoff.max";
    }
    return "spec.callPolicy.backoff.max";
  }

  private static boolean setsBackoffMax(CallPolicySpec c) {
    return c != null && c.getBackoff() != null && c.getBackoff().getMax() != null;
  }

  private void checkBehavior(String p, BehaviorSpec b) {
    if (b != null) {
      checkLatency(p + ".latency", b.getLatency());
    }
  }

  /** A latency distribution at {@code p}: the fields its distribution needs. */
  private void checkLatency(String p, LatencySpec l) {
    if (l == null) {
      return;
    }
    String dist = l.getDistribution() == null ? "fixed" : l.getDistribution();
    Duration mean = duration(p + ".mean", l.getMean());
    Duration sd = duration(p + ".stddev", l.getStddev());
    Duration p50 = duration(p + ".p50", l.getP50());
    Duration p99 = duration(p + ".p99", l.getP99());
    switch (dist) {
      case "fixed", "normal" -> {
        if (l.getMean() == null) {
          add(
              p + ".mean",
              null,
              "is required for a " + dist + " distribution",
              "set e.g. mean: 15ms");
        }
        if (dist.equals("normal") && l.getStddev() == null) {
          add(p + ".stddev", null, "is required for a normal distribution", "set e.g. stddev: 3ms");
        }
      }
      case "lognormal" -> {
        if (l.getP50() == null || l.getP99() == null) {
          add(
              p,
              null,
              "a lognormal distribution needs p50 and p99",
              "set e.g. p50: 10ms and p99: 80ms");
        } else if (p50 != null && p99 != null && (p50.isZero() || p99.compareTo(p50) <= 0)) {
          add(
              p + ".p99",
              l.getP99(),
              "must be greater than p50 (" + l.getP50() + "), which must be more than 0",
              "raise p99 above p50");
        }
      }
      default -> {
        // not a distribution: the schema's pattern
      }
    }
    if (mean != null && sd != null && mean.isZero() && !sd.isZero()) {
      add(p + ".mean", l.getMean(), "is 0 with a non-zero stddev", "set a mean");
    }
  }

  private void checkVictims(Map<String, Integer> byName) {
    if (spec.getVictim() != null
        && !spec.getVictim().isEmpty()
        && !byName.containsKey(spec.getVictim())) {
      add(
          "spec.victim",
          spec.getVictim(),
          "names no service",
          "name one of " + byName.keySet() + ", or leave it empty for no chaos");
    }
  }

  /**
   * Request cycles only: an edge carries requests when the caller forwards them (a store's or a
   * ring's dependencies carry replication to its own package, never a request onwards) and the edge
   * is not a self-dependency, which is spigo's replication.
   */
  private void checkCycles(List<ServiceSpec> services, Map<String, Integer> byName) {
    Map<String, List<String>> graph = new LinkedHashMap<>();
    for (ServiceSpec s : services) {
      if (s == null
          || s.getName() == null
          || !PackageRole.of(s.getPackageName()).map(PackageRole::forwards).orElse(false)) {
        continue;
      }
      List<String> out = new ArrayList<>();
      for (String d : s.getDependencies() == null ? List.<String>of() : s.getDependencies()) {
        if (d != null && !d.equals(s.getName()) && byName.containsKey(d)) {
          out.add(d);
        }
      }
      graph.put(s.getName(), out);
    }
    Map<String, Integer> state = new HashMap<>();
    Set<String> reported = new HashSet<>();
    for (String start : graph.keySet()) {
      findCycles(start, graph, state, new ArrayList<>(), reported);
    }
  }

  private void findCycles(
      String node,
      Map<String, List<String>> graph,
      Map<String, Integer> state,
      List<String> stack,
      Set<String> reported) {
    Integer st = state.get(node);
    if (st != null && st == 2) {
      return;
    }
    if (st != null && st == 1) {
      List<String> cycle = new ArrayList<>(stack.subList(stack.indexOf(node), stack.size()));
      cycle.add(node);
      String key = String.join(",", cycle.subList(0, cycle.size() - 1).stream().sorted().toList());
      if (reported.add(key)) {
        int at =
            spec.getServices().stream()
                .map(ServiceSpec::getName)
                .toList()
                .indexOf(cycle.get(cycle.size() - 2));
        add(
            "spec.services[" + at + "].dependencies",
            String.join(" → ", cycle),
            "form a request cycle: requests would loop forever",
            "remove one of these dependencies (only a self-dependency, spigo's replication, may loop)");
      }
      return;
    }
    state.put(node, 1);
    stack.add(node);
    for (String next : graph.getOrDefault(node, List.of())) {
      findCycles(next, graph, state, stack, reported);
    }
    stack.remove(stack.size() - 1);
    state.put(node, 2);
  }

  private void checkChaos(Map<String, Integer> byName) {
    ChaosSpec c = spec.getChaos();
    if (c == null) {
      return;
    }
    List<String> victims = c.getVictims() == null ? List.of() : c.getVictims();
    for (int i = 0; i < victims.size(); i++) {
      if (victims.get(i) != null
          && !flagged.contains("spec.chaos.victims[" + i + "]")
          && !byName.containsKey(victims.get(i))) {
        add(
            "spec.chaos.victims[" + i + "]",
            victims.get(i),
            "names no service",
            "name one of " + byName.keySet());
      }
    }
    for (String f : List.of("interval", "meanTimeBetweenKills")) {
      String text = f.equals("interval") ? c.getInterval() : c.getMeanTimeBetweenKills();
      Duration d = duration("spec.chaos." + f, text);
      if (d != null && d.compareTo(Duration.ofSeconds(1)) < 0) {
        add("spec.chaos." + f, text, "is below the 1s minimum between kills", "use 1s or more");
      }
    }
    duration("spec.chaos.startDelay", c.getStartDelay());
    duration("spec.chaos.minPodAge", c.getMinPodAge());
    if (c.getFault() != null) {
      duration("spec.chaos.fault.addedLatency", c.getFault().getAddedLatency());
      duration("spec.chaos.fault.start", c.getFault().getStart());
      duration("spec.chaos.fault.duration", c.getFault().getDuration());
    }
    Plan plan = clean() ? Planner.plan(name, spec) : null;
    if (c.getZone() != null && plan != null && !plan.zones().contains(c.getZone())) {
      add(
          "spec.chaos.zone",
          c.getZone(),
          "is not a zone of this architecture",
          "use one of " + plan.zones());
    }
    if (c.getRegion() != null && plan != null && !plan.regions().contains(c.getRegion())) {
      add(
          "spec.chaos.region",
          c.getRegion(),
          "is not a region of this architecture",
          "use one of " + plan.regions());
    }
    var q = c.getQuietTimes();
    if (q != null) {
      if (q.getTimeZone() != null) {
        try {
          ZoneId.of(q.getTimeZone());
        } catch (RuntimeException e) {
          add(
              "spec.chaos.quietTimes.timeZone",
              q.getTimeZone(),
              "is not a time zone",
              "use an IANA name like Europe/Berlin or UTC");
        }
      }
    }
  }

  private void checkSize() {
    Plan plan = Planner.plan(name, spec);
    int max = Defaults.maxInstances(spec);
    if (plan.instances().size() > max) {
      add(
          "spec.services",
          plan.instances().size() + " instances",
          "resolve to more than the " + max + " instances allowed",
          "lower counts or spec.scale, or raise spec.maxInstances explicitly");
    }
  }

  private void checkDistinctNames(String path, List<String> names) {
    if (names == null) {
      return;
    }
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < names.size(); i++) {
      String n = names.get(i);
      if (n == null || KubeNames.dns(n).isEmpty()) {
        add(path + "[" + i + "]", n, "is empty", "give a name");
      } else if (!seen.add(KubeNames.dns(n))) {
        add(path + "[" + i + "]", n, "repeats an earlier name", "give every entry its own name");
      }
    }
  }

  /**
   * A duration field's value, for rules on its magnitude; null when absent or not a duration (which
   * the schema's pattern reports), or too long to hold.
   */
  private Duration duration(String path, String text) {
    if (text == null || flagged.contains(path)) {
      return null;
    }
    try {
      return Durations.parse(text);
    } catch (IllegalArgumentException e) {
      // the schema's pattern passed, so only its size is wrong
      add(path, text, "is too long a duration", "write a shorter one, like 500ms, 2s or 1h");
      return null;
    }
  }

  private void add(String path, String value, String message, String fix) {
    problems.add(new Problem(path, value, message, fix));
  }
}
