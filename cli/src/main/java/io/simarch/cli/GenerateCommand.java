package io.simarch.cli;

import io.simarch.api.model.ArchitectureFiles;
import io.simarch.api.model.Defaults;
import io.simarch.api.model.Generator;
import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(
    name = "generate",
    mixinStandardHelpOptions = true,
    description = {
      "Write a generated SimulatedArchitecture YAML, on stdout or into --output: a denominator"
          + " root, then spigo's roles by tier (elb, zuul, karyon tiers, staash, stores with"
          + " replication), counts and call policies drawn from --seed. The same arguments give"
          + " the same file. Valid up to "
          + Generator.MAX_SERVICES
          + " services.",
      "Call policies: a deadline budget on every call, timeouts shrinking towards the data tier,"
          + " failover retries on at most three tiers (simarch analyze has nothing to warn)."
    })
final class GenerateCommand implements Callable<Integer> {
  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Option(names = "--services", paramLabel = "N", required = true, description = "services in all")
  int services;

  @Option(
      names = "--depth",
      paramLabel = "D",
      defaultValue = "0",
      description =
          "tiers below the root (default: the fewest that hold N at this fanout, at least 5 when"
              + " N allows)")
  int depth;

  @Option(
      names = "--fanout",
      paramLabel = "F",
      defaultValue = "" + Generator.DEFAULT_FANOUT,
      description =
          "services a service calls, and growth from tier to tier (default: ${DEFAULT-VALUE})")
  int fanout;

  @Option(
      names = "--shape",
      paramLabel = "SHAPE",
      defaultValue = "layered",
      description =
          "tree (one caller each), layered (up to F callees in the tier below) or mesh (layered,"
              + " some calls skipping tiers) (default: ${DEFAULT-VALUE})")
  String shape;

  @Option(
      names = "--regions",
      paramLabel = "R",
      defaultValue = "1",
      description = "regions every service runs in (default: ${DEFAULT-VALUE})")
  int regions;

  @Option(
      names = "--seed",
      paramLabel = "S",
      defaultValue = "" + Defaults.SEED,
      description =
          "draws counts, roles, extra calls and retries; also spec.seed (default: ${DEFAULT-VALUE})")
  long seed;

  @Option(
      names = "--name",
      paramLabel = "NAME",
      defaultValue = "generated",
      description = "metadata.name and spec.arch (default: ${DEFAULT-VALUE})")
  String name;

  @Option(
      names = {"-o", "--output"},
      paramLabel = "F",
      description = "write the YAML into F instead of stdout")
  Path output;

  @Override
  public Integer call() throws IOException {
    Generator.Options options;
    try {
      options =
          new Generator.Options(
              services, depth, fanout, Generator.Shape.of(shape), regions, seed, name);
    } catch (IllegalArgumentException e) {
      String message =
          e.getMessage().startsWith("No enum constant")
              ? "--shape is " + shape + ": must be tree, layered or mesh"
              : e.getMessage();
      throw new BadInputException("simarch generate: " + message);
    }
    String yaml = ArchitectureFiles.toYaml(Generator.generate(options));
    Outputs.write(spec, output, yaml);
    return Simarch.OK;
  }
}
