package io.simarch.cli;

import io.simarch.api.model.ArchitectureFiles;
import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(
    name = "convert",
    mixinStandardHelpOptions = true,
    description = {
      "Convert a spigo architecture JSON (or a SimulatedArchitecture) into SimulatedArchitecture"
          + " YAML, on stdout or into --output.",
      "The architecture is validated first; nothing is written when it is invalid."
    })
final class ConvertCommand implements Callable<Integer> {
  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Parameters(paramLabel = "FILE", description = "spigo JSON or SimulatedArchitecture YAML")
  Path file;

  @Option(
      names = {"-o", "--output"},
      paramLabel = "F",
      description = "write the YAML into F instead of stdout")
  Path output;

  @Option(names = "--namespace", paramLabel = "NS", description = "set metadata.namespace")
  String namespace;

  @Override
  public Integer call() throws IOException {
    var resource = Inputs.load(file);
    if (namespace != null) {
      resource.getMetadata().setNamespace(namespace);
    }
    String yaml = ArchitectureFiles.toYaml(resource);
    Outputs.write(spec, output, yaml);
    return Simarch.OK;
  }
}
