package io.simarch.cli;

import io.simarch.api.model.ArchitectureFiles;
import io.simarch.api.model.ArchitectureValidator;
import io.simarch.api.model.Problem;
import io.simarch.api.v1alpha1.SimulatedArchitecture;
import io.simarch.api.v1alpha1.TopologySpec;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Loading and validating the FILE argument, the same way for every subcommand. */
final class Inputs {
  private Inputs() {}

  /** Every problem of one file: reading, then validation. */
  static List<Problem> problems(Path file) {
    var loaded = ArchitectureFiles.load(file);
    if (!loaded.problems().isEmpty()) {
      return loaded.problems();
    }
    return ArchitectureValidator.validate(loaded.resource());
  }

  /**
   * The valid architecture in {@code file}, or a {@link BadInputException} listing every problem.
   */
  static SimulatedArchitecture load(Path file) {
    return load(file, null, null);
  }

  /**
   * As {@link #load(Path)}, with the command line's --scale and --regions written into the spec
   * first, so that they are validated (and reported) like the file's own values.
   */
  static SimulatedArchitecture load(Path file, Integer scale, Integer regions) {
    var loaded = ArchitectureFiles.load(file);
    List<Problem> problems = new ArrayList<>(loaded.problems());
    if (problems.isEmpty()) {
      applyOverrides(loaded.resource(), scale, regions);
      problems.addAll(ArchitectureValidator.validate(loaded.resource()));
    }
    if (!problems.isEmpty()) {
      throw new BadInputException(report(file, problems));
    }
    return loaded.resource();
  }

  /** Writes --scale and --regions into the spec, where validation and planning see them. */
  static void applyOverrides(SimulatedArchitecture resource, Integer scale, Integer regions) {
    var spec = resource.getSpec();
    if (scale != null) {
      spec.setScale(scale);
    }
    if (regions != null) {
      if (spec.getTopology() == null) {
        spec.setTopology(new TopologySpec());
      }
      spec.getTopology().setReplicateRegions(regions);
    }
  }

  static String report(Path file, List<Problem> problems) {
    var sb = new StringBuilder();
    sb.append(file)
        .append(": ")
        .append(problems.size())
        .append(problems.size() == 1 ? " problem" : " problems");
    for (Problem p : problems) {
      sb.append("\n  ").append(p);
    }
    return sb.toString();
  }
}
