package io.simarch.stub.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The limiter's wiring on a clock of the test's own: the bound, shedding, adaptation to own time.
 */
class AdmissionLimitTest {
  private long now = 1_000_000_000L;

  @Test
  void theBoundIsTheStartingLimitAndTheExcessIsRefused() {
    var limit = new AdmissionLimit(4, () -> now);
    assertThat(limit.limit()).isEqualTo(4);
    for (int i = 0; i < 4; i++) {
      assertThat(limit.acquire()).isNotNull();
    }
    assertThat(limit.acquire()).isNull();
  }

  @Test
  void theLimitShrinksWhenOwnTimeRisesAndRecovers() {
    var limit = new AdmissionLimit(64, () -> now);
    assertThat(limit.limit()).isEqualTo(64);

    rounds(limit, 100, 1);
    assertThat(limit.limit()).isEqualTo(64); // never past the bound, however fast

    rounds(limit, 300, 50); // own time 50 ms: the event loop or the CPU is saturated
    int overloaded = limit.limit();
    assertThat(overloaded).isLessThanOrEqualTo(64 / 4);
    assertThat(limit.acquire()).as("the instance still serves").isNotNull();

    rounds(limit, 200, 1);
    assertThat(limit.limit()).isGreaterThan(2 * overloaded);
  }

  @Test
  void slowAnswersWithLittleOwnTimeMoveNothing() {
    var limit = new AdmissionLimit(64, () -> now);
    for (int round = 0; round < 500; round++) {
      var tokens = acquireAll(limit);
      now += ms(2_000); // a slow dependency or service time: simulated, not this instance's own
      tokens.forEach(t -> limit.release(t, ms(1)));
    }
    assertThat(limit.limit()).isEqualTo(64);
  }

  @Test
  void jitterUnderTheOverloadMarkMovesNothing() {
    var limit = new AdmissionLimit(64, () -> now);
    for (int round = 0; round < 100; round++) {
      var tokens = acquireAll(limit);
      now += ms(100);
      for (int i = 0; i < tokens.size(); i++) {
        // 10 µs to 19 ms of own time, averaging under 10 ms: a healthy instance's noise
        limit.release(tokens.get(i), TimeUnit.MICROSECONDS.toNanos(i % 2 == 0 ? 10 : 19_000));
      }
    }
    assertThat(limit.limit()).isEqualTo(64);
  }

  /** Rounds of 100 ms, demand at the full limit, each request's own time {@code ms}. */
  private void rounds(AdmissionLimit limit, int n, long ms) {
    for (int round = 0; round < n; round++) {
      var tokens = acquireAll(limit);
      now += ms(100);
      tokens.forEach(t -> limit.release(t, ms(ms)));
    }
  }

  private static long ms(long ms) {
    return TimeUnit.MILLISECONDS.toNanos(ms);
  }

  private static ArrayList<AdmissionLimit.Token> acquireAll(AdmissionLimit limit) {
    var tokens = new ArrayList<AdmissionLimit.Token>();
    for (var t = limit.acquire(); t != null; t = limit.acquire()) {
      tokens.add(t);
    }
    return tokens;
  }
}
