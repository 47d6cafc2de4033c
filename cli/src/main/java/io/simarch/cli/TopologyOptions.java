package io.simarch.cli;

import picocli.CommandLine.Option;

/** spigo's -p and -w, shared by every subcommand that expands an architecture. */
final class TopologyOptions {
  @Option(
      names = "--scale",
      paramLabel = "P",
      description = "scale percent, spigo's -p (default: the file's, else 100)")
  Integer scale;

  @Option(
      names = "--regions",
      paramLabel = "N",
      description = "regions to replicate into, spigo's -w (default: the file's, else 1)")
  Integer regions;
}
