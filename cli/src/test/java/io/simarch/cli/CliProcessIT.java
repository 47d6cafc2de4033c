package io.simarch.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** bin/simarch as a user runs it: a real process, its output and its exit code. */
class CliProcessIT {
  record Run(int code, String out, String err) {}

  static Run simarch(String... args) throws IOException, InterruptedException {
    Path launcher = SimarchCliTest.repo().resolve("bin/simarch");
    var cmd = new ArrayList<String>(List.of(launcher.toString()));
    cmd.addAll(List.of(args));
    var pb = new ProcessBuilder(cmd).directory(SimarchCliTest.repo().toFile());
    Path out = Files.createTempFile("simarch", ".out");
    Path err = Files.createTempFile("simarch", ".err");
    pb.redirectOutput(out.toFile()).redirectError(err.toFile());
    try {
      Process p = pb.start();
      boolean ended = p.waitFor(90, TimeUnit.SECONDS);
      if (!ended) {
        p.destroyForcibly();
      }
      assertThat(ended).as("simarch %s ended", String.join(" ", args)).isTrue();
      assertThat(p.descendants().filter(ProcessHandle::isAlive))
          .as("processes left behind")
          .isEmpty();
      return new Run(
          p.exitValue(),
          Files.readString(out, StandardCharsets.UTF_8),
          Files.readString(err, StandardCharsets.UTF_8));
    } finally {
      // a user's mvn verify leaves nothing behind in their temp dir
      Files.deleteIfExists(out);
      Files.deleteIfExists(err);
    }
  }

  @Test
  void runsTheEmbeddedDefaultAndPrintsASummary() throws Exception {
    var r = simarch("run", "--duration", "3s");

    assertThat(r.code()).as(r.err()).isZero();
    assertThat(r.out())
        .contains("Starting: {webserver monolith 1 18 [memcache, rds-mysql]}")
        .contains("warming up: traffic ramps to the full rate over 10000 ms, not counted")
        .contains("warm after")
        .contains("chaosmonkey delete: lamp.")
        .contains("shutdown")
        .contains("spigo: complete")
        .contains("SERVICE")
        .containsPattern("webserver\\s+monolith\\s+17/18");
  }

  @Test
  void aUiPortInUseIsBadInput() throws Exception {
    try (var taken = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      String port = String.valueOf(taken.getLocalPort());
      var r = simarch("run", "--ui", port, "--duration", "1s", "--warmup", "0");

      assertThat(r.code()).as(r.err()).isEqualTo(2);
      assertThat(r.err()).contains("--ui " + port + ": cannot listen there").contains("or 0");
    }
  }

  @Test
  void anUnknownFileIsBadInput() throws Exception {
    var r = simarch("run", "no/such/arch.yaml");

    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err()).contains("no/such/arch.yaml").contains("no such file");
  }

  @Test
  void anInvalidArchitectureIsBadInputWithEveryProblem(@TempDir Path dir) throws Exception {
    Path f = dir.resolve("bad.yaml");
    Files.writeString(
        f,
        "apiVersion: simarch.io/v1alpha1\nkind: SimulatedArchitecture\nmetadata: {name: bad}\nspec:\n"
            + "  victim: ghost\n  services:\n    - {name: a, package: mainframe, dependencies: [b]}\n");

    var r = simarch("run", f.toString());

    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err())
        .contains("spec.victim = \"ghost\"")
        .contains("Unknown package name")
        .contains("Unknown dependency name");
    assertThat(r.out()).doesNotContain("Starting:");
  }

  @Test
  void portExhaustionIsBadInputAndStartsNothing() throws Exception {
    var r = simarch("run", "examples/lamp.yaml", "--ports", "47000-47004");

    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err()).contains("port exhaustion").contains("23 instances").contains("fix:");
    assertThat(r.out()).doesNotContain("Starting:");
  }

  @Test
  void aBadDurationIsBadInput() throws Exception {
    var r = simarch("run", "--duration", "soon");

    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err()).contains("--duration soon");
  }

  @Test
  void aBadWarmupIsBadInput() throws Exception {
    var r = simarch("run", "--warmup", "a while");

    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err()).contains("--warmup a while");
    assertThat(r.out()).doesNotContain("Starting:");
  }
}
