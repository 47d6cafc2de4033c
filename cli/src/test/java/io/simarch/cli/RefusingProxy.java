package io.simarch.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.zip.GZIPInputStream;

/**
 * In front of a real Zipkin: passes every request through, except that while {@link #refuse} is on
 * it answers span uploads 503, as a Zipkin that is down for a while, and notes the trace id of
 * every span it refused: the independent count of what the backend lost.
 */
final class RefusingProxy implements AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final HttpServer server;
  private final URI target;
  private final HttpClient http = HttpClient.newHttpClient();
  private final Set<String> refusedTraces = ConcurrentHashMap.newKeySet();
  private volatile boolean refusing;

  RefusingProxy(String zipkin) throws IOException {
    this.target = URI.create(zipkin);
    this.server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.setExecutor(Executors.newFixedThreadPool(4));
    server.createContext("/", this::handle);
    server.start();
  }

  String url() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  void refuse(boolean on) {
    refusing = on;
  }

  /** Traces with a span refused (the exporter does not send a batch twice). */
  Set<String> refusedTraces() {
    return Set.copyOf(refusedTraces);
  }

  private void handle(HttpExchange ex) throws IOException {
    try (ex) {
      byte[] body = ex.getRequestBody().readAllBytes();
      String encoding = ex.getRequestHeaders().getFirst("Content-Encoding");
      boolean upload = ex.getRequestMethod().equals("POST");
      if (upload) {
        Set<String> traces = traceIds(body, encoding);
        if (refusing) {
          refusedTraces.addAll(traces);
          ex.sendResponseHeaders(503, -1);
          return;
        }
      }
      var req =
          HttpRequest.newBuilder(target.resolve(ex.getRequestURI().toString()))
              .timeout(Duration.ofSeconds(15))
              .method(ex.getRequestMethod(), HttpRequest.BodyPublishers.ofByteArray(body));
      for (String h : new String[] {"Content-Type", "Content-Encoding"}) {
        String v = ex.getRequestHeaders().getFirst(h);
        if (v != null) {
          req.header(h, v);
        }
      }
      HttpResponse<byte[]> resp = http.send(req.build(), HttpResponse.BodyHandlers.ofByteArray());
      resp.headers()
          .firstValue("Content-Type")
          .ifPresent(v -> ex.getResponseHeaders().set("Content-Type", v));
      ex.sendResponseHeaders(resp.statusCode(), resp.body().length == 0 ? -1 : resp.body().length);
      if (resp.body().length > 0) {
        ex.getResponseBody().write(resp.body());
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static Set<String> traceIds(byte[] body, String encoding) throws IOException {
    InputStream in = new ByteArrayInputStream(body);
    if ("gzip".equalsIgnoreCase(encoding)) {
      in = new GZIPInputStream(in);
    }
    Set<String> ids = ConcurrentHashMap.newKeySet();
    for (JsonNode span : JSON.readTree(in)) {
      ids.add(span.path("traceId").asText());
    }
    return ids;
  }

  @Override
  public void close() {
    server.stop(0);
    ((java.util.concurrent.ExecutorService) server.getExecutor()).shutdownNow();
  }
}
