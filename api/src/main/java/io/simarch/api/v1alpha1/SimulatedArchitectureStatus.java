package io.simarch.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.kubernetes.api.model.Condition;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/** Observed state, written by one status aggregator in the operator. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class SimulatedArchitectureStatus {
  @JsonPropertyDescription("The metadata.generation this status describes.")
  private Long observedGeneration;

  @JsonPropertyDescription(
      "Valid, Ready, Progressing and TimeoutBudget, in the standard condition shape.")
  private List<Condition> conditions = new ArrayList<>();

  @JsonPropertyDescription("Desired and ready instances per service.")
  private List<ServiceStatus> services = new ArrayList<>();

  @JsonPropertyDescription("Number of services.")
  private Integer serviceCount;

  @JsonPropertyDescription("Instances wanted by the resolved plan.")
  private Integer desiredInstances;

  @JsonPropertyDescription("Instances ready.")
  private Integer readyInstances;

  @JsonPropertyDescription("ready/desired, for the printer column.")
  private String instances;

  @JsonPropertyDescription("What the chaos controller did and will do.")
  private ChaosStatus chaos;

  public Long getObservedGeneration() {
    return observedGeneration;
  }

  public void setObservedGeneration(Long observedGeneration) {
    this.observedGeneration = observedGeneration;
  }

  public List<Condition> getConditions() {
    return conditions;
  }

  public void setConditions(List<Condition> conditions) {
    this.conditions = conditions;
  }

  public List<ServiceStatus> getServices() {
    return services;
  }

  public void setServices(List<ServiceStatus> services) {
    this.services = services;
  }

  public Integer getServiceCount() {
    return serviceCount;
  }

  public void setServiceCount(Integer serviceCount) {
    this.serviceCount = serviceCount;
  }

  public Integer getDesiredInstances() {
    return desiredInstances;
  }

  public void setDesiredInstances(Integer desiredInstances) {
    this.desiredInstances = desiredInstances;
  }

  public Integer getReadyInstances() {
    return readyInstances;
  }

  public void setReadyInstances(Integer readyInstances) {
    this.readyInstances = readyInstances;
  }

  public String getInstances() {
    return instances;
  }

  public void setInstances(String instances) {
    this.instances = instances;
  }

  public ChaosStatus getChaos() {
    return chaos;
  }

  public void setChaos(ChaosStatus chaos) {
    this.chaos = chaos;
  }

  @Override
  public boolean equals(Object o) {
    if (!(o instanceof SimulatedArchitectureStatus s)) {
      return false;
    }
    return Objects.equals(observedGeneration, s.observedGeneration)
        && Objects.equals(conditions, s.conditions)
        && Objects.equals(services, s.services)
        && Objects.equals(serviceCount, s.serviceCount)
        && Objects.equals(desiredInstances, s.desiredInstances)
        && Objects.equals(readyInstances, s.readyInstances)
        && Objects.equals(instances, s.instances)
        && Objects.equals(chaos, s.chaos);
  }

  @Override
  public int hashCode() {
    return Objects.hash(observedGeneration, conditions, services, readyInstances, chaos);
  }
}
