package io.simarch.images;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.awaitility.core.ConditionTimeoutException;
import org.awaitility.core.TerminalFailureException;
import org.junit.jupiter.api.Assumptions;

/** Where the image tars are, and what every simarch image must be. */
final class Images {
  static final String NON_ROOT = "65532:65532";
  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  private Images() {}

  /**
   * The tar named by system property {@code property}; skips (loudly) when it was not built, as
   * when this module's tests run alone.
   */
  static Path tar(String property) {
    Path tar = Path.of(System.getProperty(property, "target/absent.tar"));
    if (!Files.isRegularFile(tar)) {
      String why =
          "SKIPPED: no image tar at "
              + tar
              + "; build it with images/build.sh, or run mvn -B verify from the root";
      System.err.println(why);
      Assumptions.abort(why);
    }
    return tar;
  }

  /** Skips (loudly) where {@link ImageProcess#startChrooted} cannot work: not root. */
  static void assumeChroot() {
    if (!ImageProcess.canChroot()) {
      String why =
          "SKIPPED: the chrooted run needs root (a mount namespace and chroot); the run outside a"
              + " container still ran";
      System.err.println(why);
      Assumptions.abort(why);
    }
  }

  /** Whether the image sits on images/runtime.sh's runtime (the default) or a JVM base image. */
  static boolean onLocalRuntime() {
    return System.getProperty("simarch.baseImage", "scratch").equals("scratch");
  }

  static Path logs() {
    return Path.of(System.getProperty("simarch.image.logs", "target/image-it"));
  }

  static Path repo() {
    return Path.of(System.getProperty("simarch.repo", "..")).toAbsolutePath().normalize();
  }

  /** What docker load / ctr import read: one image, its tag, layers matching the config. */
  static void assertLoadable(ImageTar image, String ref) throws IOException {
    assertThat(image.repoTags()).containsExactly(ref);
    assertThat(image.layerDigests())
        .as("each layer's digest against the config's rootfs.diff_ids")
        .isEqualTo(image.diffIds());
  }

  /**
   * The process runs as 65532, a user the image names, and it can write nothing in the image but
   * /tmp: every file belongs to root and no other user may write it. With the pod's
   * readOnlyRootFilesystem (and an emptyDir at /tmp) that is belt and braces.
   */
  static void assertNonRootOnRootOwnedFiles(ImageTar image, Path root) throws IOException {
    assertThat(image.user()).isEqualTo(NON_ROOT);
    assertThat(Files.readAllLines(root.resolve("etc/passwd")))
        .anyMatch(line -> line.contains(":65532:65532:"));
    Map<String, ImageTar.Entry> entries = image.entries();
    assertThat(entries.values())
        .allSatisfy(
            e -> {
              assertThat(e.uid()).as(e.path() + " owner").isZero();
              assertThat(e.gid()).as(e.path() + " group").isZero();
              assertThat(e.mode() & 06000).as(e.path() + " setuid/setgid").isZero();
              if (!e.path().equals("tmp")) {
                assertThat(e.mode() & 0022).as(e.path() + " writable by others").isZero();
              }
            });
  }

  /**
   * On the local runtime: the JVM at /opt/java, found without a PATH lookup, and the dynamic loader
   * it names is in the image and executable (the kernel refuses a loader without x, and running
   * outside a container uses this machine's loader, so only this check sees it).
   */
  static void assertLocalRuntime(ImageTar image, Path root) throws IOException {
    assertThat(image.entrypoint()).first().isEqualTo("/opt/java/bin/java");
    assertThat(image.env())
        .containsEntry("PATH", "/opt/java/bin")
        .containsEntry("JAVA_HOME", "/opt/java")
        .containsEntry("LD_LIBRARY_PATH", "/opt/java/lib:/opt/java/lib/server");
    Map<String, ImageTar.Entry> entries = image.entries();
    assertThat(entries.get("opt/java/bin/java").executable()).isTrue();
    String loader =
        ImageTar.elfInterpreter(root.resolve("opt/java/bin/java"))
            .orElseThrow(() -> new AssertionError("opt/java/bin/java names no ELF interpreter"));
    assertThat(entries).containsKey(loader.substring(1));
    assertThat(entries.get(loader.substring(1)).executable()).as(loader + " executable").isTrue();
    // name service and DNS: glibc loads these by name at run time, ldd does not list them
    assertThat(entries.keySet())
        .anyMatch(p -> p.endsWith("/libnss_dns.so.2"))
        .anyMatch(p -> p.endsWith("/libnss_files.so.2"))
        .contains("etc/nsswitch.conf");
  }

  /** The entrypoint starts Jib's classpath file and {@code mainClass} after {@code jvmFlags}. */
  static void assertJavaEntrypoint(ImageTar image, String mainClass, String... jvmFlags) {
    if (onLocalRuntime()) {
      assertThat(image.entrypoint())
          .endsWith("-cp", "@/app/jib-classpath-file", mainClass)
          .contains(jvmFlags);
    } else {
      assertThat(image.entrypoint()).last().isEqualTo(mainClass);
      assertThat(image.entrypoint()).contains(jvmFlags);
    }
  }

  static int freePort() throws IOException {
    try (var socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  /** The HTTP status of GET {@code url}, or -1 while nothing answers. */
  static int status(String url) {
    try {
      return HTTP.send(get(url), HttpResponse.BodyHandlers.discarding()).statusCode();
    } catch (IOException e) {
      return -1;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return -1;
    }
  }

  static String body(String url) throws IOException, InterruptedException {
    return HTTP.send(get(url), HttpResponse.BodyHandlers.ofString()).body();
  }

  /** Waits until GET {@code url} answers 200, failing at once if the process exits. */
  static void awaitOk(ImageProcess process, String url, Duration atMost) {
    try {
      await("200 from " + url)
          .atMost(atMost)
          .pollInterval(Duration.ofMillis(50))
          .failFast("the entrypoint exited", () -> !process.alive())
          .until(() -> status(url) == 200);
    } catch (ConditionTimeoutException | TerminalFailureException e) {
      throw new AssertionError(e.getMessage() + "; its output:\n" + process.output(), e);
    }
  }

  private static HttpRequest get(String url) {
    return HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(5)).build();
  }
}
