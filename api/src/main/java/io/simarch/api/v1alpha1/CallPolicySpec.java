package io.simarch.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;

/**
 * How a caller treats one dependency: timeout, retries and their mode, the deadline budget, backoff
 * and circuit breaking. Every field is optional; unset fields inherit, field by field, from the
 * less specific level (dependency → service → architecture → built-in default).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class CallPolicySpec {
  @JsonPropertyDescription("Timeout of one attempt. Default 1s.")
  @Pattern(Patterns.DURATION)
  private String timeout;

  @JsonPropertyDescription(
      "Retries after the first attempt (so retries + 1 calls at most). Default 0.")
  @Min(0)
  @Max(10)
  private Integer retries;

  @JsonPropertyDescription(
      "none: never retry. immediate: retry on any instance, possibly the one that just failed"
          + " (the classic bad configuration). failover: retry on another instance, never the one"
          + " that just failed. Default none.")
  @Pattern(Patterns.RETRY_MODE)
  private String retryMode;

  @JsonPropertyDescription(
      "When true the caller's remaining time travels with the request; each hop uses"
          + " min(timeout, remaining budget − budgetMargin) and fails fast without calling"
          + " anyone once the budget is spent. Default false.")
  private Boolean budget;

  @JsonPropertyDescription(
      "Time a hop keeps back from the remaining budget for its own reply. Default 5ms.")
  @Pattern(Patterns.DURATION)
  private String budgetMargin;

  @JsonPropertyDescription(
      "Deadline given to a request that arrives without one, when budget is true. Default the"
          + " attempt timeout × (retries + 1).")
  @Pattern(Patterns.DURATION)
  private String deadline;

  @JsonPropertyDescription("Wait between attempts.")
  private BackoffSpec backoff;

  @JsonPropertyDescription("Circuit breaker kept per dependency instance.")
  private CircuitBreakerSpec circuitBreaker;

  public String getTimeout() {
    return timeout;
  }

  public void setTimeout(String timeout) {
    this.timeout = timeout;
  }

  public Integer getRetries() {
    return retries;
  }

  public void setRetries(Integer retries) {
    this.retries = retries;
  }

  public String getRetryMode() {
    return retryMode;
  }

  public void setRetryMode(String retryMode) {
    this.retryMode = retryMode;
  }

  public Boolean getBudget() {
    return budget;
  }

  public void setBudget(Boolean budget) {
    this.budget = budget;
  }

  public String getBudgetMargin() {
    return budgetMargin;
  }

  public void setBudgetMargin(String budgetMargin) {
    this.budgetMargin = budgetMargin;
  }

  public String getDeadline() {
    return deadline;
  }

  public void setDeadline(String deadline) {
    this.deadline = deadline;
  }

  public BackoffSpec getBackoff() {
    return backoff;
  }

  public void setBackoff(BackoffSpec backoff) {
    this.backoff = backoff;
  }

  public CircuitBreakerSpec getCircuitBreaker() {
    return circuitBreaker;
  }

  public void setCircuitBreaker(CircuitBreakerSpec circuitBreaker) {
    this.circuitBreaker = circuitBreaker;
  }
}
