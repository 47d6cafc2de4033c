package io.simarch.cli.verify;

import java.io.PrintWriter;
import java.util.List;

/**
 * What a Prometheus kept of a run's request and error counts, against the truth. Loss is the share
 * of the truth's counts missing from series that fell short by more than their tolerance, or the
 * share of the run's time its scrapes did not cover, whichever is larger.
 *
 * @param scrapeIntervalS the interval seen between the root's samples (0 when fewer than two)
 * @param coveredFromS seconds from the run's start to its first sample (the root's series)
 * @param coveredToS seconds from the run's start to its last sample
 * @param allowedGapS how far from the run's start and end the first and last samples may be
 */
public record MetricsReport(
    String backend,
    String selector,
    double runSeconds,
    long samples,
    double scrapeIntervalS,
    double coveredFromS,
    double coveredToS,
    double allowedGapS,
    List<Row> rows,
    long lowerBoundTraces,
    double lossPercent,
    double maxLossPercent,
    boolean passed) {

  /**
   * One count: the truth's against the backend's.
   *
   * @param subject a service, or {@code caller>callee}
   * @param what {@code traffic requests}, {@code requests}, {@code attempts}, ...
   * @param tolerance how far the backend's count may fall short (the last scrape comes before the
   *     run's end)
   */
  public record Row(
      String subject, String what, String query, long truth, long backend, long tolerance) {
    public String state() {
      if (backend < truth - tolerance) {
        return "short";
      }
      // a trace whose count is a lower bound may have spans, hence requests, the truth never saw
      return backend > truth + tolerance ? "over" : "ok";
    }
  }

  public void printTable(PrintWriter out) {
    out.printf("backend   %s%n", backend);
    out.printf("series    %s%n", selector);
    if (samples < 2) {
      out.printf(
          "scrapes   %d sample(s) of the root's traffic counter in the run's %.1f s: not enough to"
              + " tell what was kept%n",
          samples, runSeconds);
    } else {
      out.printf(
          "scrapes   every %.1f s, %d samples from %+.1f s to %+.1f s of the run's %.1f s (a gap of"
              + " %.1f s at either end is normal)%n",
          scrapeIntervalS, samples, coveredFromS, coveredToS, runSeconds, allowedGapS);
    }
    if (lowerBoundTraces > 0) {
      out.printf(
          "          %d traces with a lower-bound count: the truth's counts may be short, the"
              + " backend's over%n",
          lowerBoundTraces);
    }
    out.println();
    out.printf(
        "%-40s %-16s %10s %10s %7s  %s%n", "SUBJECT", "COUNT", "TRUTH", "BACKEND", "±", "STATE");
    for (Row r : rows) {
      out.printf(
          "%-40s %-16s %10d %10d %7d  %s%n",
          r.subject(), r.what(), r.truth(), r.backend(), r.tolerance(), r.state());
    }
    out.println();
    out.printf(
        "loss      %.3f%% (max %.3f%%): %s%n",
        lossPercent, maxLossPercent, passed ? "PASS" : "FAIL");
  }
}
