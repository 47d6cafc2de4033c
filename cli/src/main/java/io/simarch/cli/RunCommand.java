package io.simarch.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

@Command(
    name = "run",
    mixinStandardHelpOptions = true,
    description = {
      "Run an architecture on this machine: every instance a real HTTP stub on loopback."
    })
final class RunCommand implements Callable<Integer> {
  @Override
  public Integer call() {
    throw new BadInputException("simarch run: not in this build yet");
  }
}
