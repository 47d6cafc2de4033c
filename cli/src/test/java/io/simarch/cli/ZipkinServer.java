package io.simarch.cli;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.HttpURLConnection;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * The real Zipkin server (Maven Central's {@code io.zipkin:zipkin-server:exec} jar, which the cli
 * pom copies to {@code target/zipkin}), in-memory storage, on a loopback port. Killed on close and
 * from a shutdown hook, so a failed test leaves nothing running.
 */
final class ZipkinServer implements AutoCloseable {
  private final Process process;
  private final Thread hook;
  private final int port;

  private ZipkinServer(Process process, int port) {
    this.process = process;
    this.port = port;
    this.hook = new Thread(process::destroyForcibly, "zipkin-kill");
    Runtime.getRuntime().addShutdownHook(hook);
  }

  static Path jar() {
    String p = System.getProperty("simarch.zipkin.jar");
    if (p == null || !Files.isRegularFile(Path.of(p))) {
      throw new IllegalStateException(
          "simarch.zipkin.jar=" + p + ": run through failsafe, which copies the Zipkin jar there");
    }
    return Path.of(p);
  }

  /** Starts one on {@code port} (0: any free port) and waits until it is healthy. */
  static ZipkinServer start(int port, Path log) throws IOException {
    int p = port != 0 ? port : freePort();
    Process proc =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx384m",
                "-XX:+UseSerialGC",
                "-jar",
                jar().toString(),
                "--armeria.ports[0].ip=127.0.0.1",
                "--armeria.ports[0].port=" + p,
                "--armeria.ports[0].protocols[0]=http")
            .redirectErrorStream(true)
            .redirectOutput(log.toFile())
            .start();
    var server = new ZipkinServer(proc, p);
    try {
      await()
          .atMost(Duration.ofSeconds(120))
          .pollInterval(Duration.ofMillis(250))
          .until(() -> !proc.isAlive() || server.healthy());
      if (!proc.isAlive()) {
        throw new IllegalStateException("zipkin exited: " + Files.readString(log));
      }
    } catch (RuntimeException e) {
      server.close();
      throw e;
    }
    return server;
  }

  String url() {
    return "http://127.0.0.1:" + port;
  }

  int port() {
    return port;
  }

  private boolean healthy() {
    try {
      var c = (HttpURLConnection) URI.create(url() + "/health").toURL().openConnection();
      c.setConnectTimeout(1000);
      c.setReadTimeout(2000);
      return c.getResponseCode() == 200;
    } catch (IOException e) {
      return false;
    }
  }

  static int freePort() throws IOException {
    try (var s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }

  @Override
  public void close() {
    process.destroy();
    try {
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
    try {
      Runtime.getRuntime().removeShutdownHook(hook);
    } catch (IllegalStateException shuttingDown) {
      // the hook runs anyway
    }
  }
}
