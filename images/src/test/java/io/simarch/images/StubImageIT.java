package io.simarch.images;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The stub-service image tar (stub-service/target/jib-image.tar, built by that module before this
 * one's tests): what a container runtime reads from it, and its entrypoint, run outside a
 * container, serving as a store.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class StubImageIT {
  static final String MAIN = "io.simarch.stub.app.Application";

  Path work;
  Path tar;
  ImageTar image;
  Path root;

  @BeforeAll
  void unpack(@TempDir Path dir) throws Exception {
    work = dir;
    tar = Images.tar("simarch.stub.imageTar");
    image = ImageTar.open(tar, work.resolve("tar"));
    root = work.resolve("root");
    image.unpack(root);
  }

  @Test
  void loadsAsTheImageTheOperatorAndChartName() throws Exception {
    Images.assertLoadable(image, System.getProperty("simarch.stub.image"));
    assertThat(image.exposedPorts()).contains("8080/tcp");
  }

  @Test
  void runsAsNonRootOnRootOwnedFiles() throws Exception {
    Images.assertNonRootOnRootOwnedFiles(image, root);
    if (Images.onLocalRuntime()) {
      Images.assertLocalRuntime(image, root);
    }
  }

  @Test
  void startsASmallQuickJvm() {
    Images.assertJavaEntrypoint(
        image,
        MAIN,
        "-XX:+UseSerialGC",
        "-XX:TieredStopAtLevel=1",
        "-XX:MaxRAMPercentage=70",
        "-XX:+ExitOnOutOfMemoryError");
  }

  /** A store needs no peers: the entrypoint must get as far as serving and being ready. */
  @Test
  void entrypointServesAndStopsOnSigterm() throws Exception {
    Path config = work.resolve("stub.json");
    Files.writeString(config, STORE);
    int port = Images.freePort();
    int health = Images.freePort();
    try (var stub =
        ImageProcess.start(
            image,
            root,
            work.resolve("run"),
            env(config, port, health),
            Images.logs().resolve("stub.log"))) {
      Duration ready = serves(stub, port, health);
      System.out.printf(
          "stub image %s: %.1f MB tar; entrypoint ready %d ms after start (outside a container)%n",
          image.repoTags().get(0), Files.size(tar) / 1e6, ready.toMillis());
      assertThat(stub.stop(Duration.ofSeconds(20)))
          .as("exit code after SIGTERM; output:\n%s", stub.output())
          .isNotNegative();
    }
  }

  /**
   * The same with the image's own files only (its loader, libc, JVM) on a read-only root with a
   * tmpfs at /tmp, as user 65532: what the operator's pods do.
   */
  @Test
  void entrypointServesOnAReadOnlyRootAsItsUser() throws Exception {
    Images.assumeChroot();
    Path config = root.resolve("etc/simarch/stub.json");
    Files.createDirectories(config.getParent());
    Files.writeString(config, STORE);
    int port = Images.freePort();
    int health = Images.freePort();
    try (var stub =
        ImageProcess.startChrooted(
            image,
            root,
            work.resolve("chroot"),
            env(Path.of("/etc/simarch/stub.json"), port, health),
            Images.logs().resolve("stub-chroot.log"))) {
      Duration ready = serves(stub, port, health);
      System.out.printf(
          "stub image %s: entrypoint ready %d ms after start (chrooted, read-only root)%n",
          image.repoTags().get(0), ready.toMillis());
    }
  }

  private static final String STORE =
      "{\"architecture\":\"image-it\",\"service\":\"store\",\"package\":\"store\"}";

  /** What the operator sets on a stub container, for a store on {@code port}. */
  private static Map<String, String> env(Path config, int port, int health) {
    return Map.of(
        "SIMARCH_CONFIG", config.toString(),
        "SIMARCH_INSTANCE", "store-image-it",
        "SIMARCH_REGION", "us-east-1",
        "SIMARCH_ZONE", "zoneA",
        "SIMARCH_DRAIN_DELAY", "0s",
        "SIMARCH_PORT", String.valueOf(port),
        "SIMARCH_HOST", "127.0.0.1",
        // the health listener (8081 in a pod) on a port of its own, free on this host
        "SIMARCH_HEALTH_PORT", String.valueOf(health));
  }

  /** Waits for readiness, then checks it serves as a store; the time from start to ready. */
  private static Duration serves(ImageProcess stub, int port, int health) throws Exception {
    String base = "http://127.0.0.1:" + port;
    Images.awaitOk(stub, base + "/health/readiness", Duration.ofMinutes(2));
    Duration ready = stub.sinceStart();
    // what the kubelet's liveness probe asks: the health listener
    assertThat(Images.body("http://127.0.0.1:" + health + "/health/liveness")).contains("UP");
    assertThat(Images.body(base + "/kv/why%3F")).isEqualTo("because...");
    assertThat(Images.body(base + "/_simarch/identity"))
        .contains("\"instance\":\"store-image-it\"");
    return ready;
  }
}
