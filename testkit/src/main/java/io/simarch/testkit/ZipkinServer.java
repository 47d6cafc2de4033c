package io.simarch.testkit;

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
 * and operator poms copy to {@code target/zipkin} and name in {@code simarch.zipkin.jar}),
 * in-memory storage, on a loopback port or the address pods reach the host on. Killed on close and
 * from a shutdown hook, so a failed test leaves nothing running.
 */
public final class ZipkinServer implements AutoCloseable {
  private final ChildProcess process;
  private final String host;
  private final int port;

  private ZipkinServer(ChildProcess process, String host, int port) {
    this.process = process;
    this.host = host;
    this.port = port;
  }

  public static Path jar() {
    String p = System.getProperty("simarch.zipkin.jar");
    if (p == null || !Files.isRegularFile(Path.of(p))) {
      throw new IllegalStateException(
          "simarch.zipkin.jar=" + p + ": run through failsafe, which copies the Zipkin jar there");
    }
    return Path.of(p);
  }

  /** Starts one on loopback {@code port} (0: any free port) and waits until it is healthy. */
  public static ZipkinServer start(int port, Path log) throws IOException {
    return start("127.0.0.1", port, log);
  }

  /** Starts one on {@code host:port} (0: any free port) and waits until it is healthy. */
  public static ZipkinServer start(String host, int port, Path log) throws IOException {
    int p = port != 0 ? port : freePort(host);
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
                "--armeria.ports[0].ip=" + host,
                "--armeria.ports[0].port=" + p,
                "--armeria.ports[0].protocols[0]=http"),
            host,
            p);
    server.process.awaitReady(Duration.ofSeconds(120), server::healthy);
    return server;
  }

  public String url() {
    return "http://" + host + ":" + port;
  }

  public int port() {
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

  /** A free port on {@code host}, for a Zipkin restarted on the same address. */
  public static int freePort(String host) throws IOException {
    try (var s = new ServerSocket(0, 1, InetAddress.getByName(host))) {
      return s.getLocalPort();
    }
  }

  @Override
  public void close() {
    process.close();
  }
}
