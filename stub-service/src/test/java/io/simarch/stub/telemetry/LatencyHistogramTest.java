package io.simarch.stub.telemetry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class LatencyHistogramTest {
  @Test
  void quantilesAreWithinTheBucketPrecision() {
    var h = new LatencyHistogram();
    for (int i = 1; i <= 10_000; i++) {
      h.recordMicros(i * 10L); // 10 µs … 100 ms, uniform
    }
    assertThat(h.count()).isEqualTo(10_000);
    assertThat(h.quantileMillis(0.5)).isCloseTo(50.0, within(50.0 * 0.04));
    assertThat(h.quantileMillis(0.99)).isCloseTo(99.0, within(99.0 * 0.04));
  }

  @Test
  void bucketsAreContiguous() {
    for (int i = 1; i < 500; i++) {
      assertThat(LatencyHistogram.lower(i))
          .isEqualTo(LatencyHistogram.lower(i - 1) + LatencyHistogram.width(i - 1));
      assertThat(LatencyHistogram.index(LatencyHistogram.lower(i))).isEqualTo(i);
    }
  }

  @Test
  void anEmptyHistogramReportsZero() {
    assertThat(new LatencyHistogram().quantileMillis(0.99)).isZero();
  }
}
