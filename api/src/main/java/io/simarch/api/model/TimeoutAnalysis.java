package io.simarch.api.model;

import io.simarch.api.v1alpha1.PackageNames;
import io.simarch.api.v1alpha1.ServiceSpec;
import io.simarch.api.v1alpha1.SimulatedArchitectureSpec;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The talk's "What could go wrong?" rule, checked before anything runs: a caller's timeout must
 * cover its dependency's timeout × attempts, or the caller gives up while the work it started is
 * still retrying below it; and retries multiply along a path. Pure: reads the spec through {@link
 * Defaults#callPolicy} and {@link Planner}, so every policy is the one the stub applies.
 *
 * <p>Only edges that carry requests count (a forwarder's dependencies, never a self-dependency or a
 * store's replication, which happen after the answer). Call it on a spec that {@link
 * ArchitectureValidator} accepted.
 */
public final class TimeoutAnalysis {
  /** Retry amplification (product of attempts along a path) above which validate warns. */
  public static final int MAX_AMPLIFICATION = 10;

  /** Root-to-leaf paths examined at most: a mesh has exponentially many. */
  public static final int MAX_PATHS = 1000;

  /** The rules, by the name a warning carries. */
  public static final String TIMEOUT_BELOW_RETRIES = "timeout-below-retries";

  public static final String RETRY_AMPLIFICATION = "retry-amplification";
  public static final String IMMEDIATE_RETRY_ONE_INSTANCE = "immediate-retry-one-instance";
  public static final String TIME_BELOW_SERVICE_TIME = "time-below-service-time";

  /** One finding: which rule, what is wrong (naming services and numbers) and how to fix it. */
  public record Warning(String rule, String message, String fix) {
    @Override
    public String toString() {
      return message + "; fix: " + fix;
    }
  }

  /**
   * One service on a path.
   *
   * @param call the caller's policy towards this service ({@code 3 × 2000ms immediate}), null for
   *     the root
   * @param amplification calls reaching this service per root request, at worst
   */
  public record Tier(String service, String call, long amplification) {}

  /**
   * One root-to-leaf path.
   *
   * @param worstCaseMs how long the root waits when the path's leaf stops answering: every attempt
   *     waits its timeout (shortened by the budget where one travels), the others' median service
   *     time added
   */
  public record PathReport(List<String> services, long worstCaseMs, List<Tier> tiers) {
    public long amplification() {
      return tiers.get(tiers.size() - 1).amplification();
    }
  }

  /**
   * @param paths examined paths, worst first (by worst case, then amplification)
   * @param truncated more than {@link #MAX_PATHS} paths exist; only the first were examined
   * @param fixes what would fix the worst path
   */
  public record Report(
      String arch,
      String root,
      int maxAmplification,
      List<PathReport> paths,
      boolean truncated,
      List<Warning> warnings,
      List<String> fixes) {}

  private final SimulatedArchitectureSpec spec;
  private final int maxAmplification;
  private final String root;
  private final String arch;
  private final Map<String, ServiceSpec> byName = new LinkedHashMap<>();
  private final Map<String, Plan.PlannedService> planned = new HashMap<>();
  private final Map<String, List<String>> calls = new LinkedHashMap<>();
  private final Map<String, CallPolicy> policies = new HashMap<>();

  private TimeoutAnalysis(Plan plan, SimulatedArchitectureSpec spec, int maxAmplification) {
    this.spec = spec;
    this.maxAmplification = maxAmplification;
    this.root = plan.root();
    this.arch = plan.arch();
    for (Plan.PlannedService p : plan.services()) {
      planned.put(p.name(), p);
    }
    for (ServiceSpec s : spec.getServices()) {
      byName.put(s.getName(), s);
      List<String> out = new ArrayList<>();
      if (PackageRole.of(s.getPackageName()).map(PackageRole::forwards).orElse(false)
          && s.getDependencies() != null) {
        for (String d : s.getDependencies()) {
          if (!PackageNames.EUREKA.equals(d) && !d.equals(s.getName()) && !out.contains(d)) {
            out.add(d);
            policies.put(key(s.getName(), d), Defaults.callPolicy(spec, s, d));
          }
        }
      }
      calls.put(s.getName(), out);
    }
  }

  /** The warnings {@code simarch validate} prints, with the default threshold. */
  public static List<Warning> warnings(String name, SimulatedArchitectureSpec spec) {
    return analyze(name, spec, MAX_AMPLIFICATION).warnings();
  }

  public static Report analyze(String name, SimulatedArchitectureSpec spec, int maxAmplification) {
    return analyze(Planner.plan(name, spec), spec, maxAmplification);
  }

  /** As above, over the spec's plan when the caller has it already (the operator does). */
  public static Report analyze(Plan plan, SimulatedArchitectureSpec spec, int maxAmplification) {
    return new TimeoutAnalysis(plan, spec, maxAmplification).report();
  }

  private Report report() {
    var warnings = new LinkedHashMap<String, Warning>();
    timeoutsCoverRetries(warnings);
    immediateRetriesToOneInstance(warnings);
    List<List<String>> paths = new ArrayList<>();
    boolean truncated = root != null && !collectPaths(root, new ArrayList<>(), paths);
    var reports = new ArrayList<PathReport>();
    for (List<String> path : paths) {
      reports.add(pathReport(path));
      timeBelowServiceTime(path, warnings);
    }
    amplification(warnings);
    reports.sort(
        (a, b) ->
            a.worstCaseMs() != b.worstCaseMs()
                ? Long.compare(b.worstCaseMs(), a.worstCaseMs())
                : Long.compare(b.amplification(), a.amplification()));
    List<String> fixes = reports.isEmpty() ? List.of() : fixes(reports.get(0));
    return new Report(
        arch,
        root,
        maxAmplification,
        List.copyOf(reports),
        truncated,
        List.copyOf(warnings.values()),
        fixes);
  }

  // --- rule 1: a caller's attempt timeout covers what its dependency may spend below it

  private void timeoutsCoverRetries(Map<String, Warning> out) {
    for (String c : topDown()) {
      for (String d : calls.get(c)) {
        CallPolicy cd = policy(c, d);
        for (String e : calls.getOrDefault(d, List.of())) {
          CallPolicy de = policy(d, e);
          if (de.budget() && cd.budget()) {
            continue; // d is handed c's attempt timeout as its budget and stops in time
          }
          long raw = raw(d, e);
          long worst = de.budget() ? Math.min(raw, de.deadlineMs()) : raw;
          if (worst <= cd.timeoutMs()) {
            continue;
          }
          String spent = attemptsText(d, e) + " = " + raw + "ms";
          if (de.budget()) {
            spent =
                "min("
                    + attemptsText(d, e)
                    + ", its "
                    + de.deadlineMs()
                    + "ms deadline) = "
                    + worst
                    + "ms";
          }
          add(
              out,
              new Warning(
                  TIMEOUT_BELOW_RETRIES,
                  String.format(
                      "%s waits %dms for %s, which may take %s on %s",
                      c, cd.timeoutMs(), d, spent, e),
                  String.format(
                      "give %s a timeout for %s of at least %dms, lower %s's timeout or retries"
                          + " for %s, or set budget: true on both calls",
                      c, d, worst, d, e)));
        }
      }
    }
  }

  // --- rule 2: retries multiply along a path

  private void amplification(Map<String, Warning> out) {
    if (root == null) {
      return;
    }
    // the worst product of attempts from the root to each service: a DAG (the validator rejects
    // request cycles), so a memoised walk visits each edge once
    Map<String, Long> best = new HashMap<>();
    Map<String, String> via = new HashMap<>();
    best.put(root, 1L);
    for (String s : topDown()) {
      Long amp = best.get(s);
      if (amp == null) {
        continue;
      }
      for (String d : calls.getOrDefault(s, List.of())) {
        long next = amp * attempts(s, d);
        if (next > best.getOrDefault(d, 0L)) {
          best.put(d, next);
          via.put(d, s);
        }
      }
    }
    String worst = root;
    for (var e : best.entrySet()) {
      if (e.getValue() > best.get(worst)) {
        worst = e.getKey();
      }
    }
    long amp = best.get(worst);
    if (amp <= maxAmplification) {
      return;
    }
    List<String> path = new ArrayList<>();
    for (String s = worst; s != null; s = via.get(s)) {
      path.add(0, s);
    }
    List<String> factors = new ArrayList<>();
    for (int i = 0; i + 1 < path.size(); i++) {
      factors.add(Integer.toString(attempts(path.get(i), path.get(i + 1))));
    }
    add(
        out,
        new Warning(
            RETRY_AMPLIFICATION,
            String.format(
                "retries multiply to %d calls to %s per request along %s (%s), above %d",
                amp,
                worst,
                String.join(" → ", path),
                String.join(" × ", factors),
                maxAmplification),
            "retry at one tier only (retries: 0 on the others), or use budget: true and retryMode:"
                + " failover so retries stop at the caller's deadline"));
  }

  /** Callers before their callees, from the root; services the root never reaches last. */
  private List<String> topDown() {
    List<String> order = new ArrayList<>();
    Map<String, Boolean> seen = new HashMap<>();
    if (root != null) {
      visit(root, seen, order);
    }
    List<String> rest = new ArrayList<>();
    for (String s : calls.keySet()) {
      if (!seen.containsKey(s)) {
        visit(s, seen, rest);
      }
    }
    Collections.reverse(order);
    Collections.reverse(rest);
    order.addAll(rest);
    return order;
  }

  private void visit(String s, Map<String, Boolean> seen, List<String> order) {
    // iterative post-order: 10 000 services deep would overflow the stack
    var stack = new ArrayList<Object[]>();
    stack.add(new Object[] {s, 0});
    seen.put(s, true);
    while (!stack.isEmpty()) {
      Object[] top = stack.get(stack.size() - 1);
      String node = (String) top[0];
      int i = (Integer) top[1];
      List<String> next = calls.getOrDefault(node, List.of());
      if (i < next.size()) {
        top[1] = i + 1;
        String d = next.get(i);
        if (seen.putIfAbsent(d, true) == null) {
          stack.add(new Object[] {d, 0});
        }
      } else {
        order.add(node);
        stack.remove(stack.size() - 1);
      }
    }
  }

  // --- rule 3: an immediate retry to the only instance hits the one that just failed

  private void immediateRetriesToOneInstance(Map<String, Warning> out) {
    for (String c : topDown()) {
      for (String d : calls.get(c)) {
        CallPolicy p = policy(c, d);
        if (p.retryMode() == RetryMode.IMMEDIATE && p.retries() > 0 && candidates(c, d) == 1) {
          add(
              out,
              new Warning(
                  IMMEDIATE_RETRY_ONE_INSTANCE,
                  String.format(
                      "%s retries %s immediately (%d %s) but sees one instance of it: every retry"
                          + " goes to the instance that just failed",
                      c, d, p.retries(), p.retries() == 1 ? "retry" : "retries"),
                  String.format(
                      "give %s at least 2 instances per region, or set retries: 0 for %s", d, d)));
        }
      }
    }
  }

  // --- rule 4: the time a hop gives its callee covers the callee's median service time

  private void timeBelowServiceTime(List<String> path, Map<String, Warning> out) {
    long remaining = -1; // the budget travelling with the request; -1: none
    for (int i = 0; i + 1 < path.size(); i++) {
      String c = path.get(i);
      String d = path.get(i + 1);
      CallPolicy p = policy(c, d);
      long given;
      String what;
      if (p.budget()) {
        long deadline = remaining >= 0 ? remaining : p.deadlineMs();
        given = Math.max(0, Math.min(p.timeoutMs(), deadline - p.budgetMarginMs()));
        what =
            remaining >= 0
                ? "of the " + remaining + "ms budget it was given"
                : "of its " + p.deadlineMs() + "ms deadline";
        remaining = given;
      } else {
        given = p.timeoutMs();
        what = "(its timeout)";
        remaining = -1;
      }
      double need = 0;
      for (String s : path.subList(i + 1, path.size())) {
        need += medianMs(s);
      }
      if (given < need) {
        String below = String.join(" → ", path.subList(i + 1, path.size()));
        add(
            out,
            new Warning(
                TIME_BELOW_SERVICE_TIME,
                String.format(
                    "%s gives %s %dms %s, less than the %sms median service time of %s",
                    c, d, given, what, round(need), below),
                p.budget()
                    ? "raise the deadline or the timeouts on " + String.join(" → ", path)
                    : String.format("raise %s's timeout for %s above %sms", c, d, round(need))));
      }
    }
  }

  // --- paths and their worst case

  /** Depth-first, dependencies in spec order; false when {@link #MAX_PATHS} cut it short. */
  private boolean collectPaths(String s, List<String> prefix, List<List<String>> out) {
    prefix.add(s);
    List<String> next = calls.getOrDefault(s, List.of());
    boolean complete = true;
    if (next.isEmpty()) {
      if (out.size() < MAX_PATHS) {
        out.add(List.copyOf(prefix));
      } else {
        complete = false;
      }
    }
    for (String d : next) {
      if (!complete || !collectPaths(d, prefix, out)) {
        complete = false;
        break;
      }
    }
    prefix.remove(prefix.size() - 1);
    return complete;
  }

  private PathReport pathReport(List<String> path) {
    List<Tier> tiers = new ArrayList<>();
    long amp = 1;
    tiers.add(new Tier(path.get(0), null, 1));
    for (int i = 0; i + 1 < path.size(); i++) {
      CallPolicy p = policy(path.get(i), path.get(i + 1));
      amp *= attempts(path.get(i), path.get(i + 1));
      String call =
          attemptsText(path.get(i), path.get(i + 1))
              + " "
              + p.retryMode().wire()
              + (p.budget() ? ", budget" : "");
      tiers.add(new Tier(path.get(i + 1), call, amp));
    }
    long worst = path.size() < 2 ? 0 : Math.round(callTime(path, 0, -1, new HashMap<>()));
    return new PathReport(path, worst, List.copyOf(tiers));
  }

  /**
   * How long {@code path[i]} spends on its call to {@code path[i + 1]} when the path's leaf never
   * answers, as {@code DependencyCaller} plays it: each attempt waits min(timeout, remaining −
   * margin) under a budget, the callee answering (a failure) after its own worst case if sooner.
   */
  private double callTime(List<String> path, int i, long budgetIn, Map<String, Double> memo) {
    String memoKey = i + "/" + budgetIn;
    Double known = memo.get(memoKey);
    if (known != null) {
      return known;
    }
    String c = path.get(i);
    String d = path.get(i + 1);
    CallPolicy p = policy(c, d);
    long deadline = !p.budget() ? -1 : budgetIn >= 0 ? budgetIn : p.deadlineMs();
    double elapsed = 0;
    int n = attempts(c, d);
    for (int k = 1; k <= n; k++) {
      double at = p.timeoutMs();
      if (deadline >= 0) {
        double usable = deadline - elapsed - p.budgetMarginMs();
        if (usable <= 0) {
          break;
        }
        at = Math.min(at, usable);
      }
      double answer =
          i + 2 == path.size()
              ? Double.POSITIVE_INFINITY
              : medianMs(d) + callTime(path, i + 1, deadline >= 0 ? (long) at : -1, memo);
      elapsed += Math.min(at, answer);
      if (k < n) {
        elapsed += backoffMs(p, k);
      }
    }
    memo.put(memoKey, elapsed);
    return elapsed;
  }

  private List<String> fixes(PathReport worst) {
    List<String> path = worst.services();
    List<String> fixes = new ArrayList<>();
    if (path.size() < 2) {
      return fixes;
    }
    for (int i = 0; i + 2 < path.size(); i++) {
      String c = path.get(i);
      String d = path.get(i + 1);
      String e = path.get(i + 2);
      CallPolicy cd = policy(c, d);
      CallPolicy de = policy(d, e);
      long below = de.budget() && !cd.budget() ? Math.min(raw(d, e), de.deadlineMs()) : raw(d, e);
      if (!(de.budget() && cd.budget()) && below > cd.timeoutMs()) {
        fixes.add(
            String.format(
                "%s → %s: %s waits %dms but %s may spend %dms on %s: set budget: true on %s's"
                    + " and %s's calls, or raise %s's timeout to %dms",
                c, d, c, cd.timeoutMs(), d, below, e, c, d, c, below));
      }
    }
    if (worst.amplification() > maxAmplification) {
      fixes.add(
          String.format(
              "amplification %d at %s: keep retries at %s → %s only (retries: 0 below) for %d",
              worst.amplification(),
              path.get(path.size() - 1),
              path.get(0),
              path.get(1),
              attempts(path.get(0), path.get(1))));
    }
    boolean allBudgeted = true;
    for (int i = 0; i + 1 < path.size(); i++) {
      allBudgeted &= policy(path.get(i), path.get(i + 1)).budget();
    }
    if (!fixes.isEmpty() && !allBudgeted) {
      fixes.add(
          String.format(
              "or budget: true on every call of the path: no hop then works past its caller's"
                  + " deadline (%s's callPolicy.deadline, default timeout × attempts = %dms)",
              path.get(0), raw(path.get(0), path.get(1))));
    }
    if (fixes.isEmpty()) {
      fixes.add(
          String.format(
              "nothing: %s, and at most %d calls reach a tier per request (≤ %d)",
              allBudgeted
                  ? "every caller's deadline bounds the work below it"
                  : "every caller's timeout covers the timeouts × attempts below it",
              worst.amplification(),
              maxAmplification));
    }
    return List.copyOf(fixes);
  }

  // --- policies as the stub applies them

  private CallPolicy policy(String from, String to) {
    return policies.get(key(from, to));
  }

  /**
   * Attempts at most: failover never retries an instance that already failed this call, so it stops
   * when the caller's candidates are used up.
   */
  private int attempts(String from, String to) {
    CallPolicy p = policy(from, to);
    int n = p.maxAttempts();
    return p.retryMode() == RetryMode.FAILOVER ? Math.min(n, candidates(from, to)) : n;
  }

  /** Instances of {@code to} that {@code from} chooses among: every region, or its own. */
  private int candidates(String from, String to) {
    Plan.PlannedService target = planned.get(to);
    Plan.PlannedService caller = planned.get(from);
    if (caller.crossRegion()
        || PackageRole.DENOMINATOR.packageName().equals(caller.packageName())
        || target.regions() == 0) {
      return target.instances();
    }
    return Math.max(1, target.count());
  }

  /** Every attempt waiting its full timeout, with the backoffs between them. */
  private long raw(String from, String to) {
    CallPolicy p = policy(from, to);
    int n = attempts(from, to);
    long backoff = 0;
    for (int k = 1; k < n; k++) {
      backoff += Math.round(backoffMs(p, k));
    }
    return n * p.timeoutMs() + backoff;
  }

  private String attemptsText(String from, String to) {
    CallPolicy p = policy(from, to);
    int n = attempts(from, to);
    long backoff = raw(from, to) - n * p.timeoutMs();
    return n + " × " + p.timeoutMs() + "ms" + (backoff > 0 ? " + " + backoff + "ms backoff" : "");
  }

  /** The longest wait before retry {@code k} (1-based): exponential, capped, jitter up. */
  private static double backoffMs(CallPolicy p, int k) {
    var b = p.backoff();
    if (b.initialMs() <= 0) {
      return 0;
    }
    double base =
        Math.min(
            b.initialMs() * Math.pow(Math.max(1, b.multiplier()), k - 1),
            Math.max(b.maxMs(), b.initialMs()));
    return base * (1 + Math.min(b.jitter(), 0.99));
  }

  /** The median of the service's latency: what a typical request spends there. */
  private double medianMs(String service) {
    Behavior.Latency l = Defaults.behavior(spec, byName.get(service)).latency();
    return "lognormal".equals(l.distribution()) ? l.p50Ms() : l.meanMs();
  }

  private static void add(Map<String, Warning> out, Warning w) {
    out.putIfAbsent(w.message(), w);
  }

  private static String key(String from, String to) {
    return from + "\n" + to;
  }

  private static String round(double ms) {
    return ms == Math.rint(ms) ? Long.toString((long) ms) : String.format(Locale.ROOT, "%.1f", ms);
  }
}
