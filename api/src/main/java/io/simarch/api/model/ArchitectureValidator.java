package io.simarch.api.model;

import io.simarch.api.v1alpha1.BehaviorSpec;
import io.simarch.api.v1alpha1.CallPolicySpec;
import io.simarch.api.v1alpha1.ChaosSpec;
import io.simarch.api.v1alpha1.LatencySpec;
import io.simarch.api.v1alpha1.PackageNames;
import io.simarch.api.v1alpha1.Patterns;
import io.simarch.api.v1alpha1.ServiceSpec;
import io.simarch.api.v1alpha1.SimulatedArchitecture;
import io.simarch.api.v1alpha1.SimulatedArchitectureSpec;
import io.simarch.api.v1alpha1.TopologySpec;
import java.net.URI;
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
 * The graph validator: everything the CRD's OpenAPI schema cannot say (Kubernetes 1.20 has no CEL),
 * plus the schema's own rules again so the CLI reports them without an API server. Returns every
 * problem, not only the first.
 */
public final class ArchitectureValidator {
  private static final Set<String> FORWARDING = PackageNames.FORWARDING;

  private final String name;
  private final SimulatedArchitectureSpec spec;
  private final List<Problem> problems = new ArrayList<>();

  private ArchitectureValidator(String name, SimulatedArchitectureSpec spec) {
    this.name = name;
    this.spec = spec;
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
    var v = new ArchitectureValidator(name, spec);
    v.run();
    return List.copyOf(v.problems);
  }

  private void run() {
    List<ServiceSpec> services = spec.getServices();
    if (services == null || services.isEmpty()) {
      add("spec.services", null, "is empty", "add at least one service");
      return;
    }
    checkTopLevel();
    Map<String, Integer> byName = checkNames(services);
    for (int i = 0; i < services.size(); i++) {
      checkService(i, services.get(i), byName);
    }
    checkVictims(byName);
    checkCycles(services, byName);
    checkChaos(byName);
    if (problems.isEmpty()) {
      checkSize();
    }
  }

