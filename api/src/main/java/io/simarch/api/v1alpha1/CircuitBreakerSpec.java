package io.simarch.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;

/** A circuit breaker per dependency instance. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class CircuitBreakerSpec {
  @JsonPropertyDescription(
      "Whether calls go through a circuit breaker. Default false: spigo had none, and with one"
          + " the only instance of a tier (an elb) is shut off for openDuration by a slow start.")
  private Boolean enabled;

  @JsonPropertyDescription("Failure percentage that opens the breaker. Default 50.")
  @Min(1)
  @Max(100)
  private Integer failureRateThreshold;

  @JsonPropertyDescription("Calls recorded before the failure rate counts. Default 10.")
  @Min(1)
  private Integer minimumCalls;

  @JsonPropertyDescription(
      "How long an open breaker rejects calls before it half-opens. Default 5s.")
  @Pattern(Patterns.DURATION)
  private String openDuration;

  public Boolean getEnabled() {
    return enabled;
  }

  public void setEnabled(Boolean enabled) {
    this.enabled = enabled;
  }

  public Integer getFailureRateThreshold() {
    return failureRateThreshold;
  }

  public void setFailureRateThreshold(Integer failureRateThreshold) {
    this.failureRateThreshold = failureRateThreshold;
  }

  public Integer getMinimumCalls() {
    return minimumCalls;
  }

  public void setMinimumCalls(Integer minimumCalls) {
    this.minimumCalls = minimumCalls;
  }

  public String getOpenDuration() {
    return openDuration;
  }

  public void setOpenDuration(String openDuration) {
    this.openDuration = openDuration;
  }
}
