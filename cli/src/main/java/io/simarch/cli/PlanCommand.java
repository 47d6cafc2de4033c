package io.simarch.cli;

import io.simarch.api.model.ArchitectureFiles;
import io.simarch.api.model.Plan;
import io.simarch.api.model.Planner;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(
    name = "plan",
    mixinStandardHelpOptions = true,
    description = {
      "Print the resolved plan: every instance (spigo node name, service, package, region, zone)"
          + " and every service edge.",
      "-o json prints one object {arch, scale, replicateRegions, root, services, instances, edges}"
          + " for scripts."
    })
final class PlanCommand implements Callable<Integer> {
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

  @Override
  public Integer call() throws Exception {
    var resource = Inputs.load(file, topology.scale, topology.regions);
    Plan plan = Planner.plan(resource.getMetadata().getName(), resource.getSpec());
    PrintWriter out = spec.commandLine().getOut();
    if (format == Format.json) {
      out.println(
          ArchitectureFiles.json().writerWithDefaultPrettyPrinter().writeValueAsString(plan));
    } else {
      printTable(plan, out);
    }
    out.flush();
    return Simarch.OK;
  }

  static void printTable(Plan plan, PrintWriter out) {
    out.printf(
        "architecture %s: %d services, %d instances, %d edges, scale %d%%, regions ×%d, root %s%n%n",
        plan.arch(),
        plan.services().size(),
        plan.instances().size(),
        plan.edges().size(),
        plan.scale(),
        plan.replicateRegions(),
        plan.root());
    int w = Math.max(4, plan.instances().stream().mapToInt(i -> i.name().length()).max().orElse(4));
    String row = "%-" + w + "s  %-20s  %-15s  %-15s  %s%n";
    out.printf(row, "NODE", "SERVICE", "PACKAGE", "REGION", "ZONE");
    for (Plan.Instance i : plan.instances()) {
      out.printf(row, i.name(), i.service(), i.packageName(), i.region(), i.zone());
    }
    out.printf("%nEDGES%n");
    for (Plan.Edge e : plan.edges()) {
      out.printf(
          "  %s -> %s%s%n", e.from(), e.to(), e.from().equals(e.to()) ? "  (replication)" : "");
    }
  }
}
