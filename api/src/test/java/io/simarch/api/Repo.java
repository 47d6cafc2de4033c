package io.simarch.api;

import java.nio.file.Files;
import java.nio.file.Path;

/** Paths of the repository and of shared/ beside it, for tests that read real files. */
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

  /** spigo's architecture files, {@code ../shared/spigo-arch} beside the checkout. */
  public static Path spigoArch() {
    Path d = root().resolveSibling("shared").resolve("spigo-arch");
    if (!Files.isDirectory(d)) {
      throw new IllegalStateException(d + " is missing: the tests read spigo's files from shared/");
    }
    return d;
  }
}
