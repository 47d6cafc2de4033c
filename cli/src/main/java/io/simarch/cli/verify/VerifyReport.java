package io.simarch.cli.verify;

import java.io.PrintWriter;
import java.util.List;

/**
 * What a backend kept of a run's truth. Loss is the share of expected spans missing from the
 * checked traces that no chaos kill explains.
 *
 * @param traces sampled traces in the truth
 * @param checked traces looked up (all of them, or a uniform sample)
 * @param complete checked traces with every expected span found (at least the lower bound)
 * @param incomplete checked traces with some spans found, not all
 * @param missing checked traces the backend does not know
 * @param chaos checked traces a chaos kill cut short (apart from the counts above)
 * @param chaosSpansMissing expected spans of those traces not found
 */
public record VerifyReport(
    String backend,
    long traces,
    long checked,
    long complete,
    long incomplete,
    long missing,
    long chaos,
    long spansExpected,
    long spansFound,
    long spansMissing,
    long spansDuplicated,
    long spansOrphaned,
    long spansWrongParent,
    long lowerBoundTraces,
    long chaosSpansMissing,
    List<Edge> edges,
    Sender sender,
    Lag lag,
    double lossPercent,
    double maxLossPercent,
    boolean passed) {

  /**
   * A service edge: client spans (attempts) in the truth, calls in the backend's dependency links.
   */
  public record Edge(String parent, String child, long truthCalls, long backendCalls) {
    public String state() {
      if (backendCalls == 0) {
        return "missing";
      }
      if (truthCalls == 0) {
        return "unexpected";
      }
      return backendCalls == truthCalls ? "ok" : "differs";
    }
  }

  /** What simarch's own exporter reported during the run. */
  public record Sender(long exported, long failed, long dropped) {}

  public record Lag(long probed, long found, double p50Ms, double p99Ms) {}

  public void printTable(PrintWriter out) {
    out.printf("backend   %s%n", backend);
    out.printf(
        "traces    sent %d, checked %d: complete %d, incomplete %d, missing %d%s%n",
        traces,
        checked,
        complete,
        incomplete,
        missing,
        chaos == 0 ? "" : ", cut by chaos " + chaos + " (apart)");
    out.printf(
        "spans     expected %d, found %d, missing %d, duplicated %d, orphaned %d, wrong parent %d%n",
        spansExpected, spansFound, spansMissing, spansDuplicated, spansOrphaned, spansWrongParent);
    if (lowerBoundTraces > 0 || chaos > 0) {
      out.printf(
          "          %d traces with a lower-bound count; %d spans missing from chaos-cut traces%n",
          lowerBoundTraces, chaosSpansMissing);
    }
    out.printf(
        "sender    exported %d, failed to export %d, dropped in simarch's queue %d%n",
        sender.exported(), sender.failed(), sender.dropped());
    if (lag == null) {
      out.println("lag       not measured (record with `simarch run --zipkin URL --truth F`)");
    } else {
      out.printf(
          "lag       p50 %.0f ms, p99 %.0f ms (%d of %d probed traces found)%n",
          lag.p50Ms(), lag.p99Ms(), lag.found(), lag.probed());
    }
    out.println();
    out.printf("%-40s %10s %10s  %s%n", "EDGE", "TRUTH", "BACKEND", "STATE");
    for (Edge e : edges) {
      out.printf(
          "%-40s %10d %10d  %s%n",
          e.parent() + " -> " + e.child(), e.truthCalls(), e.backendCalls(), e.state());
    }
    out.println();
    out.printf(
        "loss      %.3f%% of spans (max %.3f%%): %s%n",
        lossPercent, maxLossPercent, passed ? "PASS" : "FAIL");
  }
}
