package io.simarch.cli;

import io.simarch.api.model.ArchitectureFiles;
import io.simarch.api.model.TimeoutAnalysis;
import io.simarch.api.v1alpha1.SimulatedArchitecture;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(
    name = "analyze",
    mixinStandardHelpOptions = true,
    description = {
      "Check timeouts and retries before running: per root-to-leaf path, how long the root waits"
          + " when the path's leaf stops answering (timeouts × attempts, budgets applied) and how"
          + " many calls reach each tier per request (retry amplification); then the warnings"
          + " (simarch validate prints the same) and what would fix the worst path.",
      "The rules are in docs/call-policies.md. -o json prints the whole report for scripts."
    })
final class AnalyzeCommand implements Callable<Integer> {
  enum Format {
    table,
    json
  }

  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Parameters(paramLabel = "FILE", description = "spigo JSON or SimulatedArchitecture YAML")
  Path file;

  @Mixin TopologyOptions topology;

  @Option(
      names = {"-o", "--output"},
      paramLabel = "FORMAT",
      defaultValue = "table",
      description = "table or json (default: ${DEFAULT-VALUE})")
  Format format;

  @Option(
      names = "--max-amplification",
      paramLabel = "N",
      defaultValue = "" + TimeoutAnalysis.MAX_AMPLIFICATION,
      description =
          "warn when more calls than N reach a tier per request (default: ${DEFAULT-VALUE})")
  int maxAmplification;

  @Option(
      names = "--paths",
      paramLabel = "N",
      defaultValue = "20",
      description = "table rows: the N worst paths (default: ${DEFAULT-VALUE})")
  int paths;

  @Override
  public Integer call() throws Exception {
    if (maxAmplification < 1 || paths < 1) {
      throw new BadInputException(
          "--max-amplification and --paths must be at least 1; got "
              + maxAmplification
              + " and "
              + paths);
    }
    var resource = Inputs.load(file, topology.scale, topology.regions);
    var report =
        TimeoutAnalysis.analyze(
            resource.getMetadata().getName(), resource.getSpec(), maxAmplification);
    PrintWriter out = spec.commandLine().getOut();
    if (format == Format.json) {
      out.println(
          ArchitectureFiles.json().writerWithDefaultPrettyPrinter().writeValueAsString(report));
    } else {
      printTable(report, out);
    }
    out.flush();
    return Simarch.OK;
  }

  void printTable(TimeoutAnalysis.Report report, PrintWriter out) {
    int n = report.paths().size();
    out.printf(
        "%s: root %s, %d%s root-to-leaf %s; worst case = the path's leaf stops answering%n%n",
        report.arch(),
        report.root(),
        n,
        report.truncated() ? "+ (only the first " + n + " examined)" : "",
        n == 1 ? "path" : "paths");
    List<TimeoutAnalysis.PathReport> shown = report.paths().subList(0, Math.min(paths, n));
    int w = 4;
    for (var p : shown) {
      w = Math.max(w, String.join(" → ", p.services()).length());
    }
    String row = "%-" + w + "s  %10s  %s%n";
    out.printf(row, "PATH", "WORST CASE", "CALLS PER REQUEST BY TIER");
    for (var p : shown) {
      out.printf(
          row,
          String.join(" → ", p.services()),
          p.worstCaseMs() + "ms",
          p.tiers().stream()
              .skip(1)
              .map(t -> t.service() + " " + t.amplification())
              .collect(Collectors.joining(", ")));
    }
    if (shown.size() < n) {
      out.printf("… %d more (--paths)%n", n - shown.size());
    }
    if (!shown.isEmpty() && shown.get(0).tiers().size() > 1) {
      var worst = shown.get(0);
      out.printf("%nCALLS ON THE WORST PATH%n");
      for (var t : worst.tiers().subList(1, worst.tiers().size())) {
        out.printf("  → %-20s %s%n", t.service(), t.call());
      }
    }
    out.printf("%n");
    printWarnings(report.warnings(), out);
    if (!report.fixes().isEmpty()) {
      out.printf(
          "%nto fix the worst path (%s):%n",
          n == 0 ? "" : String.join(" → ", report.paths().get(0).services()));
      for (String f : report.fixes()) {
        out.printf("  - %s%n", f);
      }
    }
  }

  /** The warnings of a valid architecture, as validate and analyze print them; their count. */
  static int printWarnings(SimulatedArchitecture resource, PrintWriter out) {
    var warnings = TimeoutAnalysis.warnings(resource.getMetadata().getName(), resource.getSpec());
    if (!warnings.isEmpty()) {
      printWarnings(warnings, out);
    }
    return warnings.size();
  }

  private static void printWarnings(List<TimeoutAnalysis.Warning> warnings, PrintWriter out) {
    if (warnings.isEmpty()) {
      out.println("no warnings");
      return;
    }
    out.printf("%d %s:%n", warnings.size(), warnings.size() == 1 ? "warning" : "warnings");
    for (var w : warnings) {
      out.printf("  warning (%s): %s%n", w.rule(), w);
    }
  }
}
