package io.simarch.cli.live;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.simarch.testkit.ChildProcess;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code simarch run FILE --ui 0} as a user starts it: the built jar in a child process, its URL
 * read from the line it logs.
 */
final class LiveRunProcess implements AutoCloseable {
  private static final Pattern URL = Pattern.compile("ui: (http://127\\.0\\.0\\.1:\\d+/)");
  private static final ObjectMapper JSON = new ObjectMapper();

  final ChildProcess process;
  final Path log;
  final String url;
  private final HttpClient http = HttpClient.newHttpClient();

  private LiveRunProcess(ChildProcess process, Path log, String url) {
    this.process = process;
    this.log = log;
    this.url = url;
  }

  /** Starts the run; returns once the page is served. */
  static LiveRunProcess start(String file, String... options) throws IOException {
    Path repo = Path.of(System.getProperty("simarch.repo"));
    Path log = Files.createTempFile("simarch-live", ".log");
    var cmd = new ArrayList<String>();
    cmd.addAll(
        List.of(
            Path.of(System.getProperty("java.home"), "bin", "java").toString(),
            "-jar",
            System.getProperty("simarch.jar"),
            "run",
            repo.resolve(file).toString(),
            "--ui",
            "0"));
    cmd.addAll(List.of(options));
    var p = ChildProcess.start("simarch-live", log, cmd.toArray(String[]::new));
    p.awaitReady(Duration.ofSeconds(60), () -> URL.matcher(Files.readString(log)).find());
    Matcher m = URL.matcher(Files.readString(log));
    m.find();
    return new LiveRunProcess(p, log, m.group(1));
  }

  String output() throws IOException {
    return Files.readString(log);
  }

  HttpResponse<String> get(String path) throws IOException, InterruptedException {
    return http.send(
        HttpRequest.newBuilder(URI.create(url).resolve(path)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  HttpResponse<String> post(String path) throws IOException, InterruptedException {
    return http.send(
        HttpRequest.newBuilder(URI.create(url).resolve(path))
            .POST(HttpRequest.BodyPublishers.noBody())
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  JsonNode graph() throws IOException, InterruptedException {
    return JSON.readTree(get("api/graph").body());
  }

  static JsonNode edge(JsonNode graph, String source, String target) {
    for (JsonNode e : graph.get("edges")) {
      if (e.get("source").asText().equals(source) && e.get("target").asText().equals(target)) {
        return e;
      }
    }
    throw new AssertionError("no edge " + source + " -> " + target + " in " + graph);
  }

  static JsonNode node(JsonNode graph, String id) {
    for (JsonNode n : graph.get("nodes")) {
      if (n.get("id").asText().equals(id)) {
        return n;
      }
    }
    throw new AssertionError("no node " + id + " in " + graph);
  }

  @Override
  public void close() throws IOException {
    process.close();
    Files.deleteIfExists(log); // a user's mvn verify leaves nothing behind in their temp dir
  }
}
