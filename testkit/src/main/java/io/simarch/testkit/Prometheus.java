package io.simarch.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * A real Prometheus server (Debian's {@code prometheus} package) on loopback, scraping the given
 * targets every second into a temporary store. Killed on close and, should a test die first, by a
 * shutdown hook.
 */
public final class Prometheus implements AutoCloseable {
  /** Where Debian installs it; {@code .ci/run} installs the package. */
  public static final Path BINARY = Path.of("/usr/bin/prometheus");

  /** A scrape job: its name, whether the target's own labels win, and its host:port targets. */
  public record Job(String name, boolean honorLabels, List<String> targets) {}

  private final ChildProcess process;
  private final Path dir;
  private final String base;
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  /** Why a test using it must skip, or null when the binary is there. */
  public static String unavailable() {
    return Files.isExecutable(BINARY)
        ? null
        : BINARY + " not found: install Debian's prometheus package (apt-get install prometheus)";
  }

  public Prometheus(List<Job> jobs) throws IOException {
    dir = Files.createTempDirectory("simarch-prometheus");
    int port;
    try (var s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      port = s.getLocalPort();
    }
    var config = new StringBuilder("global:\n  scrape_interval: 1s\n  scrape_timeout: 1s\n");
    config.append("scrape_configs:\n");
    for (Job j : jobs) {
      config.append("  - job_name: ").append(j.name()).append('\n');
      config.append("    honor_labels: ").append(j.honorLabels()).append('\n');
      config.append("    static_configs:\n      - targets: [");
      config.append(String.join(", ", j.targets().stream().map(t -> "'" + t + "'").toList()));
      config.append("]\n");
    }
    Path file = dir.resolve("prometheus.yml");
    Files.writeString(file, config);
    base = "http://127.0.0.1:" + port;
    process =
        ChildProcess.start(
            "prometheus",
            dir.resolve("prometheus.log"),
            BINARY.toString(),
            "--config.file=" + file,
            "--storage.tsdb.path=" + dir.resolve("data"),
            "--web.listen-address=127.0.0.1:" + port,
            "--log.level=warn");
    try {
      process.awaitReady(Duration.ofSeconds(30), this::ready);
    } catch (IOException e) {
      close();
      throw new IOException("prometheus did not become ready", e);
    }
  }

  private boolean ready() {
    try {
      return get("/-/ready").statusCode() == 200;
    } catch (IOException e) {
      return false;
    }
  }

  public String url() {
    return base;
  }

  /** The JSON answer of an instant query ({@code /api/v1/query}). */
  public String query(String promql) throws IOException {
    HttpResponse<String> r =
        get("/api/v1/query?query=" + URLEncoder.encode(promql, StandardCharsets.UTF_8));
    if (r.statusCode() != 200) {
      throw new IOException("query " + promql + " answered " + r.statusCode() + ": " + r.body());
    }
    return r.body();
  }

  /** The JSON answer of {@code /api/v1/targets}: each target's health and last error. */
  public String targets() throws IOException {
    return get("/api/v1/targets").body();
  }

  private HttpResponse<String> get(String path) throws IOException {
    try {
      return http.send(
          HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(5)).build(),
          HttpResponse.BodyHandlers.ofString());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException(e);
    }
  }

  @Override
  public void close() {
    process.close();
    try (Stream<Path> files = Files.walk(dir)) {
      files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
