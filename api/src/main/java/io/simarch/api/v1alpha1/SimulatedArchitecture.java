package io.simarch.api.v1alpha1;

import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.ShortNames;
import io.fabric8.kubernetes.model.annotation.Version;

/**
 * A microservice architecture that simarch turns into running stub-service instances: spigo's
 * architecture file plus simarch's traffic, call-policy, behaviour, chaos and telemetry settings.
 */
@Group(SimulatedArchitecture.GROUP)
@Version(SimulatedArchitecture.VERSION)
@ShortNames("simarch")
@AdditionalPrinterColumn(
    name = "Age",
    jsonPath = ".metadata.creationTimestamp",
    type = AdditionalPrinterColumn.Type.DATE)
@AdditionalPrinterColumn(
    name = "Ready",
    jsonPath = ".status.conditions[?(@.type==\"Ready\")].status",
    type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(
    name = "Victim",
    jsonPath = ".spec.victim",
    type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(
    name = "Instances",
    jsonPath = ".status.instances",
    type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(
    name = "Services",
    jsonPath = ".status.serviceCount",
    type = AdditionalPrinterColumn.Type.INTEGER)
public class SimulatedArchitecture
    extends CustomResource<SimulatedArchitectureSpec, SimulatedArchitectureStatus>
    implements Namespaced {
  public static final String GROUP = "simarch.io";
  public static final String VERSION = "v1alpha1";
  public static final String API_VERSION = GROUP + "/" + VERSION;
  public static final String KIND = "SimulatedArchitecture";

  public SimulatedArchitecture() {}

  public SimulatedArchitecture(String name, SimulatedArchitectureSpec spec) {
    getMetadata().setName(name);
    setSpec(spec);
  }
}
