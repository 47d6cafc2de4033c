package io.simarch.stub.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.simarch.api.model.RetryMode;
import io.simarch.stub.TestArch;
import io.simarch.stub.config.ConfigLoader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A pod with a bad configuration refuses to start and names the setting. */
class BadConfigIT {
  @TempDir Path dir;

  private record Exit(int code, String stderr) {}

  /** A valid monolith config as the operator would write it, changed by {@code breakIt}. */
  private Exit run(Consumer<ObjectNode> breakIt) throws Exception {
    var config =
        TestArch.arch("bad")
            .policy(TestArch.policy(2000, 2, RetryMode.IMMEDIATE, false))
            .service("store", "store", 1)
            .service("monolith", "monolith", 1, "store")
            .configs()
            .get("monolith00")
            .withIdentity(null, null, null);
    ObjectNode json = ConfigLoader.json().valueToTree(config);
    breakIt.accept(json);
    Path file = dir.resolve("stub.json");
    Files.writeString(file, json.toString());

    var pb = PodProcessIT.podProcess();
    pb.environment().put("SIMARCH_CONFIG", file.toString());
    pb.environment().put("SIMARCH_INSTANCE", "monolith-5d8f");
    pb.environment().put("SIMARCH_REGION", "us-east-1");
    pb.environment().put("SIMARCH_ZONE", "zoneA");
    pb.redirectOutput(ProcessBuilder.Redirect.DISCARD);
    Process p = pb.start();
    String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!p.waitFor(30, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new AssertionError("the service started instead of refusing: " + err);
    }
    return new Exit(p.exitValue(), err);
  }

  @Test
  void aDependencyWithoutAnAddress() throws Exception {
    Exit exit =
        run(json -> ((ObjectNode) json.withArray("dependencies").get(0)).remove("discovery"));
    assertThat(exit.code()).isEqualTo(2);
    assertThat(exit.stderr()).contains("dependencies[0].discovery", "'store'");
  }

  @Test
  void anUnknownPackage() throws Exception {
    Exit exit = run(json -> json.put("package", "mainframe"));
    assertThat(exit.code()).isEqualTo(2);
    assertThat(exit.stderr()).contains("package: 'mainframe' must be one of denominator, elb");
  }

  @Test
  void aDurationThatIsNotMilliseconds() throws Exception {
    Exit exit = run(json -> policy(json).put("timeoutMs", "2s"));
    assertThat(exit.code()).isEqualTo(2);
    assertThat(exit.stderr()).contains("dependencies[0].policy.timeoutMs", "'2s'");
  }

  @Test
  void aNegativeDuration() throws Exception {
    Exit exit =
        run(json -> ((ObjectNode) policy(json).get("circuitBreaker")).put("openDurationMs", -5));
    assertThat(exit.code()).isEqualTo(2);
    assertThat(exit.stderr())
        .contains("dependencies[0].policy.circuitBreaker.openDurationMs: must not be negative");
  }

  private static ObjectNode policy(ObjectNode json) {
    return (ObjectNode) json.withArray("dependencies").get(0).get("policy");
  }

  @SuppressWarnings("unused")
  private static String read(Path p) throws IOException {
    return Files.readString(p);
  }
}
