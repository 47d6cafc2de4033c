package io.simarch.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.simarch.api.model.ArchitectureFiles;
import io.simarch.api.model.ArchitectureValidator;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Every example architecture parses strictly (unknown fields fail), validates and round-trips. */
class ExamplesTest {
  static Stream<Path> examples() throws IOException {
    try (var files = Files.walk(Repo.root().resolve("examples"))) {
      // examples/rbac holds the Roles the CLI's cluster commands need, not architectures
      Path rbac = Repo.root().resolve("examples/rbac");
      return files
          .filter(f -> f.toString().endsWith(".yaml") && !f.startsWith(rbac))
          .sorted()
          .toList()
          .stream();
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("examples")
  void loadsValidatesAndRoundTrips(Path example) {
    var loaded = ArchitectureFiles.load(example);

    assertThat(loaded.problems()).isEmpty();
    assertThat(loaded.format()).isEqualTo(ArchitectureFiles.Format.RESOURCE);
    assertThat(ArchitectureValidator.validate(loaded.resource())).isEmpty();
    String yaml = ArchitectureFiles.toYaml(loaded.resource());
    var again = ArchitectureFiles.parse(yaml, example + " (round trip)");
    assertThat(again.problems()).isEmpty();
    assertThat(ArchitectureFiles.toYaml(again.resource())).isEqualTo(yaml);
  }

  @Test
  void theMigrationHasTenStepsEndingInThreeConnectedRegions() {
    var steps =
        java.util.stream.IntStream.range(0, 10)
            .mapToObj(i -> Repo.root().resolve("examples/migration/step-" + i + ".yaml"))
            .map(ArchitectureFiles::load)
            .toList();

    assertThat(steps).allSatisfy(s -> assertThat(s.ok()).isTrue());
    assertThat(steps.get(0).resource().getSpec().getServices())
        .extracting(s -> s.getName())
        .containsExactly("rds-mysql", "php", "www-elb", "www");
    var last = steps.get(9).resource().getSpec();
    assertThat(last.getTopology().getReplicateRegions()).isEqualTo(3);
    assertThat(last.getServices().get(0).getDependencies()).contains("eureka");
  }

  @Test
  void theTalksLampNamesTheWebserverAsVictim() {
    var lamp = ArchitectureFiles.load(Repo.root().resolve("examples/lamp.yaml")).resource();

    assertThat(lamp.getSpec().getVictim()).isEqualTo("webserver");
  }
}