  private void checkTopLevel() {
    String arch = Defaults.arch(name, spec);
    if (!arch.matches(Patterns.ARCH_NAME)) {
      add(
          "spec.arch",
          arch,
          "is not a valid architecture name",
          "use letters, digits, '-', '_' and '.'");
    }
    if (name != null && !KubeNames.isLabel(name)) {
      add(
          "metadata.name",
          name,
          "is not a DNS-1123 label",
          "use lower-case letters, digits and '-', at most 63 characters");
    }
    if (spec.getScale() != null && spec.getScale() < 1) {
      add(
          "spec.scale",
          String.valueOf(spec.getScale()),
          "must be at least 1 (percent)",
          "set 100 for spigo's default");
    }
    if (spec.getMaxInstances() != null && spec.getMaxInstances() < 1) {
      add(
          "spec.maxInstances",
          String.valueOf(spec.getMaxInstances()),
          "must be at least 1",
          "remove it for the default 10000");
    }
    TopologySpec t = spec.getTopology();
    if (t != null) {
      if (t.getReplicateRegions() != null && t.getReplicateRegions() < 1) {
        add(
            "spec.topology.replicateRegions",
            String.valueOf(t.getReplicateRegions()),
            "must be at least 1",
            "set 1 to use each service's own regions");
      }
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
      if (traffic.getRate() != null && (traffic.getRate() < 0 || traffic.getRate() > 10_000)) {
        add(
            "spec.traffic.rate",
            String.valueOf(traffic.getRate()),
            "must be between 0 and 10000 requests per second",
            "lower it or add root instances");
      }
    }
    checkPolicy("spec.callPolicy", spec.getCallPolicy());
    checkBehavior("spec.behavior", spec.getBehavior());
    var tracing = spec.getTracing();
    if (tracing != null && tracing.getEndpoint() != null && !tracing.getEndpoint().isBlank()) {
      try {
        URI u = URI.create(tracing.getEndpoint());
        if (u.getScheme() == null
            || !(u.getScheme().equals("http") || u.getScheme().equals("https"))
            || u.getHost() == null) {
          throw new IllegalArgumentException();
        }
      } catch (IllegalArgumentException e) {
        add(
            "spec.tracing.endpoint",
            tracing.getEndpoint(),
            "is not an http(s) URL",
            "write it like http://otel-collector:4318");
      }
    }
    if (tracing != null
        && tracing.getSampling() != null
        && (tracing.getSampling() < 0 || tracing.getSampling() > 1)) {
      add(
          "spec.tracing.sampling",
          String.valueOf(tracing.getSampling()),
          "must be between 0 and 1",
          "use 1 to sample every trace");
    }
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
        add(path, null, "is missing", "give every service a name");
        continue;
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
      if (!s.getName().matches(Patterns.SERVICE_NAME)) {
        add(
            path,
            s.getName(),
            "is not a valid service name",
            "use letters, digits, '-', '_' and '.'");
        continue;
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
      add(p + ".package", null, "is missing", "set one of " + PackageNames.ALL);
    } else if (!PackageNames.ALL.contains(s.getPackageName())) {
      add(
          p + ".package",
          s.getPackageName(),
          "Unknown package name in architecture: " + s.getPackageName(),
          "use one of " + PackageNames.ALL);
    }
    if (s.getCount() != null && s.getCount() < 0) {
      add(
          p + ".count",
          String.valueOf(s.getCount()),
          "must be 0 or more",
          "use 0 for one cross-zone instance per region");
    }
    if (s.getCount() != null && s.getCount() > Defaults.maxInstances(spec)) {
      add(
          p + ".count",
          String.valueOf(s.getCount()),
          "is more than the " + Defaults.maxInstances(spec) + " instances allowed",
          "lower it, or raise spec.maxInstances explicitly");
    }
    if (s.getRegions() != null && s.getRegions() < 0) {
      add(
          p + ".regions",
          String.valueOf(s.getRegions()),
          "must be 0 or more",
          "use 0 for one global instance, 1 for one region");
    }
    int regionsNeeded = Defaults.regions(s) * Defaults.replicateRegions(spec, null);
    int regionsKnown =
        (spec.getTopology() == null ? new TopologySpec() : spec.getTopology())
            .regionNamesOrDefault()
            .size();
    if (regionsNeeded > regionsKnown) {
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
      if (d == null || d.isBlank()) {
        add(dp, null, "is empty", "remove it or name a service");
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
  }

  private void checkPolicy(String p, CallPolicySpec c) {
    if (c == null) {
      return;
    }
    Duration timeout = duration(p + ".timeout", c.getTimeout());
    if (timeout != null && timeout.isZero()) {
      add(p + ".timeout", c.getTimeout(), "must be more than 0", "use e.g. 500ms");
    }
    if (c.getRetries() != null && (c.getRetries() < 0 || c.getRetries() > 10)) {
      add(p + ".retries", String.valueOf(c.getRetries()), "must be between 0 and 10", "use 0 to 3");
    }
    if (c.getRetryMode() != null && !c.getRetryMode().matches(Patterns.RETRY_MODE)) {
      add(
          p + ".retryMode",
          c.getRetryMode(),
          "is not a retry mode",
          "use none, immediate or failover");
    }
    duration(p + ".budgetMargin", c.getBudgetMargin());
    duration(p + ".deadline", c.getDeadline());
    if (c.getBackoff() != null) {
      duration(p + ".backoff.initial", c.getBackoff().getInitial());
      duration(p + ".backoff.max", c.getBackoff().getMax());
      Double j = c.getBackoff().getJitter();
      if (j != null && (j < 0 || j > 1)) {
        add(
            p + ".backoff.jitter",
            String.valueOf(j),
            "must be between 0 and 1",
            "use 0.2 for ±20%");
      }
      Double m = c.getBackoff().getMultiplier();
      if (m != null && (m < 1 || m > 10)) {
        add(
            p + ".backoff.multiplier",
            String.valueOf(m),
            "must be between 1 and 10",
            "use 2 to double each wait");
      }
    }
    if (c.getCircuitBreaker() != null) {
      duration(p + ".circuitBreaker.openDuration", c.getCircuitBreaker().getOpenDuration());
      Integer t = c.getCircuitBreaker().getFailureRateThreshold();
      if (t != null && (t < 1 || t > 100)) {
        add(
            p + ".circuitBreaker.failureRateThreshold",
            String.valueOf(t),
            "must be between 1 and 100 (percent)",
            "use 50");
      }
      Integer mc = c.getCircuitBreaker().getMinimumCalls();
      if (mc != null && mc < 1) {
        add(p + ".circuitBreaker.minimumCalls", String.valueOf(mc), "must be at least 1", "use 10");
      }
    }
  }

  private void checkBehavior(String p, BehaviorSpec b) {
    if (b == null) {
      return;
    }
    if (b.getErrorRate() != null && (b.getErrorRate() < 0 || b.getErrorRate() > 1)) {
      add(
          p + ".errorRate",
          String.valueOf(b.getErrorRate()),
          "must be a fraction between 0 and 1",
          "write 0.01 for 1%");
    }
    if (b.getResponseSize() != null
        && (b.getResponseSize() < 0 || b.getResponseSize() > 10_485_760)) {
      add(
          p + ".responseSize",
          String.valueOf(b.getResponseSize()),
          "must be between 0 and 10485760 bytes",
          "use a smaller payload");
    }
    LatencySpec l = b.getLatency();
    if (l == null) {
      return;
    }
    String dist = l.getDistribution() == null ? "fixed" : l.getDistribution();
    Duration mean = duration(p + ".latency.mean", l.getMean());
    Duration sd = duration(p + ".latency.stddev", l.getStddev());
    Duration p50 = duration(p + ".latency.p50", l.getP50());
    Duration p99 = duration(p + ".latency.p99", l.getP99());
    switch (dist) {
      case "fixed", "normal" -> {
        if (l.getMean() == null) {
          add(
              p + ".latency.mean",
              null,
              "is required for a " + dist + " distribution",
              "set e.g. mean: 15ms");
        }
        if (dist.equals("normal") && l.getStddev() == null) {
          add(
              p + ".latency.stddev",
              null,
              "is required for a normal distribution",
              "set e.g. stddev: 3ms");
        }
      }
      case "lognormal" -> {
        if (p50 == null || p99 == null) {
          add(
              p + ".latency",
              null,
              "a lognormal distribution needs p50 and p99",
              "set e.g. p50: 10ms and p99: 80ms");
        } else if (p50.isZero() || p99.compareTo(p50) <= 0) {
          add(
              p + ".latency.p99",
              l.getP99(),
              "must be greater than p50 (" + l.getP50() + "), which must be more than 0",
              "raise p99 above p50");
        }
      }
      default ->
          add(
              p + ".latency.distribution",
              dist,
              "is not a distribution",
              "use fixed, normal or lognormal");
    }
    if (mean != null && sd != null && mean.isZero() && !sd.isZero()) {
      add(p + ".latency.mean", l.getMean(), "is 0 with a non-zero stddev", "set a mean");
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
      if (s == null || s.getName() == null || !FORWARDING.contains(s.getPackageName())) {
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
      if (!byName.containsKey(victims.get(i))) {
        add(
            "spec.chaos.victims[" + i + "]",
            victims.get(i),
            "names no service",
            "name one of " + byName.keySet());
      }
    }
    if (c.getMode() != null && !c.getMode().matches(Patterns.CHAOS_MODE)) {
      add(
          "spec.chaos.mode",
          c.getMode(),
          "is not a kill mode",
          "use delete, kill, zone-outage or region-outage");
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
    if (c.getMaxKills() != null && c.getMaxKills() < 0) {
      add(
          "spec.chaos.maxKills",
          String.valueOf(c.getMaxKills()),
          "must be 0 or more",
          "remove it for no limit with an interval, or set a count");
    }
    Plan plan = problems.isEmpty() ? Planner.plan(name, spec) : null;
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
      List<String> days = q.getWeekdays() == null ? List.of() : q.getWeekdays();
      for (int i = 0; i < days.size(); i++) {
        if (days.get(i) == null || !days.get(i).matches(Patterns.WEEKDAY)) {
          add(
              "spec.chaos.quietTimes.weekdays[" + i + "]",
              days.get(i),
              "is not a weekday",
              "use Mon, Tue, Wed, Thu, Fri, Sat or Sun");
        }
      }
      List<String> times = q.getTimesOfDay() == null ? List.of() : q.getTimesOfDay();
      for (int i = 0; i < times.size(); i++) {
        if (times.get(i) == null || !times.get(i).matches(Patterns.TIME_OF_DAY_RANGE)) {
          add(
              "spec.chaos.quietTimes.timesOfDay[" + i + "]",
              times.get(i),
              "is not a time range",
              "write it like 22:00-08:00");
        }
      }
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
    var f = c.getFault();
    if (f != null) {
      duration("spec.chaos.fault.addedLatency", f.getAddedLatency());
      duration("spec.chaos.fault.start", f.getStart());
      duration("spec.chaos.fault.duration", f.getDuration());
      if (f.getErrorRate() != null && (f.getErrorRate() < 0 || f.getErrorRate() > 1)) {
        add(
            "spec.chaos.fault.errorRate",
            String.valueOf(f.getErrorRate()),
            "must be between 0 and 1",
            "write 0.5 for half the requests");
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

  /** Parses a duration field, recording a problem when it does not parse; null when absent. */
  private Duration duration(String path, String text) {
    if (text == null) {
      return null;
    }
    try {
      return Durations.parse(text);
    } catch (IllegalArgumentException e) {
      add(path, text, "is not a duration", "write it like 500ms, 2s or 1m30s");
      return null;
    }
  }

  private void add(String path, String value, String message, String fix) {
    problems.add(new Problem(path, value, message, fix));
  }
}
