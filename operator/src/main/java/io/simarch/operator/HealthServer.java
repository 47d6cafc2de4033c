package io.simarch.operator;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.javaoperatorsdk.operator.Operator;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.function.BooleanSupplier;

/**
 * {@code /healthz} (liveness: the process serves) and {@code /readyz} (the operator started and
 * every informer is healthy), for the kubelet's probes; {@code /metrics}, the {@link
 * OperatorMetrics} in the Prometheus text format.
 */
public final class HealthServer implements AutoCloseable {
  private final HttpServer server;

  private HealthServer(HttpServer server) {
    this.server = server;
  }

  public static HealthServer start(int port, Operator operator, OperatorMetrics metrics)
      throws IOException {
    return start(new InetSocketAddress(port), operator, metrics);
  }

  /** On {@code address} (tests bind loopback). */
  public static HealthServer start(
      InetSocketAddress address, Operator operator, OperatorMetrics metrics) throws IOException {
    var server = HttpServer.create(address, 0);
    server.createContext(
        "/metrics",
        ex -> {
          byte[] body = metrics.scrape().getBytes(StandardCharsets.UTF_8);
          ex.getResponseHeaders().set("Content-Type", "text/plain; version=0.0.4; charset=utf-8");
          ex.sendResponseHeaders(200, body.length);
          try (var out = ex.getResponseBody()) {
            out.write(body);
          }
        });
    server.createContext("/healthz", ex -> respond(ex, () -> true));
    server.createContext(
        "/readyz",
        ex ->
            respond(
                ex,
                () ->
                    operator.getRuntimeInfo().isStarted()
                        && operator.getRuntimeInfo().allEventSourcesAreHealthy()));
    server.start();
    return new HealthServer(server);
  }

  public int port() {
    return server.getAddress().getPort();
  }

  private static void respond(HttpExchange ex, BooleanSupplier check) throws IOException {
    boolean ok;
    try {
      ok = check.getAsBoolean();
    } catch (RuntimeException e) {
      ok = false;
    }
    byte[] body = (ok ? "ok\n" : "not ready\n").getBytes(StandardCharsets.UTF_8);
    ex.getResponseHeaders().set("Content-Type", "text/plain; charset=utf-8");
    ex.sendResponseHeaders(ok ? 200 : 503, body.length);
    try (var out = ex.getResponseBody()) {
      out.write(body);
    }
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
