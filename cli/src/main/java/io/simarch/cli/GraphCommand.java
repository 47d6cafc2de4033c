package io.simarch.cli;

import io.simarch.api.model.Dot;
import io.simarch.api.model.GraphJson;
import io.simarch.api.model.Planner;
import java.nio.file.Path;
import java.time.Instant;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(
    name = "graph",
    mixinStandardHelpOptions = true,
    description = {
      "Print the architecture's graph: Graphviz DOT (services) or spigo's GraphJSON (instances"
          + " and the edges they route over), which simianviz's D3 page reads."
    })
final class GraphCommand implements Callable<Integer> {
  enum Format {
    dot,
    graphjson
  }

  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Parameters(paramLabel = "FILE", description = "spigo JSON or SimulatedArchitecture YAML")
  Path file;

  @Option(
      names = "--format",
      paramLabel = "FORMAT",
      defaultValue = "dot",
      description = "dot or graphjson (default: ${DEFAULT-VALUE})")
  Format format;

  @Mixin TopologyOptions topology;

  @Option(
      names = {"-o", "--output"},
      paramLabel = "F",
      description = "write into F instead of stdout")
  Path output;

  @Override
  public Integer call() throws Exception {
    var resource = Inputs.load(file, topology.scale, topology.regions);
    var plan = Planner.plan(resource.getMetadata().getName(), resource.getSpec());
    String text =
        format == Format.dot
            ? Dot.of(plan)
            : GraphJson.of(plan, "[simarch graph " + file + "]", Instant.now()).toJson() + "\n";
    Outputs.write(spec, output, text);
    return Simarch.OK;
  }
}
