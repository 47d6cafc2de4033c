package io.simarch.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;

/** Traffic the root service generates. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class TrafficSpec {
  @JsonPropertyDescription(
      "Time between two requests of one root instance (spigo's `-kv chat:10ms`). Default 10ms."
          + " Ignored when `rate` is set.")
  @Pattern(Patterns.DURATION)
  private String interval;

  @JsonPropertyDescription("Requests per second per root instance; overrides `interval`.")
  @Min(0)
  @Max(10000)
  private Double rate;

  @JsonPropertyDescription(
      "How long the root sends traffic. `0` (the default) means forever in a cluster; the local"
          + " runtime's --duration bounds it.")
  @Pattern(Patterns.DURATION)
  private String duration;

  @JsonPropertyDescription(
      "Relative weights of the request kinds, spigo's mix: a third each by default.")
  private RequestMixSpec mix;

  @JsonPropertyDescription(
      "Requests the root may have in flight at once; further ticks are counted as skipped."
          + " Default 1000.")
  @Min(1)
  private Integer maxInFlight;

  public String getInterval() {
    return interval;
  }

  public void setInterval(String interval) {
    this.interval = interval;
  }

  public Double getRate() {
    return rate;
  }

  public void setRate(Double rate) {
    this.rate = rate;
  }

  public String getDuration() {
    return duration;
  }

  public void setDuration(String duration) {
    this.duration = duration;
  }

  public RequestMixSpec getMix() {
    return mix;
  }

  public void setMix(RequestMixSpec mix) {
    this.mix = mix;
  }

  public Integer getMaxInFlight() {
    return maxInFlight;
  }

  public void setMaxInFlight(Integer maxInFlight) {
    this.maxInFlight = maxInFlight;
  }
}
