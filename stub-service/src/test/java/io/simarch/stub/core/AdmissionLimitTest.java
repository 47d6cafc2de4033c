package io.simarch.stub.core;

import static org.assertj.core.api.Assertions.assertThat;

import com.netflix.concurrency.limits.Limiter;
import io.simarch.stub.core.AdmissionLimit.Sample;
import java.util.ArrayList;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The limiter's wiring on a clock of the test's own: the bound, shedding, and adaptation. */
class AdmissionLimitTest {
  private long now = 1_000_000_000L;

  @ParameterizedTest(name = "{0} {1}: {2}")
  @CsvSource(
      nullValues = "-",
      value = {
        "200, -,                SERVED",
        "404, -,                SERVED",
        "429, throttled,        SERVED",
        "500, injected,         SERVED",
        "504, timeout,          DROPPED",
        "504, budget-exhausted, DROPPED",
        // fast failures from further down say nothing about this instance's queue
        "503, shed-downstream,  IGNORED",
        "503, circuit-open,     IGNORED",
        "503, no-instance,      IGNORED",
        "502, error,            IGNORED",
        "500, -,                IGNORED",
      })
  void whatAnAnswerTellsTheLimit(int status, String outcome, Sample expected) {
    assertThat(AdmissionLimit.sample(status, outcome)).isEqualTo(expected);
  }

  @Test
  void aSmallBoundIsTheStartingLimitAndTheExcessIsRefused() {
    var limit = new AdmissionLimit(4, () -> now);
    assertThat(limit.limit()).isEqualTo(4);
    for (int i = 0; i < 4; i++) {
      assertThat(limit.acquire()).isPresent();
    }
    assertThat(limit.acquire()).isEmpty();
  }

  @Test
  void theLimitGrowsToTheBoundShrinksWhenLatencyRisesAndRecovers() {
    var limit = new AdmissionLimit(64, () -> now);
    assertThat(limit.limit()).isEqualTo(AdmissionLimit.INITIAL);

    rounds(limit, 200, 1);
    assertThat(limit.limit()).isEqualTo(64); // never past the bound, however fast

    rounds(limit, 20, 25);
    int overloaded = limit.limit();
    assertThat(overloaded).isLessThan(8);
    assertThat(limit.acquire()).as("the instance still serves").isPresent();

    rounds(limit, 200, 1);
    assertThat(limit.limit()).isGreaterThan(4 * overloaded);
  }

  @Test
  void answersThatSayNothingAboutLoadLeaveTheLimitAlone() {
    var limit = new AdmissionLimit(64, () -> now);
    for (int round = 0; round < 20; round++) {
      var tokens = acquireAll(limit);
      now += TimeUnit.MILLISECONDS.toNanos(round == 0 ? 1 : 25);
      tokens.forEach(t -> AdmissionLimit.release(t, 503, Wire.SHED_DOWNSTREAM));
    }
    assertThat(limit.limit()).isEqualTo(AdmissionLimit.INITIAL);
  }

  /** Rounds of demand at the full limit, each request taking {@code ms}. */
  private void rounds(AdmissionLimit limit, int n, long ms) {
    for (int round = 0; round < n; round++) {
      var tokens = acquireAll(limit);
      now += TimeUnit.MILLISECONDS.toNanos(ms);
      tokens.forEach(t -> AdmissionLimit.release(t, 200, null));
    }
  }

  private static ArrayList<Limiter.Listener> acquireAll(AdmissionLimit limit) {
    var tokens = new ArrayList<Limiter.Listener>();
    for (Optional<Limiter.Listener> t = limit.acquire(); t.isPresent(); t = limit.acquire()) {
      tokens.add(t.get());
    }
    return tokens;
  }
}
