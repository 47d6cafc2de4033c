package io.simarch.cli;

import io.simarch.testkit.ChildProcess;
import java.io.IOException;
import java.net.HttpURLConnection;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * The real Zipkin server (Maven Central's {@code io.zipkin:zipkin-server:exec} jar, which the cli
 * pom copies to {@code target/zipkin}), in-memory storage, on a loopback port. Killed on close and
 * from a shutdown hook, so a failed test leaves nothing running.
 */
final class ZipkinServer implements AutoCloseable {
  private final ChildProcess process;
  private final int port;

  private ZipkinServer(ChildProcess process, int port) {
    this.process = process;
    this.port = port;
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
    var server =
        new ZipkinServer(
            ChildProcess.start(
                "zipkin",
                log,
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx384m",
                "-XX:+UseSerialGC",
                "-jar",
                jar().toString(),
                "--armeria.ports[0].ip=127.0.0.1",
                "--armeria.ports[0].port=" + p,
                "--armeria.ports[0].protocols[0]=http"),
            p);
    server.process.awaitReady(Duration.ofSeconds(120), server::healthy);
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
    process.close();
  }
}
