package io.simarch.stub.call;

import io.simarch.stub.core.Outcome;

/** Why an attempt failed; retryable tells resilience4j whether to try again. */
final class AttemptFailure extends RuntimeException {
  final Outcome outcome;
  final boolean retryable;
  final String reason;

  AttemptFailure(Outcome outcome, boolean retryable, String reason) {
    super(outcome.label() + ": " + reason, null, false, false); // control flow: no stack trace
    this.outcome = outcome;
    this.retryable = retryable;
    this.reason = reason;
  }

  AttemptFailure notRetryable() {
    return retryable ? new AttemptFailure(outcome, false, reason) : this;
  }
}
