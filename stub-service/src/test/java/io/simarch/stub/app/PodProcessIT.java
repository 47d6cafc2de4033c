package io.simarch.stub.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.simarch.api.model.StubJit;
import io.simarch.stub.Http;
import io.simarch.stub.local.StubHost;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The pod's process as the container runs it: it keeps serving after start (every thread it starts
 * is a daemon, so only its main thread keeps it up) and stops on SIGTERM; it serves on Netty's
 * native transport.
 */
class PodProcessIT {
  @TempDir Path dir;

  /** The pod's entry point in a JVM of its own, on this test's classpath. */
  static ProcessBuilder podProcess() {
    return new ProcessBuilder(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-cp",
        System.getProperty("java.class.path"),
        Application.class.getName());
  }

  /** Where the stub ships Netty's native epoll library. */
  private static boolean linux() {
    return System.getProperty("os.name").equals("Linux")
        && List.of("amd64", "aarch64").contains(System.getProperty("os.arch"));
  }

  @Test
  void servesUntilSigtermThenStops() throws Exception {
    Path file = dir.resolve("stub.json");
    Files.writeString(
        file, "{\"architecture\":\"proc\",\"service\":\"store\",\"package\":\"store\"}");
    int[] ports = StubHost.freePorts(2);
    var pb = podProcess();
    var env = pb.environment();
    env.put("SIMARCH_CONFIG", file.toString());
    env.put("SIMARCH_INSTANCE", "store-proc");
    env.put("SIMARCH_REGION", "us-east-1");
    env.put("SIMARCH_ZONE", "zoneA");
    env.put("SIMARCH_DRAIN_DELAY", "0s");
    // the operator's default (spec.stub.jit unset): the start line must say what the JVM runs
    env.put(StubJit.ENV, StubJit.DEFAULT.jvmOptions());
    env.put(PodApp.Listen.HOST_ENV, "127.0.0.1");
    env.put(PodApp.Listen.PORT_ENV, String.valueOf(ports[0]));
    env.put(PodApp.Listen.HEALTH_PORT_ENV, String.valueOf(ports[1]));
    pb.redirectErrorStream(true).redirectOutput(dir.resolve("stub.log").toFile());
    Process p = pb.start();
    try {
      String url = "http://127.0.0.1:" + ports[0];
      await()
          .atMost(Duration.ofSeconds(60))
          .ignoreExceptions()
          .until(() -> Http.raw(url + "/health/readiness").statusCode() == 200);
      // still up and serving once started, on both listeners
      await()
          .during(Duration.ofSeconds(2))
          .atMost(Duration.ofSeconds(5))
          .until(() -> p.isAlive() && Http.get(url, "why?", false).status() == 200);
      assertThat(Http.raw("http://127.0.0.1:" + ports[1] + "/health/liveness").statusCode())
          .isEqualTo(200);

      p.destroy(); // SIGTERM, as the kubelet sends
      assertThat(p.waitFor(30, TimeUnit.SECONDS)).as("stopped after SIGTERM").isTrue();
      assertThat(Files.readString(dir.resolve("stub.log")))
          .contains("Marked not ready instance=store-proc", "Stopped pod instance=store-proc")
          // on Linux the loops run Netty's native epoll transport: a lost library shows here
          .contains("instance=store-proc transport=" + (linux() ? "epoll" : "nio"))
          .contains("jit=" + StubJit.DEFAULT.value());
    } finally {
      p.destroyForcibly();
    }
  }
}
