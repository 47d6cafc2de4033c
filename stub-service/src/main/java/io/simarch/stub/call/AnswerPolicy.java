package io.simarch.stub.call;

import io.simarch.stub.core.Outcome;
import io.simarch.stub.core.Wire;

/**
 * What a caller makes of an HTTP answer from a callee: the attempt's outcome, whether another
 * attempt may follow, and what the callee's circuit breaker records. Timeouts and connection
 * failures never got an answer and are settled in {@link DependencyCaller}.
 *
 * <p>Overload is the case this policy exists for. A callee that shed the request (503 {@value
 * Wire#SHED}) is busy, not broken: the attempt may be retried (in {@code failover} mode on another
 * instance) and the breaker records nothing, so load does not open breakers that push it onto the
 * remaining instances. A callee that answers 503 {@value Wire#SHED_DOWNSTREAM} has already spent
 * its own attempts on the overloaded tier below: retrying it here would multiply that tier's load
 * by this caller's attempts at every level, so it is final.
 */
record AnswerPolicy(Outcome outcome, boolean retryable, Breaker breaker) {
  /** What the callee instance's breaker records for the attempt. */
  enum Breaker {
    SUCCESS,
    FAILURE,
    /** Nothing: the permission is released. */
    IGNORE
  }

  static AnswerPolicy of(int status, String calleeOutcome) {
    if (status < 400 || status == 404) {
      return new AnswerPolicy(Outcome.OK, false, Breaker.SUCCESS);
    }
    if (status == 503 && Wire.SHED.equals(calleeOutcome)) {
      return new AnswerPolicy(Outcome.SHED, true, Breaker.IGNORE);
    }
    if (status == 503 && Wire.SHED_DOWNSTREAM.equals(calleeOutcome)) {
      return new AnswerPolicy(Outcome.SHED_DOWNSTREAM, false, Breaker.IGNORE);
    }
    if (Outcome.BUDGET_EXHAUSTED.label().equals(calleeOutcome)) {
      // the caller's own budget ran out on the way: says nothing about the instance
      return new AnswerPolicy(Outcome.ERROR, true, Breaker.IGNORE);
    }
    if (status == Wire.THROTTLED_STATUS) {
      // throttling is worth another try, as AWS's SDKs retry it
      return new AnswerPolicy(Outcome.ERROR, true, Breaker.FAILURE);
    }
    if (status < 500) {
      return new AnswerPolicy(Outcome.ERROR, false, Breaker.SUCCESS);
    }
    return new AnswerPolicy(Outcome.ERROR, true, Breaker.FAILURE);
  }
}
