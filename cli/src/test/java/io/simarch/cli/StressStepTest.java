package io.simarch.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.simarch.cli.verify.VerifyReport;
import io.simarch.stub.truth.TruthFile;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A stress step's rates count what was sent after the warm-up over the time after it: the warm-up's
 * requests and spans are in the truth (and verified) but not in the rate the step reached.
 */
class StressStepTest {
  static Stream<Arguments> steps() {
    return Stream.of(
        // rate, step, requests (all), spans (all), warm: requests, spans -> sent/s, spans/s
        Arguments.of("no warm-up", 100.0, 10, 1000L, 5000L, 1000L, 5000L, 100.0, 500.0),
        Arguments.of("a ramp of 500 first", 100.0, 10, 1500L, 7500L, 1000L, 5000L, 100.0, 500.0),
        Arguments.of("the rate not reached", 100.0, 30, 400L, 2000L, 300L, 1500L, 10.0, 50.0),
        Arguments.of("ended in its warm-up", 100.0, 10, 40L, 200L, -1L, -1L, 0.0, 0.0));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("steps")
  void ratesCountOnlyWhatFollowsTheWarmUp(
      String name,
      double rate,
      int stepSeconds,
      long requests,
      long spans,
      long warmRequests,
      long warmSpans,
      double sentPerSecond,
      double spansPerSecond) {
    var summary =
        summary(
            requests,
            spans,
            warmRequests < 0 ? null : new TruthFile.Warm(1, warmRequests, warmSpans));
    var step =
        StressCommand.Step.of(
            rate, Duration.ofSeconds(stepSeconds), summary, report(100, 130, 4), false);

    assertThat(step.requests()).isEqualTo(requests);
    assertThat(step.sentPerSecond()).isEqualTo(sentPerSecond);
    assertThat(step.spansPerSecond()).isEqualTo(spansPerSecond);
  }

  @org.junit.jupiter.params.provider.ValueSource(ints = {0, 4})
  @ParameterizedTest
  void theTableShowsLowerBoundsAndSaysWhenTheRateWasNotReached(int lowerBound) {
    var summary = summary(400, 2000, new TruthFile.Warm(1, 300, 1500));
    var step =
        StressCommand.Step.of(
            100, Duration.ofSeconds(30), summary, report(100, 130, lowerBound), false);
    var out = new StringWriter();
    StressCommand.print(List.of(step), new PrintWriter(out));

    assertThat(step.lowerBound()).isEqualTo(lowerBound);
    assertThat(out.toString())
        .containsPattern("(?m)^ +100 +400 +10 +50 +100 +130 +" + lowerBound + " ")
        .contains("LOWER-B", "did not reach the asked RATE");
  }

  @org.junit.jupiter.api.Test
  void aStepTheBackendDidNotAnswerIsTheKneeAndSaysWhy() {
    var summary = summary(400, 2000, new TruthFile.Warm(1, 300, 1500));
    var step =
        StressCommand.Step.unverified(
            1000, Duration.ofSeconds(30), summary, "no answer within 15000 ms", true);
    var out = new StringWriter();
    StressCommand.print(List.of(step), new PrintWriter(out));

    assertThat(out.toString())
        .containsPattern(
            "(?m)^ +1000 +400 +10 +50 +not verified: no answer within 15000 ms  <- knee$")
        .doesNotContain("no knee");
  }

  private static TruthFile.Summary summary(long requests, long spans, TruthFile.Warm warm) {
    return new TruthFile.Summary(
        "summary", 2, requests, requests, spans, 0, 0, Map.of(), Map.of(), null, null, warm);
  }

  private static VerifyReport report(long expected, long found, long lowerBound) {
    return new VerifyReport(
        "zipkin",
        10,
        10,
        10,
        0,
        0,
        0,
        expected,
        found,
        0,
        0,
        0,
        0,
        lowerBound,
        0,
        List.of(),
        new VerifyReport.Sender(found, 0, 0),
        null,
        0,
        0,
        true);
  }
}
