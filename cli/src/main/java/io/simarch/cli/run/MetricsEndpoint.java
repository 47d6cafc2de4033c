package io.simarch.cli.run;

import com.sun.net.httpserver.HttpServer;
import io.simarch.api.model.Plan;
import io.simarch.stub.local.StubInstance;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * One Prometheus endpoint for a whole local run ({@code --metrics-port}): every instance's
 * counters, labelled by service and instance, so one scrape job sees the architecture. Each
 * instance also serves its own /metrics on its own port.
 */
final class MetricsEndpoint implements AutoCloseable {
  private final HttpServer server;

  private MetricsEndpoint(HttpServer server) {
    this.server = server;
  }

  static MetricsEndpoint start(int port, Plan plan, Map<String, StubInstance> byNode)
      throws IOException {
    var server =
        HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 0);
    server.createContext(
        "/metrics",
        exchange -> {
          byte[] body = render(plan, byNode).getBytes(StandardCharsets.UTF_8);
          exchange.getResponseHeaders().add("Content-Type", "text/plain; version=0.0.4");
          exchange.sendResponseHeaders(200, body.length);
          try (var out = exchange.getResponseBody()) {
            out.write(body);
          }
        });
    server.start();
    return new MetricsEndpoint(server);
  }

  int port() {
    return server.getAddress().getPort();
  }

  static String render(Plan plan, Map<String, StubInstance> byNode) {
    var sb = new StringBuilder();
    String[][] metrics = {
      {"simarch_requests_total", "Requests an instance served."},
      {"simarch_errors_total", "Requests an instance answered with an error."},
      {"simarch_retries_total", "Retries an instance sent to its dependencies."},
      {"simarch_timeouts_total", "Dependency attempts that timed out."},
      {"simarch_budget_exhausted_total", "Requests failed fast because their deadline was spent."},
      {"simarch_instance_up", "1 while the instance runs, 0 after the chaos monkey killed it."},
    };
    for (String[] m : metrics) {
      sb.append("# HELP ").append(m[0]).append(' ').append(m[1]).append('\n');
      sb.append("# TYPE ").append(m[0]).append(m[0].endsWith("_total") ? " counter\n" : " gauge\n");
      for (Plan.Instance i : plan.instances()) {
        StubInstance inst = byNode.get(i.name());
        var s = inst.stats();
        long v =
            switch (m[0]) {
              case "simarch_requests_total" -> s.requests();
              case "simarch_errors_total" -> s.errors();
              case "simarch_retries_total" -> s.retries();
              case "simarch_timeouts_total" -> s.timeouts();
              case "simarch_budget_exhausted_total" -> s.budgetExhausted();
              default -> inst.isRunning() ? 1 : 0;
            };
        sb.append(m[0])
            .append("{architecture=\"")
            .append(plan.arch())
            .append("\",service=\"")
            .append(i.service())
            .append("\",instance=\"")
            .append(i.id())
            .append("\",region=\"")
            .append(i.region())
            .append("\",zone=\"")
            .append(i.zone())
            .append("\"} ")
            .append(v)
            .append('\n');
      }
    }
    return sb.toString();
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
