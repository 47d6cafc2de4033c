package io.simarch.operator.testing;

import io.simarch.api.model.ArchitectureFiles;
import io.simarch.api.model.Defaults;
import io.simarch.api.model.Generator;
import io.simarch.api.v1alpha1.ServiceSpec;
import io.simarch.api.v1alpha1.SimulatedArchitecture;
import io.simarch.api.v1alpha1.SimulatedArchitectureSpec;
import io.simarch.operator.OperatorSettings;
import io.simarch.operator.architecture.desired.DesiredArchitecture;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/** Architectures for tests, built in code or read from the repository's examples. */
public final class Architectures {
  public static final String NAMESPACE = "sim";
  public static final String UID = "0b1c2d3e-0000-4000-8000-000000000001";

  private Architectures() {}

  /** spigo's LAMP stack, as examples/lamp.yaml has it (without the chaos and call policy). */
  public static SimulatedArchitecture lamp() {
    return of(
        "lamp",
        new ServiceSpec("rds-mysql", "store", 2, 1, "rds-mysql"),
        new ServiceSpec("memcache", "store", 1, 1),
        new ServiceSpec("webserver", "monolith", 18, 1, "memcache", "rds-mysql"),
        new ServiceSpec("webserver-elb", "elb", 0, 1, "webserver"),
        new ServiceSpec("www", "denominator", 0, 0, "webserver-elb"));
  }

  public static SimulatedArchitecture of(String name, ServiceSpec... services) {
    var spec = new SimulatedArchitectureSpec();
    spec.setServices(new ArrayList<>(List.of(services)));
    return of(name, spec);
  }

  private static SimulatedArchitecture of(String name, SimulatedArchitectureSpec spec) {
    var resource = new SimulatedArchitecture(name, spec);
    resource.getMetadata().setNamespace(NAMESPACE);
    resource.getMetadata().setUid(UID);
    resource.getMetadata().setGeneration(1L);
    return resource;
  }

  public static SimulatedArchitecture with(
      SimulatedArchitecture resource, Consumer<SimulatedArchitectureSpec> change) {
    change.accept(resource.getSpec());
    return resource;
  }

  public static DesiredArchitecture desired(SimulatedArchitecture resource) {
    return DesiredArchitecture.of(resource, OperatorSettings.defaults());
  }

  /** An example file of the repository, e.g. {@code examples/migration/step-1.yaml}. */
  public static SimulatedArchitecture example(String relative) {
    var loaded = ArchitectureFiles.load(repo().resolve(relative));
    if (!loaded.ok()) {
      throw new IllegalStateException(relative + ": " + loaded.problems());
    }
    return loaded.resource();
  }

  /**
   * The architecture {@code simarch generate --services n --name name} writes (the generator's
   * defaults: layered, fanout 3, one region, seed 1), in this class's namespace.
   */
  public static SimulatedArchitecture generated(String name, int n) {
    var options =
        new Generator.Options(
            n, 0, Generator.DEFAULT_FANOUT, Generator.Shape.LAYERED, 1, Defaults.SEED, name);
    var resource = Generator.generate(options);
    return of(name, resource.getSpec());
  }

  public static Path repo() {
    String dir = System.getProperty("simarch.repo");
    Path p = dir != null ? Path.of(dir) : Path.of("").toAbsolutePath();
    while (p != null && !p.resolve("examples").toFile().isDirectory()) {
      p = p.getParent();
    }
    if (p == null) {
      throw new IllegalStateException("cannot find the repository root (no examples/ above)");
    }
    return p;
  }
}
