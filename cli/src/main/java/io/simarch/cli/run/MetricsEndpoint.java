package io.simarch.cli.run;

import io.prometheus.metrics.exporter.httpserver.HTTPServer;
import io.prometheus.metrics.model.registry.MultiCollector;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import io.simarch.stub.local.StubInstance;
import io.simarch.stub.telemetry.Exposition;
import java.io.IOException;
import java.net.InetAddress;
import java.util.List;

/**
 * One Prometheus endpoint for a whole local run ({@code --metrics-port}): every running instance's
 * series, in the schema a pod serves, each labelled with its architecture, service, instance,
 * region and zone, so one scrape job sees the architecture. A killed instance leaves the scrape, as
 * a deleted pod leaves Prometheus's targets. Each instance also serves its own /metrics on its own
 * port.
 */
final class MetricsEndpoint implements AutoCloseable {
  private final HTTPServer server;

  private MetricsEndpoint(HTTPServer server) {
    this.server = server;
  }

  static MetricsEndpoint start(int port, List<StubInstance> instances) throws IOException {
    var registry = new PrometheusRegistry();
    registry.register((MultiCollector) () -> collect(instances));
    return new MetricsEndpoint(
        HTTPServer.builder()
            .inetAddress(InetAddress.getLoopbackAddress())
            .port(port)
            .registry(registry)
            .buildAndStart());
  }

  static MetricSnapshots collect(List<StubInstance> instances) {
    return Exposition.merge(
        instances.stream().filter(StubInstance::isRunning).map(StubInstance::metrics).toList());
  }

  int port() {
    return server.getPort();
  }

  @Override
  public void close() {
    server.close();
  }
}
