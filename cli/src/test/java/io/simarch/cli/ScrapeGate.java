package io.simarch.cli;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * In front of a metrics endpoint: passes scrapes through while open, answers 503 while closed, as a
 * target Prometheus cannot reach for a while. Counts the scrapes it passed.
 */
final class ScrapeGate implements AutoCloseable {
  private final HttpServer server;
  private final URI target;
  private final HttpClient http = HttpClient.newHttpClient();
  private volatile boolean open;

  ScrapeGate(String target, boolean open) throws IOException {
    this.target = URI.create(target);
    this.open = open;
    this.server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.setExecutor(Executors.newFixedThreadPool(2));
    server.createContext("/", this::handle);
    server.start();
  }

  /** host:port, as a scrape target. */
  String address() {
    return "127.0.0.1:" + server.getAddress().getPort();
  }

  void open(boolean on) {
    open = on;
  }

  private void handle(HttpExchange ex) throws IOException {
    try (ex) {
      if (!open) {
        ex.sendResponseHeaders(503, -1);
        return;
      }
      var req =
          HttpRequest.newBuilder(target.resolve(ex.getRequestURI().toString()))
              .timeout(Duration.ofSeconds(5))
              .GET();
      String accept = ex.getRequestHeaders().getFirst("Accept");
      if (accept != null) {
        req.header("Accept", accept);
      }
      HttpResponse<byte[]> resp;
      try {
        resp = http.send(req.build(), HttpResponse.BodyHandlers.ofByteArray());
      } catch (IOException e) {
        ex.sendResponseHeaders(502, -1); // the run has not started or has ended
        return;
      }
      resp.headers()
          .firstValue("Content-Type")
          .ifPresent(v -> ex.getResponseHeaders().set("Content-Type", v));
      ex.sendResponseHeaders(resp.statusCode(), resp.body().length == 0 ? -1 : resp.body().length);
      ex.getResponseBody().write(resp.body());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public void close() {
    server.stop(0);
    ((ExecutorService) server.getExecutor()).shutdownNow();
  }
}
