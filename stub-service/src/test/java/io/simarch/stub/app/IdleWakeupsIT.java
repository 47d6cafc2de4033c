package io.simarch.stub.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;
import static org.awaitility.Awaitility.await;

import io.simarch.stub.Http;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * An idle pod's event loops sleep: neither the serving loops nor the health listener's wake while
 * nothing arrives (a Netty 4.2 loop with no timer due otherwise wakes every second). Counted as the
 * kernel counts a thread's voluntary context switches, so the test does not depend on speed.
 */
class IdleWakeupsIT {
  private static final Path TASKS = Path.of("/proc/self/task");

  @Test
  void idleEventLoopsDoNotWake() throws Exception {
    assumeThat(Files.isDirectory(TASKS)).as("/proc/self/task (Linux) to count wake-ups").isTrue();
    try (PodApp app = PodAppIT.start(PodAppIT.store("store-idle", null))) {
      assertThat(Http.raw("http://127.0.0.1:" + app.port() + "/health/readiness").statusCode())
          .isEqualTo(200);
      assertThat(Http.raw("http://127.0.0.1:" + app.healthPort() + "/health/liveness").statusCode())
          .isEqualTo(200);
      Map<String, Long> before = switches();
      assertThat(before.keySet())
          .anyMatch(n -> n.startsWith("simarch-io"))
          .anyMatch(n -> n.startsWith("simarch-health"));
      // over three of Netty's purge intervals, a loop that wakes each second would show three
      await("no idle event loop woken more than once")
          .during(Duration.ofMillis(3_500))
          .atMost(Duration.ofSeconds(5))
          .pollInterval(Duration.ofMillis(250))
          .untilAsserted(
              () -> {
                Map<String, Long> now = switches();
                Map<String, Long> woken = new TreeMap<>();
                before.forEach((thread, n) -> woken.put(thread, now.getOrDefault(thread, n) - n));
                assertThat(woken)
                    .allSatisfy((thread, n) -> assertThat(n).as(thread).isLessThanOrEqualTo(1));
              });
    }
  }

  /** Voluntary context switches of this JVM's event-loop threads, by thread id and name. */
  private static Map<String, Long> switches() throws IOException {
    Map<String, Long> out = new TreeMap<>();
    try (Stream<Path> tasks = Files.list(TASKS)) {
      for (Path task : (Iterable<Path>) tasks::iterator) {
        String name;
        String status;
        try {
          name = Files.readString(task.resolve("comm")).strip();
          status = Files.readString(task.resolve("status"));
        } catch (IOException gone) {
          continue;
        }
        if (!name.startsWith("simarch-io") && !name.startsWith("simarch-health")) {
          continue;
        }
        for (String line : status.split("\n")) {
          if (line.startsWith("voluntary_ctxt_switches:")) {
            out.put(
                name + " (" + task.getFileName() + ")",
                Long.parseLong(line.substring(line.indexOf(':') + 1).strip()));
          }
        }
      }
    }
    return out;
  }
}
