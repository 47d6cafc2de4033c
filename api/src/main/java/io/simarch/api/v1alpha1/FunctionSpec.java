package io.simarch.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;

/** A {@code lambda} service's function settings: environments, cold starts, limits, price. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class FunctionSpec {
  @JsonPropertyDescription(
      "Memory size in MiB (AWS Lambda's 128 to 10240); billed GB-seconds are duration × memory."
          + " Default 128.")
  @Min(128)
  @Max(10240)
  private Integer memoryMb;

  @JsonPropertyDescription(
      "Time an invocation that finds no idle execution environment spends starting one. Default"
          + " lognormal, p50 250ms, p99 1.5s.")
  private LatencySpec coldStart;

  @JsonPropertyDescription(
      "An execution environment unused this long is discarded; the next invocation that needs it"
          + " starts cold. Default 5m.")
  @Pattern(Patterns.DURATION)
  private String idleTimeout;

  @JsonPropertyDescription(
      "Invocations one instance runs at once (its reserved concurrency); more are answered 429"
          + " (throttled) and counted in simarch_throttled_requests_total. Default 1000.")
  @Min(1)
  @Max(100000)
  private Integer concurrency;

  @JsonPropertyDescription(
      "Price of one GB-second in USD. Default 0.0000166667 (AWS Lambda, x86, us-east-1, first"
          + " tier).")
  @Min(0)
  private Double pricePerGbSecond;

  @JsonPropertyDescription(
      "Price of one invocation in USD. Default 0.0000002 (AWS Lambda: $0.20 per million).")
  @Min(0)
  private Double pricePerRequest;

  public Integer getMemoryMb() {
    return memoryMb;
  }

  public void setMemoryMb(Integer memoryMb) {
    this.memoryMb = memoryMb;
  }

  public LatencySpec getColdStart() {
    return coldStart;
  }

  public void setColdStart(LatencySpec coldStart) {
    this.coldStart = coldStart;
  }

  public String getIdleTimeout() {
    return idleTimeout;
  }

  public void setIdleTimeout(String idleTimeout) {
    this.idleTimeout = idleTimeout;
  }

  public Integer getConcurrency() {
    return concurrency;
  }

  public void setConcurrency(Integer concurrency) {
    this.concurrency = concurrency;
  }

  public Double getPricePerGbSecond() {
    return pricePerGbSecond;
  }

  public void setPricePerGbSecond(Double pricePerGbSecond) {
    this.pricePerGbSecond = pricePerGbSecond;
  }

  public Double getPricePerRequest() {
    return pricePerRequest;
  }

  public void setPricePerRequest(Double pricePerRequest) {
    this.pricePerRequest = pricePerRequest;
  }
}
