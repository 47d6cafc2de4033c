package io.simarch.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;

/**
 * A latency distribution. fixed uses {@code mean}; normal uses {@code mean} and {@code stddev};
 * lognormal uses {@code p50} and {@code p99}.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class LatencySpec {
  @JsonPropertyDescription("fixed, normal or lognormal. Default fixed.")
  @Pattern(Patterns.LATENCY_DISTRIBUTION)
  private String distribution;

  @JsonPropertyDescription("fixed value, or the mean of a normal distribution.")
  @Pattern(Patterns.DURATION)
  private String mean;

  @JsonPropertyDescription("Standard deviation of a normal distribution.")
  @Pattern(Patterns.DURATION)
  private String stddev;

  @JsonPropertyDescription("Median of a lognormal distribution.")
  @Pattern(Patterns.DURATION)
  private String p50;

  @JsonPropertyDescription("99th percentile of a lognormal distribution (must exceed p50).")
  @Pattern(Patterns.DURATION)
  private String p99;

  public String getDistribution() {
    return distribution;
  }

  public void setDistribution(String distribution) {
    this.distribution = distribution;
  }

  public String getMean() {
    return mean;
  }

  public void setMean(String mean) {
    this.mean = mean;
  }

  public String getStddev() {
    return stddev;
  }

  public void setStddev(String stddev) {
    this.stddev = stddev;
  }

  public String getP50() {
    return p50;
  }

  public void setP50(String p50) {
    this.p50 = p50;
  }

  public String getP99() {
    return p99;
  }

  public void setP99(String p99) {
    this.p99 = p99;
  }
}
