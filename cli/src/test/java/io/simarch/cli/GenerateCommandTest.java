package io.simarch.cli;

import static io.simarch.cli.SimarchCliTest.run;
import static org.assertj.core.api.Assertions.assertThat;

import io.simarch.api.model.ArchitectureFiles;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** simarch generate: determinism, a file every other command accepts, and bad options. */
class GenerateCommandTest {
  @Test
  void theSameArgumentsGiveTheSameBytes() {
    String[] args = {
      "generate", "--services", "300", "--shape", "mesh", "--regions", "2", "--seed", "9"
    };
    var first = run(args);
    var again = run(args);
    var otherSeed =
        run("generate", "--services", "300", "--shape", "mesh", "--regions", "2", "--seed", "10");

    assertThat(first.code()).isZero();
    assertThat(again.out()).isEqualTo(first.out());
    assertThat(otherSeed.out()).isNotEqualTo(first.out());
    assertThat(ArchitectureFiles.parse(first.out(), "stdout").problems()).isEmpty();
  }

  @ParameterizedTest(name = "{0} services, {1}")
  @CsvSource({"1, tree", "10, layered", "1000, mesh"})
  void theFilePassesValidateStrict(int n, String shape, @TempDir Path dir) throws Exception {
    Path f = dir.resolve("gen.yaml");

    var gen = run("generate", "--services", "" + n, "--shape", shape, "--output", f.toString());
    var validate = run("validate", "--strict", f.toString());

    assertThat(gen.code()).isZero();
    assertThat(gen.out()).isEmpty();
    assertThat(Files.readString(f)).contains("kind: SimulatedArchitecture");
    assertThat(validate.code()).as(validate.out() + validate.err()).isZero();
    assertThat(validate.out()).contains(f + ": valid").doesNotContain("warning");
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "--services 0 | --services is 0: must be 1 to 10000",
        "--services 5 --depth 9 | --depth is 9: must be 0 (automatic) to 4",
        "--services 5 --shape star | --shape is star: must be tree, layered or mesh",
        "--services 5 --fanout 0 | --fanout is 0: must be at least 1",
        "--services 5 --name Big_Name | --name is Big_Name"
      })
  void badOptionsExit2NamingTheOption(String args, String message) {
    var r = run(("generate " + args).split(" "));

    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err()).contains(message);
  }
}
