package io.simarch.stub.call;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Simulated waiting: paced time as configured, and calls while at least one is out. */
class WaitsTest {
  @Test
  void overlappingCallsCountOnceAndPacedTimeAddsUp() {
    var w = new Waits();
    w.paced(5);
    w.callStarted(100);
    w.callStarted(110); // a fan-out: two calls out at once
    w.callEnded(130);
    assertThat(w.simulated(140)).as("still one out").isEqualTo(5 + 40);
    w.callEnded(150);
    w.callStarted(200);
    w.callEnded(210);
    assertThat(w.simulated(1_000)).isEqualTo(5 + 50 + 10);
  }
}
