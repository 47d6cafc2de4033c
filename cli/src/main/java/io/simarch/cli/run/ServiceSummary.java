package io.simarch.cli.run;

import io.simarch.api.model.PackageRole;
import io.simarch.stub.local.InstanceStats;
import java.io.PrintStream;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * What one service did in a run, summed over its instances. Percentiles of a service are the
 * request-weighted mean of its instances' p50 and the largest instance p99 (instances keep their
 * own histograms), which the column headers say.
 */
public record ServiceSummary(
    String service,
    String packageName,
    int instances,
    int running,
    long requests,
    long errors,
    double p50Ms,
    double p99Ms,
    long retries,
    long timeouts,
    long budgetExhausted,
    long circuitOpen,
    long zoneFallbacks,
    InstanceStats.Serverless serverless) {

  static ServiceSummary of(String service, String pkg, List<InstanceStats> stats, int running) {
    long requests = 0;
    long errors = 0;
    long retries = 0;
    long timeouts = 0;
    long budget = 0;
    long open = 0;
    long fallbacks = 0;
    double weighted = 0;
    double p99 = 0;
    var faas = InstanceStats.Serverless.NONE;
    for (InstanceStats s : stats) {
      faas = sum(faas, s.serverless());
      requests += s.requests();
      errors += s.errors();
      retries += s.retries();
      timeouts += s.timeouts();
      budget += s.budgetExhausted();
      open += s.circuitOpen();
      fallbacks += s.zoneFallbacks();
      weighted += s.p50Ms() * s.requests();
      p99 = Math.max(p99, s.p99Ms());
    }
    return new ServiceSummary(
        service,
        pkg,
        stats.size(),
        running,
        requests,
        errors,
        requests == 0 ? 0 : weighted / requests,
        p99,
        retries,
        timeouts,
        budget,
        open,
        fallbacks,
        faas);
  }

  private static InstanceStats.Serverless sum(
      InstanceStats.Serverless a, InstanceStats.Serverless b) {
    return new InstanceStats.Serverless(
        a.invocations() + b.invocations(),
        a.coldStarts() + b.coldStarts(),
        a.throttled() + b.throttled(),
        a.gbSeconds() + b.gbSeconds(),
        a.costUsd() + b.costUsd());
  }

  /**
   * The serverless services' own figures: a function's invocations, cold starts, throttles, p99,
   * GB-seconds and cost, and what gateways and tables throttled.
   */
  public static void printServerless(List<ServiceSummary> rows, PrintStream out) {
    List<ServiceSummary> serverless = serverless(rows);
    int w = Math.max(7, serverless.stream().mapToInt(r -> r.service().length()).max().orElse(7));
    String head = "%-" + w + "s  %-11s %11s %6s %9s %9s %12s %12s%n";
    out.printf(
        head,
        "SERVICE",
        "PACKAGE",
        "INVOCATIONS",
        "COLD",
        "THROTTLED",
        "P99MS^",
        "GB-S",
        "COST-USD");
    for (ServiceSummary r : serverless) {
      var f = r.serverless();
      boolean function = PackageRole.LAMBDA.is(r.packageName());
      out.printf(
          head,
          r.service(),
          r.packageName(),
          function ? Long.toString(f.invocations()) : "-",
          function ? Long.toString(f.coldStarts()) : "-",
          Long.toString(f.throttled()),
          String.format(Locale.ROOT, "%.1f", r.p99Ms()),
          function ? String.format(Locale.ROOT, "%.3f", f.gbSeconds()) : "-",
          function ? String.format(Locale.ROOT, "%.6f", f.costUsd()) : "-");
    }
    out.println(
        "(INVOCATIONS got an environment; COLD had to start one; THROTTLED answered 429; GB-S"
            + " billed duration, rounded up to 1 ms, × memory; COST-USD at the function's prices)");
  }

  /** Whether any service is a function, gateway or table. */
  public static boolean hasServerless(List<ServiceSummary> rows) {
    return !serverless(rows).isEmpty();
  }

  private static List<ServiceSummary> serverless(List<ServiceSummary> rows) {
    return rows.stream()
        .filter(
            r ->
                PackageRole.of(r.packageName())
                    .map(p -> THROTTLING.contains(p.behaviour()))
                    .orElse(false))
        .toList();
  }

  private static final Set<PackageRole.Behaviour> THROTTLING =
      EnumSet.of(
          PackageRole.Behaviour.FUNCTION,
          PackageRole.Behaviour.GATEWAY,
          PackageRole.Behaviour.TABLE);

  public static void printTable(List<ServiceSummary> rows, PrintStream out) {
    int w = Math.max(7, rows.stream().mapToInt(r -> r.service().length()).max().orElse(7));
    String head = "%-" + w + "s  %-14s %9s %9s %7s %9s %9s %8s %8s %8s %8s%n";
    String row = "%-" + w + "s  %-14s %9s %9d %7d %9.1f %9.1f %8d %8d %8d %8d%n";
    out.printf(
        head,
        "SERVICE",
        "PACKAGE",
        "INSTANCES",
        "REQUESTS",
        "ERRORS",
        "P50MS~",
        "P99MS^",
        "RETRIES",
        "TIMEOUTS",
        "BUDGET",
        "CB-OPEN");
    for (ServiceSummary r : rows) {
      out.printf(
          row,
          r.service(),
          r.packageName(),
          r.running() == r.instances()
              ? String.valueOf(r.instances())
              : r.running() + "/" + r.instances(),
          r.requests(),
          r.errors(),
          r.p50Ms(),
          r.p99Ms(),
          r.retries(),
          r.timeouts(),
          r.budgetExhausted(),
          r.circuitOpen());
    }
    out.println(
        "(P50MS~ request-weighted mean of instance medians; P99MS^ worst instance p99;"
            + " BUDGET requests failed fast with their deadline spent; instances running/started)");
  }
}
