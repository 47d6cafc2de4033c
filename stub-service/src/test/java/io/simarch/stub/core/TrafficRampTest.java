package io.simarch.stub.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TrafficRampTest {
  /** Ticks every {@code tickMs} from 0 to {@code untilMs}: how many of [fromMs, untilMs) send. */
  private static int sent(long rampMs, long tickMs, long fromMs, long untilMs) {
    var ramp = new TrafficRamp(rampMs);
    int sent = 0;
    for (long t = 0; t < untilMs; t += tickMs) {
      if (ramp.sends(t) && t >= fromMs) {
        sent++;
      }
    }
    return sent;
  }

  @ParameterizedTest(name = "ramp {0} ms, tick {1} ms, [{2}, {3}) ms: {4} sent")
  @CsvSource({
    // no ramp: every tick
    "0, 1, 0, 1000, 1000",
    // a linear ramp sends half the full rate's requests over the ramp ...
    "1000, 1, 0, 1000, 500",
    // ... a quarter of them in its first half, three quarters in its second
    "1000, 1, 0, 500, 125",
    "1000, 1, 500, 1000, 375",
    // and every tick after it
    "1000, 1, 1000, 2000, 1000",
    "5000, 10, 0, 5000, 250",
    "5000, 10, 5000, 6000, 100",
  })
  void sendsTheLinearRampShare(long rampMs, long tickMs, long fromMs, long untilMs, int expected) {
    assertThat(sent(rampMs, tickMs, fromMs, untilMs)).isCloseTo(expected, within(2));
  }

  @ParameterizedTest(name = "ramp {0} ms: the first tick sends nothing")
  @CsvSource({"1000", "5000"})
  void startsFromNothing(long rampMs) {
    assertThat(new TrafficRamp(rampMs).sends(0)).isFalse();
  }
}
