package io.simarch.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.simarch.api.model.ArchitectureFiles;
import io.simarch.api.model.ChaosSchedule;
import io.simarch.api.v1alpha1.SimulatedArchitectureSpec;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ChaosScheduleTest {
  private static SimulatedArchitectureSpec spec(String victim, String chaos) {
    return ArchitectureFiles.parse(
            "apiVersion: simarch.io/v1alpha1\nkind: SimulatedArchitecture\nmetadata: {name: t}\n"
                + "spec:\n  victim: '"
                + victim
                + "'\n"
                + (chaos.isEmpty() ? "" : "  chaos: " + chaos + "\n")
                + "  services:\n    - {name: web, package: monolith, count: 3}\n",
            "t")
        .resource()
        .getSpec();
  }

  private static List<Long> kills(SimulatedArchitectureSpec spec, long durationMs, int limit) {
    var s = new ChaosSchedule(spec, durationMs);
    var random = new Random(7);
    var out = new ArrayList<Long>();
    long last = 0;
    while (out.size() < limit) {
      var next = s.next(out.size(), last, random);
      if (next.isEmpty()) {
        break;
      }
      last = next.getAsLong();
      out.add(last);
    }
    return out;
  }

  @ParameterizedTest(name = "victim={0} chaos={1} duration={2}")
  @CsvSource(
      delimiter = '|',
      value = {
        // spigo: once, halfway
        "web | | 10000 | 5000",
        // forever: after the default delay
        "web | | 0 | 60000",
        // no victim, no chaos
        " | | 10000 | ",
        "web | {startDelay: 2s} | 10000 | 2000",
        "web | {interval: 3s} | 10000 | 3000 6000 9000",
        "web | {interval: 3s, startDelay: 1s} | 10000 | 1000 4000 7000",
        "web | {interval: 2s, maxKills: 2} | 10000 | 2000 4000",
        "web | {interval: 2s, maxKills: 0} | 10000 | ",
        " | {victims: [web], interval: 4s} | 10000 | 4000 8000",
      })
  void schedulesKillsLikeSpigoAndBeyond(
      String victim, String chaos, long durationMs, String expected) {
    var spec = spec(victim == null ? "" : victim, chaos == null ? "" : chaos);

    List<Long> want =
        expected == null
            ? List.of()
            : java.util.Arrays.stream(expected.trim().split(" ")).map(Long::valueOf).toList();
    assertThat(kills(spec, durationMs, 100)).isEqualTo(want);
  }

  @org.junit.jupiter.api.Test
  void meanTimeBetweenKillsIsSeededAndAtLeastOneSecondApart() {
    var spec = spec("web", "{meanTimeBetweenKills: 5s}");

    var a = kills(spec, 0, 50);
    var b = kills(spec, 0, 50);

    assertThat(a).hasSize(50).isEqualTo(b);
    for (int i = 1; i < a.size(); i++) {
      assertThat(a.get(i) - a.get(i - 1)).isGreaterThanOrEqualTo(1000);
    }
    double meanGap = (a.get(49) - a.get(0)) / 49.0;
    assertThat(meanGap).isBetween(2500.0, 10000.0);
  }

  @ParameterizedTest(name = "{0} at {1}: quiet={2}")
  @CsvSource(
      delimiter = '|',
      value = {
        "{quietTimes: {timesOfDay: ['22:00-08:00']}} | 2026-11-30T23:30:00Z | true",
        "{quietTimes: {timesOfDay: ['22:00-08:00']}} | 2026-11-30T07:59:00Z | true",
        "{quietTimes: {timesOfDay: ['22:00-08:00']}} | 2026-11-30T08:00:00Z | false",
        "{quietTimes: {timesOfDay: ['22:00-08:00']}} | 2026-11-30T12:00:00Z | false",
        "{quietTimes: {timesOfDay: ['09:00-17:00'], timeZone: Europe/Berlin}} | 2026-11-30T07:30:00Z | false",
        "{quietTimes: {timesOfDay: ['09:00-17:00'], timeZone: Europe/Berlin}} | 2026-11-30T08:30:00Z | true",
        // 2026-11-29 is a Sunday in UTC but already Monday in Tokyo
        "{quietTimes: {weekdays: [Sun]}} | 2026-11-29T20:00:00Z | true",
        "{quietTimes: {weekdays: [Sun], timeZone: Asia/Tokyo}} | 2026-11-29T20:00:00Z | false",
        "{quietTimes: {weekdays: [Mon], timeZone: Asia/Tokyo}} | 2026-11-29T20:00:00Z | true",
      })
  void quietTimesAcrossMidnightAndTimeZones(String chaos, String now, boolean quiet) {
    var s = new ChaosSchedule(spec("web", chaos), 0);

    assertThat(s.quiet(Instant.parse(now))).isEqualTo(quiet);
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "{quietTimes: {timesOfDay: ['22:00-08:00']}} | 2026-11-30T12:00:00Z | 2026-11-30T12:00:00Z",
        "{quietTimes: {timesOfDay: ['22:00-08:00']}} | 2026-11-30T23:10:30Z | 2026-12-01T08:00:00Z",
        "{quietTimes: {timesOfDay: ['22:00-08:00']}} | 2026-12-01T07:59:59Z | 2026-12-01T08:00:00Z",
        // Friday evening in Berlin: quiet until Monday 09:00 Berlin, 08:00 UTC
        "{quietTimes: {weekdays: [Sat, Sun], timesOfDay: ['17:00-09:00'], timeZone: Europe/Berlin}}"
            + " | 2026-12-04T18:00:00Z | 2026-12-07T08:00:00Z",
        "{quietTimes: {weekdays: [Mon, Tue, Wed, Thu, Fri, Sat, Sun]}} | 2026-11-30T12:00:00Z | ",
      })
  void quietUntilFindsTheFirstMinuteChaosMayStrikeAgain(String chaos, String now, String until) {
    var s = new ChaosSchedule(spec("web", chaos), 0);

    assertThat(s.quietUntil(Instant.parse(now)).map(Instant::toString).orElse(null))
        .isEqualTo(until);
  }

  /**
   * Each kill's stream is seeded by the kill's number: adjacent numbers must still draw
   * independently (java.util.Random's first draw from adjacent raw seeds barely differs).
   */
  @ParameterizedTest
  @CsvSource({"1", "42", "7"})
  void adjacentKillsDrawIndependentVictims(long seed) {
    var spec = spec("web", "");
    spec.setSeed(seed);
    var s = new ChaosSchedule(spec, 0);
    int[] picks = new int[4];
    for (int kill = 0; kill < 80; kill++) {
      picks[s.random(kill).nextInt(4)]++;
    }
    // a uniform pick of one of four over 80 kills: each about 20 times
    for (int n : picks) {
      assertThat(n).isBetween(8, 32);
    }
    assertThat(s.random(3).nextLong()).isEqualTo(s.random(3).nextLong());
  }
}
