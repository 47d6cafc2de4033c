package io.simarch.cli;

import io.simarch.api.model.Problem;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(
    name = "validate",
    mixinStandardHelpOptions = true,
    description = {
      "Check architecture files and print every problem of each, with the field, the value and"
          + " the fix. Exit code 2 if any file has a problem."
    })
final class ValidateCommand implements Callable<Integer> {
  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Parameters(paramLabel = "FILE", arity = "1..*", description = "files to check")
  List<Path> files;

  @Override
  public Integer call() {
    int bad = 0;
    var out = spec.commandLine().getOut();
    var err = spec.commandLine().getErr();
    for (Path f : files) {
      List<Problem> problems = Inputs.problems(f);
      if (problems.isEmpty()) {
        out.println(f + ": valid");
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
