package io.simarch.operator.architecture.desired;

import io.fabric8.kubernetes.api.model.EnvVar;
import io.simarch.api.model.Plan;
import io.simarch.api.model.Tracing;
import java.util.ArrayList;
import java.util.List;

/** OpenTelemetry SDK settings of a stub container, from {@code spec.tracing}. */
final class OtelEnv {
  private OtelEnv() {}

  static List<EnvVar> of(
      DesiredArchitecture arch, DesiredArchitecture.ServiceModel service, Plan.Cell cell) {
    Tracing tracing = arch.tracing();
    var env = new ArrayList<EnvVar>();
    env.add(StubDeployments.value("OTEL_SERVICE_NAME", service.name()));
    env.add(StubDeployments.value("OTEL_RESOURCE_ATTRIBUTES", resourceAttributes(arch, cell)));
    // metrics go to Prometheus and logs to stdout; never let the SDK look for a collector for them
    env.add(StubDeployments.value("OTEL_METRICS_EXPORTER", "none"));
    env.add(StubDeployments.value("OTEL_LOGS_EXPORTER", "none"));
    tracing.exporterEnv().forEach((k, v) -> env.add(StubDeployments.value(k, v)));
    if (!tracing.enabled()) {
      return env;
    }
    env.add(StubDeployments.value("OTEL_TRACES_SAMPLER", "parentbased_traceidratio"));
    env.add(StubDeployments.value("OTEL_TRACES_SAMPLER_ARG", String.valueOf(tracing.sampling())));
    return env;
  }

  /**
   * {@code service.namespace} is the architecture (spigo's trace namespace); the instance id is the
   * pod name, which the env var SIMARCH_INSTANCE (declared before this one) expands to.
   */
  private static String resourceAttributes(DesiredArchitecture arch, Plan.Cell cell) {
    var attrs = new ArrayList<String>();
    attrs.add("service.namespace=" + arch.plan().arch());
    attrs.add("service.instance.id=$(SIMARCH_INSTANCE)");
    attrs.add("k8s.pod.name=$(SIMARCH_INSTANCE)");
    if (arch.namespace() != null) {
      attrs.add("k8s.namespace.name=" + arch.namespace());
    }
    if (!Plan.ANY.equals(cell.region())) {
      attrs.add("cloud.region=" + cell.region());
    }
    if (!Plan.ANY.equals(cell.zone())) {
      attrs.add("cloud.availability_zone=" + cell.zone());
    }
    return String.join(",", attrs);
  }
}
