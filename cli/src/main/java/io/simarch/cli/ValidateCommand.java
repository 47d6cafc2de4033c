package io.simarch.cli;

import io.simarch.api.model.Problem;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(
    name = "validate",
    mixinStandardHelpOptions = true,
    description = {
      "Check architecture files and print every problem of each, with the field, the value and"
          + " the fix. Exit code 2 if any file has a problem.",
      "A valid file is then analysed for timeouts and retries (see simarch analyze): its warnings"
          + " are printed and leave the exit code 0, unless --strict."
    })
final class ValidateCommand implements Callable<Integer> {
  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Parameters(paramLabel = "FILE", arity = "1..*", description = "files to check")
  List<Path> files;

  @Option(names = "--strict", description = "exit 2 when a file has a warning, too")
  boolean strict;

  @Override
  public Integer call() {
    int bad = 0;
    var out = spec.commandLine().getOut();
    var err = spec.commandLine().getErr();
    for (Path f : files) {
      List<Problem> problems = Inputs.problems(f);
      if (problems.isEmpty()) {
        out.println(f + ": valid");
        bad += AnalyzeCommand.printWarnings(Inputs.load(f), out) > 0 && strict ? 1 : 0;
      } else {
        bad++;
        err.println(Inputs.report(f, problems));
      }
    }
    out.flush();
    err.flush();
    return bad == 0 ? Simarch.OK : Simarch.BAD_INPUT;
  }
}
