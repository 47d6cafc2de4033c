package io.simarch.images;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.simarch.api.model.StubJit;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

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
        "-XX:MaxRAMPercentage=70",
        "-XX:+ExitOnOutOfMemoryError",
        "-XX:-UsePerfData",
        "-XX:+UnlockDiagnosticVMOptions",
        "-XX:AsyncDeflationInterval=10000");
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
      Start ready = serves(stub, port, health);
      System.out.printf(
          "stub image %s: %.1f MB tar; entrypoint ready %d ms after start, %d ms CPU (outside a"
              + " container, where the AppCDS archive does not map)%n",
          image.repoTags().get(0), Files.size(tar) / 1e6, ready.ms(), ready.cpuMs());
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
      Start ready = serves(stub, port, health);
      System.out.printf(
          "stub image %s: entrypoint ready %d ms after start, %d ms CPU (chrooted, read-only root)%n",
          image.repoTags().get(0), ready.ms(), ready.cpuMs());
      // Netty's native transport unpacks its library into /tmp: as the pod's user on a
      // read-only root it must still load, or every pod falls back to NIO unnoticed
      await()
          .atMost(Duration.ofSeconds(30))
          .untilAsserted(() -> assertThat(stub.output()).contains("Started pod"));
      assertThat(stub.output()).contains("transport=epoll");
    }
  }

  /**
   * The class data sharing archive images/cds.sh trained into the image is mapped in the image's
   * own filesystem, and the stub's classes come from it: with -Xshare:on a JVM that cannot map the
   * archive (a classpath, jar or JVM unlike the training's) refuses to start instead of starting
   * slowly without it.
   */
  @Test
  void entrypointMapsItsClassDataSharingArchive() throws Exception {
    assumeArchive();
    Path config = root.resolve("etc/simarch/stub.json");
    Files.createDirectories(config.getParent());
    Files.writeString(config, STORE);
    int port = Images.freePort();
    int health = Images.freePort();
    var env = new HashMap<>(env(Path.of("/etc/simarch/stub.json"), port, health));
    env.put(StubJit.ENV, env.get(StubJit.ENV) + " -Xshare:on -Xlog:class+load=info");
    Path log = Images.logs().resolve("stub-cds.log");
    try (var stub = ImageProcess.startChrooted(image, root, work.resolve("cds"), env, log)) {
      Start ready = serves(stub, port, health);
      System.out.printf(
          "stub image %s: entrypoint ready %d ms after start, %d ms CPU (chrooted, -Xshare:on)%n",
          image.repoTags().get(0), ready.ms(), ready.cpuMs());
    }
    List<String> loaded =
        Files.readAllLines(log).stream().filter(l -> l.contains("io.simarch.")).toList();
    assertThat(loaded)
        .as("the stub's classes, as -Xlog:class+load saw them load")
        .anyMatch(l -> l.contains(StubImageIT.MAIN + " source: shared objects file"))
        .allMatch(l -> l.contains("source: shared objects file"));
  }

  private static final String STORE =
      "{\"architecture\":\"image-it\",\"service\":\"store\",\"package\":\"store\"}";

  /**
   * Most pods call dependencies and export spans: what they load to get ready (the client,
   * discovery, retries, the OpenTelemetry SDK and its OTLP exporter, OkHttp) comes from the archive
   * too, none of it from the image's jars. An archive trained on a lone store left out about 500
   * such classes, which each pod then parsed and verified at start.
   */
  @Test
  void aTracedCallerLoadsNoClassFromTheImagesJarsToGetReady() throws Exception {
    assumeArchive();
    int storePort = Images.freePort();
    Path store = root.resolve("etc/simarch/store.json");
    Files.createDirectories(store.getParent());
    Files.writeString(store, STORE);
    // both export to the store, which answers OTLP with a 404: the exporter runs, nothing leaves
    String tracing =
        "\"tracing\":{\"enabled\":true,\"endpoint\":\"http://127.0.0.1:%d\",\"sampling\":1.0}"
            .formatted(storePort);
    Path api = root.resolve("etc/simarch/api.json");
    Files.writeString(
        api,
        ("{\"architecture\":\"image-it\",\"service\":\"api\",\"package\":\"karyon\",%s,"
                + "\"dependencies\":[{\"service\":\"store\",\"package\":\"store\","
                + "\"policy\":{\"timeoutMs\":1000,\"retries\":1,\"retryMode\":\"failover\","
                + "\"budget\":true,\"budgetMarginMs\":5,\"deadlineMs\":2000,"
                + "\"backoff\":{\"initialMs\":0,\"maxMs\":1000,\"multiplier\":2.0,\"jitter\":0.2},"
                + "\"circuitBreaker\":{\"enabled\":false,\"failureRateThreshold\":50,"
                + "\"minimumCalls\":10,\"openDurationMs\":5000}},"
                + "\"discovery\":{\"dns\":\"127.0.0.1\",\"port\":%d}}]}")
            .formatted(tracing, storePort));
    int apiPort = Images.freePort();
    var apiEnv = new HashMap<>(env(Path.of("/etc/simarch/api.json"), apiPort, Images.freePort()));
    apiEnv.put("SIMARCH_INSTANCE", "api-image-it");
    apiEnv.put(StubJit.ENV, apiEnv.get(StubJit.ENV) + " -Xshare:on -Xlog:class+load=info");
    Path log = Images.logs().resolve("stub-cds-caller.log");
    try (var storeStub =
            ImageProcess.startChrooted(
                image,
                root,
                work.resolve("cds-store"),
                env(Path.of("/etc/simarch/store.json"), storePort, Images.freePort()),
                Images.logs().resolve("stub-cds-store.log"));
        var caller =
            ImageProcess.startChrooted(image, root, work.resolve("cds-api"), apiEnv, log)) {
      Images.awaitOk(
          storeStub, "http://127.0.0.1:" + storePort + "/health/readiness", Duration.ofMinutes(2));
      // a call through the api to the store, once discovery has added it
      Images.awaitOk(caller, "http://127.0.0.1:" + apiPort + "/kv/why%3F", Duration.ofMinutes(2));
    }
    List<String> lines = Files.readAllLines(log);
    assertThat(lines).anyMatch(l -> l.contains("Started pod"));
    List<String> toReady = lines.stream().takeWhile(l -> !l.contains("Started pod")).toList();
    assertThat(toReady)
        .as("classes the caller loaded until it was ready, as -Xlog:class+load saw them")
        .anyMatch(l -> l.contains("io.opentelemetry.exporter") && l.contains("shared objects file"))
        .noneMatch(l -> l.contains("source: file:/app/") || l.contains("source: jar:file:/app/"));
  }

  /** Skips where the image has no archive to map, else checks the image holds the archive. */
  private void assumeArchive() throws IOException {
    Images.assumeChroot();
    if (!Images.onLocalRuntime()) {
      String why = "SKIPPED: the AppCDS archive is trained on the local runtime only";
      System.err.println(why);
      Assumptions.abort(why);
    }
    String archive =
        image.entrypoint().stream()
            .filter(a -> a.startsWith("-XX:SharedArchiveFile="))
            .map(a -> a.substring(a.indexOf('=') + 1))
            .findFirst()
            .orElseThrow(() -> new AssertionError("no -XX:SharedArchiveFile in the entrypoint"));
    assertThat(image.entries()).containsKey(archive.substring(1));
  }

  /**
   * The JVM runs the compilers its pod is given ({@code spec.stub.jit}), whatever the entrypoint's
   * flags, and its start line says which: the operator's choice reaches the JVM.
   */
  @ParameterizedTest
  @EnumSource(StubJit.class)
  void entrypointRunsTheCompilersThePodIsGiven(StubJit jit) throws Exception {
    Path config = work.resolve("stub-" + jit.value() + ".json");
    Files.writeString(config, STORE);
    int port = Images.freePort();
    int health = Images.freePort();
    var env = new HashMap<>(env(config, port, health));
    env.remove(StubJit.ENV);
    if (jit.jvmOptions() != null) {
      env.put(StubJit.ENV, jit.jvmOptions());
    }
    try (var stub =
        ImageProcess.start(
            image,
            root,
            work.resolve("jit-" + jit.value()),
            env,
            Images.logs().resolve("stub-" + jit.value() + ".log"))) {
      serves(stub, port, health);
      await()
          .atMost(Duration.ofSeconds(30))
          .untilAsserted(() -> assertThat(stub.output()).contains("Started pod"));
      assertThat(stub.output()).contains("jit=" + jit.value());
    }
  }

  /** What the operator sets on a stub container by default, for a store on {@code port}. */
  private static Map<String, String> env(Path config, int port, int health) {
    return Map.of(
        StubJit.ENV,
        StubJit.DEFAULT.jvmOptions(),
        "SIMARCH_CONFIG",
        config.toString(),
        "SIMARCH_INSTANCE",
        "store-image-it",
        "SIMARCH_REGION",
        "us-east-1",
        "SIMARCH_ZONE",
        "zoneA",
        "SIMARCH_DRAIN_DELAY",
        "0s",
        "SIMARCH_PORT",
        String.valueOf(port),
        "SIMARCH_HOST",
        "127.0.0.1",
        // the health listener (8081 in a pod) on a port of its own, free on this host
        "SIMARCH_HEALTH_PORT",
        String.valueOf(health));
  }

  /** Time and the process's CPU from start to ready. */
  record Start(long ms, long cpuMs) {}

  /** Waits for readiness, then checks it serves as a store; the time and CPU to ready. */
  private static Start serves(ImageProcess stub, int port, int health) throws Exception {
    String base = "http://127.0.0.1:" + port;
    Images.awaitOk(stub, base + "/health/readiness", Duration.ofMinutes(2));
    Start ready = new Start(stub.sinceStart().toMillis(), stub.cpu().toMillis());
    // what the kubelet's liveness probe asks: the health listener
    assertThat(Images.body("http://127.0.0.1:" + health + "/health/liveness")).contains("UP");
    assertThat(Images.body(base + "/kv/why%3F")).isEqualTo("because...");
    assertThat(Images.body(base + "/_simarch/identity"))
        .contains("\"instance\":\"store-image-it\"");
    return ready;
  }
}
