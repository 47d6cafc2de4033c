package io.simarch.stub.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.simarch.api.model.Behavior;
import io.simarch.api.model.StubConfig;
import java.util.Arrays;
import java.util.Random;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class BehaviourModelTest {
  private static BehaviourModel model(Behavior.Latency l, double errorRate, long seed) {
    return new BehaviourModel(
        new Behavior(l, errorRate, 0), null, System.nanoTime(), new Random(seed));
  }

  @Test
  void lognormalLatencyHasTheConfiguredMedianAndP99() {
    var m = model(new Behavior.Latency("lognormal", 0, 0, 10, 100), 0, 1);
    double[] s = IntStream.range(0, 100_000).mapToDouble(i -> m.sampleMillis()).sorted().toArray();
    assertThat(s[50_000]).isCloseTo(10, within(0.5));
    assertThat(s[99_000]).isCloseTo(100, within(8.0));
  }

  @Test
  void normalLatencyIsNeverNegative() {
    var m = model(new Behavior.Latency("normal", 5, 10, 0, 0), 0, 1);
    double[] s = IntStream.range(0, 10_000).mapToDouble(i -> m.sampleMillis()).toArray();
    assertThat(Arrays.stream(s).min().getAsDouble()).isGreaterThanOrEqualTo(0);
    assertThat(Arrays.stream(s).average().getAsDouble()).isGreaterThan(5);
  }

  @Test
  void errorsFollowTheRateAndTheSeed() {
    var a = model(Behavior.Latency.NONE, 0.2, 42);
    var b = model(Behavior.Latency.NONE, 0.2, 42);
    boolean[] first = new boolean[1000];
    int errors = 0;
    for (int i = 0; i < first.length; i++) {
      first[i] = a.fails();
      errors += first[i] ? 1 : 0;
      assertThat(b.fails()).isEqualTo(first[i]); // same seed, same sequence
    }
    assertThat(errors).isBetween(160, 240);
  }

  @Test
  void aFaultAddsLatencyAndErrorsOnlyWhileItsWindowIsOpen() {
    var open =
        new BehaviourModel(
            Behavior.NONE, new StubConfig.Fault(50, 1.0, 0, 0), System.nanoTime(), new Random(1));
    assertThat(open.fails()).isTrue();
    assertThat(open.latencyNanos()).isEqualTo(50_000_000L);
    var later =
        new BehaviourModel(
            Behavior.NONE,
            new StubConfig.Fault(50, 1.0, 60_000, 1000),
            System.nanoTime(),
            new Random(1));
    assertThat(later.fails()).isFalse();
    assertThat(later.latencyNanos()).isZero();
  }
}
