package io.simarch.stub.call;

import static org.assertj.core.api.Assertions.assertThat;

import io.simarch.stub.call.AnswerPolicy.Breaker;
import io.simarch.stub.core.Outcome;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The caller's reading of every kind of answer, shed load first. */
class AnswerPolicyTest {
  @ParameterizedTest(name = "{0} {1}: {2}, retry {3}, breaker {4}")
  @CsvSource(
      nullValues = "-",
      value = {
        // status, callee's outcome, attempt outcome, retryable, breaker
        "200, -,                OK,              false, SUCCESS",
        "404, -,                OK,              false, SUCCESS",
        // the callee is busy, not broken: another instance may have room; no breaker trips on load
        "503, shed,             SHED,            true,  IGNORE",
        // the callee already spent its attempts on the tier below: retrying multiplies that load
        "503, shed-downstream,  SHED_DOWNSTREAM, false, IGNORE",
        "503, circuit-open,     ERROR,           true,  FAILURE",
        "503, no-instance,      ERROR,           true,  FAILURE",
        "503, -,                ERROR,           true,  FAILURE",
        "500, injected,         ERROR,           true,  FAILURE",
        "502, error,            ERROR,           true,  FAILURE",
        "504, timeout,          ERROR,           true,  FAILURE",
        "504, budget-exhausted, ERROR,           true,  IGNORE",
        "429, throttled,        ERROR,           true,  FAILURE",
        "400, -,                ERROR,           false, SUCCESS",
      })
  void readsTheAnswer(
      int status, String outcome, Outcome expected, boolean retryable, Breaker breaker) {
    assertThat(AnswerPolicy.of(status, outcome))
        .isEqualTo(new AnswerPolicy(expected, retryable, breaker));
  }
}
