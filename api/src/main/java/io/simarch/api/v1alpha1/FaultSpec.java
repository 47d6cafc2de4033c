package io.simarch.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;

/** A fault the victims' stubs inject for a window instead of (or besides) being killed. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class FaultSpec {
  @JsonPropertyDescription("Latency added to every request of a victim.")
  @Pattern(Patterns.DURATION)
  private String addedLatency;

  @JsonPropertyDescription("Fraction of a victim's requests that fail.")
  @Min(0)
  @Max(1)
  private Double errorRate;

  @JsonPropertyDescription("When the fault starts, from the start of traffic.")
  @Pattern(Patterns.DURATION)
  private String start;

  @JsonPropertyDescription("How long the fault lasts.")
  @Pattern(Patterns.DURATION)
  private String duration;

  public String getAddedLatency() {
    return addedLatency;
  }

  public void setAddedLatency(String addedLatency) {
    this.addedLatency = addedLatency;
  }

  public Double getErrorRate() {
    return errorRate;
  }

  public void setErrorRate(Double errorRate) {
    this.errorRate = errorRate;
  }

  public String getStart() {
    return start;
  }

  public void setStart(String start) {
    this.start = start;
  }

  public String getDuration() {
    return duration;
  }

  public void setDuration(String duration) {
    this.duration = duration;
  }
}
