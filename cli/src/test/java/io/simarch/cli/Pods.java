package io.simarch.cli;

import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import io.simarch.api.model.StubConfig;
import io.simarch.api.model.Traffic;
import io.simarch.stub.app.PodApp;
import io.simarch.stub.local.StubHost;
import java.util.List;
import java.util.Map;

/** Stubs in pod mode (the Micronaut app) on loopback, as tests start several on one host. */
final class Pods {
  private Pods() {}

  /**
   * @param exporter where its spans go, or null for no tracing
   */
  static PodApp start(StubConfig config, SpanExporter exporter) {
    int port = StubHost.freePorts(1)[0];
    return PodApp.start(
        config,
        // several pods on one host: each its own health listener port, not the pod's fixed 8081
        Map.of(
            "micronaut.server.port",
            port,
            "micronaut.server.host",
            "127.0.0.1",
            PodApp.HEALTH_PORT_PROPERTY,
            0),
        exporter,
        Resource.empty(),
        1.0);
  }

  /** One instance of {@code service} in us-east-1, zoneA. */
  static StubConfig config(
      String architecture,
      String service,
      String pkg,
      String instance,
      List<StubConfig.Dependency> deps,
      Traffic traffic) {
    return new StubConfig(
        architecture,
        service,
        pkg,
        instance,
        "us-east-1",
        "zoneA",
        1,
        false,
        null,
        traffic,
        deps,
        null,
        null);
  }
}
