package io.simarch.api.model;

/**
 * A resolved call policy: every value set. Times in milliseconds.
 *
 * @param deadlineMs the budget given to a request that arrives without one (budget mode only)
 */
public record CallPolicy(
    long timeoutMs,
    int retries,
    RetryMode retryMode,
    boolean budget,
    long budgetMarginMs,
    long deadlineMs,
    Backoff backoff,
    CircuitBreaker circuitBreaker) {

  /** Exponential backoff with jitter; {@code initialMs} 0 retries at once. */
  public record Backoff(long initialMs, long maxMs, double multiplier, double jitter) {}

  /** A breaker per dependency instance. */
  public record CircuitBreaker(
      boolean enabled, int failureRateThreshold, int minimumCalls, long openDurationMs) {}

  /** Attempts at most: the first call plus the retries, unless the mode forbids retrying. */
  public int maxAttempts() {
    return retryMode == RetryMode.NONE ? 1 : retries + 1;
  }
}
