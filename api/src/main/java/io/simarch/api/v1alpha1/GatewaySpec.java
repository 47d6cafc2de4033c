package io.simarch.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;

/**
 * An {@code apigateway} service's rate limit. A route's timeout is its call policy's: one setting,
 * {@code dependencyPolicies.<route>.timeout}.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class GatewaySpec {
  @JsonPropertyDescription(
      "Requests per second one instance lets through; more are answered 429 at once and counted"
          + " in simarch_throttled_requests_total. Default 10000 (AWS's account default).")
  @Min(0.001)
  @Max(1000000)
  private Double rateLimit;

  @JsonPropertyDescription(
      "Requests let through at once after a quiet spell (the token bucket's size). Default"
          + " 5000 (AWS's).")
  @Min(1)
  @Max(1000000)
  private Integer burst;

  public Double getRateLimit() {
    return rateLimit;
  }

  public void setRateLimit(Double rateLimit) {
    this.rateLimit = rateLimit;
  }

  public Integer getBurst() {
    return burst;
  }

  public void setBurst(Integer burst) {
    this.burst = burst;
  }
}
