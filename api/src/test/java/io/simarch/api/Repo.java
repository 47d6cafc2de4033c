package io.simarch.api;

import java.nio.file.Files;
import java.nio.file.Path;

/** Paths inside the repository, for tests that read real files. */
public final class Repo {
  private Repo() {}

  public static Path root() {
    String p = System.getProperty("simarch.repo");
    Path start = p != null ? Path.of(p) : Path.of("").toAbsolutePath();
    for (Path d = start.toAbsolutePath(); d != null; d = d.getParent()) {
      if (Files.isDirectory(d.resolve("examples")) && Files.exists(d.resolve("pom.xml"))) {
        return d;
      }
    }
    throw new IllegalStateException("repository root not found above " + start);
  }

  /** spigo's architecture files as spigo shipped them, {@code examples/spigo-json}. */
  public static Path spigoArch() {
    return root().resolve("examples").resolve("spigo-json");
  }
}
