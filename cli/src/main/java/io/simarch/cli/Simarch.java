package io.simarch.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code simarch} command. Exit codes: 0 ok, 1 internal error, 2 bad input. */
@Command(
    name = "simarch",
    mixinStandardHelpOptions = true,
    versionProvider = Simarch.Version.class,
    description = {
      "Simulate microservice architectures: spigo's architecture files, run as real HTTP services.",
      "FILE is a SimulatedArchitecture YAML (apiVersion simarch.io/v1alpha1) or a spigo JSON."
    },
    subcommands = {
      RunCommand.class,
      VerifyCommand.class,
      StressCommand.class,
      RetryStormCommand.class,
      ValidateCommand.class,
      PlanCommand.class,
      GraphCommand.class,
      ConvertCommand.class,
      AnalyzeCommand.class,
      GenerateCommand.class,
      ImportCommand.class,
      UiCommand.class,
      CommandLine.HelpCommand.class
    },
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
      "0:success",
      "1:internal error",
      "2:bad input (messages on stderr)",
      "3:verify: the backend lost more than --max-loss"
    })
public final class Simarch implements Runnable {
  public static final int OK = 0;
  public static final int INTERNAL = 1;
  public static final int BAD_INPUT = 2;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    throw new CommandLine.ParameterException(spec.commandLine(), "a subcommand is required");
  }

  public static void main(String[] args) {
    // before any logger exists: the stub jar configures the pods' logging (LogConfigurator),
    // which steps aside for a configuration file
    if (System.getProperty("logback.configurationFile") == null) {
      System.setProperty("logback.configurationFile", "simarch-cli-logback.xml");
    }
    System.exit(execute(args));
  }

  /** Runs the command line and returns the exit code (tests call this). */
  public static int execute(String... args) {
    return commandLine().execute(args);
  }

  static CommandLine commandLine() {
    var cl = new CommandLine(new Simarch());
    cl.setExecutionExceptionHandler(
        (ex, cmd, parseResult) -> {
          if (ex instanceof BadInputException bad) {
            cmd.getErr().println(bad.getMessage());
            return BAD_INPUT;
          }
          if (ex instanceof VerifyCommand.BackendAnswerException backend) {
            cmd.getErr().println(backend.getMessage());
            return INTERNAL;
          }
          cmd.getErr().println("simarch: internal error: " + ex);
          ex.printStackTrace(cmd.getErr());
          return INTERNAL;
        });
    return cl;
  }

  /** Reads the version from the jar manifest. */
  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      String v = Simarch.class.getPackage().getImplementationVersion();
      return new String[] {"simarch " + (v == null ? "0.1.0-SNAPSHOT" : v)};
    }
  }
}
