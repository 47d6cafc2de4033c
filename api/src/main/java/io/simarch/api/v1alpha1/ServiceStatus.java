package io.simarch.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import java.util.Objects;

/** Instances of one service. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class ServiceStatus {
  @JsonPropertyDescription("Service name as in the spec.")
  private String name;

  @JsonPropertyDescription("Instances the plan wants.")
  private Integer desired;

  @JsonPropertyDescription("Instances ready.")
  private Integer ready;

  public ServiceStatus() {}

  public ServiceStatus(String name, int desired, int ready) {
    this.name = name;
    this.desired = desired;
    this.ready = ready;
  }

  public String getName() {
    return name;
  }

  public void setName(String name) {
    this.name = name;
  }

  public Integer getDesired() {
    return desired;
  }

  public void setDesired(Integer desired) {
    this.desired = desired;
  }

  public Integer getReady() {
    return ready;
  }

  public void setReady(Integer ready) {
    this.ready = ready;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ServiceStatus s
        && Objects.equals(name, s.name)
        && Objects.equals(desired, s.desired)
        && Objects.equals(ready, s.ready);
  }

  @Override
  public int hashCode() {
    return Objects.hash(name, desired, ready);
  }
}
