package io.simarch.cli.run;

import io.simarch.stub.local.InstanceStats;
import java.io.PrintStream;
import java.util.List;

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
    long zoneFallbacks) {

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
    for (InstanceStats s : stats) {
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
        fallbacks);
  }

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
