package io.simarch.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;

/** Exponential backoff with jitter between attempts. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class BackoffSpec {
  @JsonPropertyDescription("Wait before the first retry. Default 0 (retry at once).")
  @Pattern(Patterns.DURATION)
  private String initial;

  @JsonPropertyDescription("Upper bound of one wait. Default 1s.")
  @Pattern(Patterns.DURATION)
  private String max;

  @JsonPropertyDescription("Growth factor from one wait to the next. Default 2.")
  @Min(1)
  @Max(10)
  private Double multiplier;

  @JsonPropertyDescription(
      "Random spread of each wait, as a fraction of it (0.2 = ±20%). Default 0.2.")
  @Min(0)
  @Max(1)
  private Double jitter;

  public String getInitial() {
    return initial;
  }

  public void setInitial(String initial) {
    this.initial = initial;
  }

  public String getMax() {
    return max;
  }

  public void setMax(String max) {
    this.max = max;
  }

  public Double getMultiplier() {
    return multiplier;
  }

  public void setMultiplier(Double multiplier) {
    this.multiplier = multiplier;
  }

  public Double getJitter() {
    return jitter;
  }

  public void setJitter(Double jitter) {
    this.jitter = jitter;
  }
}
