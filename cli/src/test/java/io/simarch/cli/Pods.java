package io.simarch.cli;

import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import io.simarch.api.model.Defaults;
import io.simarch.api.model.StubConfig;
import io.simarch.api.model.Traffic;
import io.simarch.api.v1alpha1.ServiceSpec;
import io.simarch.stub.app.PodApp;
import java.util.List;

/** Stubs in pod mode (the Micronaut app) on loopback, as tests start several on one host. */
final class Pods {
  private Pods() {}

  /**
   * @param exporter where its spans go, or null for no tracing
   */
  static PodApp start(StubConfig config, SpanExporter exporter) {
    return PodApp.start(
        config,
        // several pods on one host: each its own health listener port, not the pod's fixed 8081
        PodApp.Listen.loopback(),
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
        null,
        Defaults.faas(new ServiceSpec(service, pkg, 1, 1)));
  }
}
