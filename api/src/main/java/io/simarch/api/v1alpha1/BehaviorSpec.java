package io.simarch.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;

/** What a service does with a request besides its role: its own latency, errors, payload. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class BehaviorSpec {
  @JsonPropertyDescription("Service time added to every request. Default none (0).")
  private LatencySpec latency;

  @JsonPropertyDescription(
      "Fraction of requests that fail with HTTP 500 (random, from the seed). Default 0.")
  @Min(0)
  @Max(1)
  private Double errorRate;

  @JsonPropertyDescription("Bytes of payload in every response. Default 0.")
  @Min(0)
  @Max(10485760)
  private Integer responseSize;

  @JsonPropertyDescription(
      "Most requests one instance serves at once, and its limit while it keeps up; when the"
          + " stub itself is overloaded (its own time per request, beyond the simulated service"
          + " time and dependency calls, rises) the limit drops below it and recovers after,"
          + " shown as simarch_in_flight_limit. A request past the current limit is answered 503"
          + " at once (shed), counted in simarch_shed_requests_total and marked simarch.shed on"
          + " its span. Default 256.")
  @Min(1)
  @Max(1000000)
  private Integer inFlightLimit;

  public LatencySpec getLatency() {
    return latency;
  }

  public void setLatency(LatencySpec latency) {
    this.latency = latency;
  }

  public Double getErrorRate() {
    return errorRate;
  }

  public void setErrorRate(Double errorRate) {
    this.errorRate = errorRate;
  }

  public Integer getResponseSize() {
    return responseSize;
  }

  public void setResponseSize(Integer responseSize) {
    this.responseSize = responseSize;
  }

  public Integer getInFlightLimit() {
    return inFlightLimit;
  }

  public void setInFlightLimit(Integer inFlightLimit) {
    this.inFlightLimit = inFlightLimit;
  }
}
