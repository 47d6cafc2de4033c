package io.simarch.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.simarch.api.model.Durations;
import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class DurationsTest {
  @ParameterizedTest(name = "{0}")
  @CsvSource({
    "10ms, 10000000",
    "2s, 2000000000",
    "1m30s, 90000000000",
    "1.5s, 1500000000",
    "250us, 250000",
    "0, 0",
    "1h, 3600000000000",
  })
  void parsesGoDurations(String text, long nanos) {
    assertThat(Durations.parse(text)).isEqualTo(Duration.ofNanos(nanos));
    assertThat(Durations.parse(Durations.format(Duration.ofNanos(nanos))))
        .isEqualTo(Duration.ofNanos(nanos));
  }

  @ParameterizedTest(name = "[{index}] \"{0}\"")
  @ValueSource(strings = {"10", "2 seconds", "s", "-1s", "1d", "ms10", ""})
  void rejectsWhatIsNotADurationNamingIt(String text) {
    assertThatThrownBy(() -> Durations.parse(text)).isInstanceOf(IllegalArgumentException.class);
  }
}
