package io.simarch.cli;

import io.simarch.cli.run.RetryStorm;
import io.simarch.cli.run.RunLog;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(
    name = "retry-storm",
    mixinStandardHelpOptions = true,
    description = {
      "The talk's retry-storm experiment: run every architecture variant in DIR with the same"
          + " seed, traffic and fault (the first instance of the data tier stops answering at"
          + " --fault-at) and print, per variant: the edge's success rate, its p50/p99 before and"
          + " during the fault, requests reaching each tier per edge request, and retries sent to"
          + " the failed instance.",
      "Variants named bad-config, budgeted and failover come first, in that order."
    })
final class RetryStormCommand implements Callable<Integer> {
  private static final List<String> ORDER = List.of("bad-config", "budgeted", "failover");

  @Parameters(
      paramLabel = "DIR",
      arity = "0..1",
      defaultValue = "examples/retry-storm",
      description = "directory of variant YAML files (default: ${DEFAULT-VALUE})")
  Path dir;

  @Option(
      names = "--warmup",
      paramLabel = "D",
      defaultValue = "3s",
      description = "traffic before measuring, not counted (default: ${DEFAULT-VALUE})")
  String warmup;

  @Option(
      names = {"-d", "--duration"},
      paramLabel = "D",
      defaultValue = "20s",
      description =
          "measured run time of each variant, after the warm-up (default: ${DEFAULT-VALUE})")
  String duration;

  @Option(
      names = "--fault-at",
      paramLabel = "D",
      defaultValue = "8s",
      description =
          "when, within --duration, the data instance stops answering (default: ${DEFAULT-VALUE})")
  String faultAt;

  @Option(
      names = "--seed",
      paramLabel = "N",
      defaultValue = "42",
      description = "seed for every variant (default: ${DEFAULT-VALUE})")
  long seed;

  @Option(
      names = "--fault-service",
      paramLabel = "SERVICE",
      description =
          "the service whose first instance fails (default: the data tier, the service that calls no other)")
  String faultService;

  @Override
  public Integer call() throws Exception {
    var d = RunCommand.parseDuration("--duration", duration);
    var f = RunCommand.parseDuration("--fault-at", faultAt);
    if (f.isZero() || f.compareTo(d) >= 0) {
      throw new BadInputException(
          "--fault-at " + faultAt + " must fall inside --duration " + duration);
    }
    var files = variants(dir);
    var log = new RunLog(System.out);
    var storm =
        new RetryStorm(RunCommand.parseDuration("--warmup", warmup), d, f, seed, faultService, log);
    var rows = new ArrayList<RetryStorm.Row>();
    for (Path file : files) {
      var arch = Inputs.load(file);
      rows.add(storm.run(variantName(file), arch));
    }
    System.out.println();
    System.out.printf(
        "retry storm: %s per variant, fault at %s, seed %d%n", duration, faultAt, seed);
    RetryStorm.printTable(rows, System.out);
    return Simarch.OK;
  }

  static List<Path> variants(Path dir) throws IOException {
    if (!Files.isDirectory(dir)) {
      throw new BadInputException(
          dir
              + ": no such directory; fix: give the directory of the variants, e.g. examples/retry-storm");
    }
    try (var s = Files.list(dir)) {
      var files =
          s.filter(p -> p.toString().endsWith(".yaml"))
              .sorted(Comparator.comparing(RetryStormCommand::rank).thenComparing(Path::toString))
              .toList();
      if (files.isEmpty()) {
        throw new BadInputException(dir + ": holds no .yaml variant");
      }
      return files;
    }
  }

  private static int rank(Path p) {
    int i = ORDER.indexOf(variantName(p));
    return i < 0 ? ORDER.size() : i;
  }

  static String variantName(Path p) {
    String n = p.getFileName().toString();
    return n.substring(0, n.length() - ".yaml".length());
  }
}
