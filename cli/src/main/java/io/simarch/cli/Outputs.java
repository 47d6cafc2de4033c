package io.simarch.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.Model.CommandSpec;

/** Where a subcommand's text goes: its --output file, or stdout. */
final class Outputs {
  private Outputs() {}

  static void write(CommandSpec spec, Path output, String text) throws IOException {
    if (output == null) {
      spec.commandLine().getOut().print(text);
      spec.commandLine().getOut().flush();
    } else {
      Files.writeString(output, text);
    }
  }
}
