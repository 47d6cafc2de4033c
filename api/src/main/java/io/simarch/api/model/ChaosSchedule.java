package io.simarch.api.model;

import io.simarch.api.v1alpha1.ChaosSpec;
import io.simarch.api.v1alpha1.QuietTimesSpec;
import io.simarch.api.v1alpha1.SimulatedArchitectureSpec;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.TextStyle;
import java.time.temporal.ChronoUnit;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Random;
import java.util.Set;

/**
 * When the chaos monkey strikes, as offsets from the start of traffic. Pure: the caller keeps the
 * state (kills so far, last kill) and passes its own seeded {@link Random} and clock, so the local
 * runtime and the operator's chaos controller schedule the same way.
 *
 * <p>spec.victim alone reproduces spigo: one kill, halfway through the traffic duration, or after
 * {@link #FOREVER_DELAY} when traffic runs forever. spec.chaos adds a start delay, a fixed interval
 * or a mean time between kills (exponentially distributed gaps), and a maximum number of kills.
 */
public final class ChaosSchedule {
  /** First kill when traffic runs forever and nothing else is said. */
  public static final Duration FOREVER_DELAY = Duration.ofMinutes(1);

  /** Default kill mode, spigo's graceful Goodbye. */
  public static final String DELETE = "delete";

  private final SimulatedArchitectureSpec spec;
  private final long durationMs;

  /**
   * @param durationMs how long traffic runs; 0 means forever
   */
  public ChaosSchedule(SimulatedArchitectureSpec spec, long durationMs) {
    this.spec = spec;
    this.durationMs = durationMs;
  }

  /**
   * The random stream of kill number {@code kills} (0 for the first): the victim choice and the gap
   * after it draw from it. Seeded by spec.seed and the kill's number, so a runtime that restarts
   * between kills (a newly elected operator) or counts kills from its own state (a local run) draws
   * the same as one that ran through.
   */
  public Random random(int kills) {
    // java.util.Random's first draws barely differ between adjacent seeds (kill 3 and kill 4 would
    // pick the same victim), so the seed is scrambled first: SplitMix64's finalizer
    long z = Defaults.seed(spec) * 1_000_003L + kills;
    z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
    z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
    return new Random(z ^ (z >>> 31));
  }

  public boolean enabled() {
    return !victims().isEmpty();
  }

  /** The victim services (spec names). */
  public Set<String> victims() {
    return ChaosTargets.victims(spec);
  }

  /** The zone a zone outage takes out (spec.chaos.zone); null for a random one. */
  public String zone() {
    return spec.getChaos() == null ? null : spec.getChaos().getZone();
  }

  /** The region a region outage takes out (spec.chaos.region); null for a random one. */
  public String region() {
    return spec.getChaos() == null ? null : spec.getChaos().getRegion();
  }

  public String mode() {
    ChaosSpec c = spec.getChaos();
    return c == null || c.getMode() == null ? DELETE : c.getMode();
  }

  public boolean dryRun() {
    return spec.getChaos() != null && Boolean.TRUE.equals(spec.getChaos().getDryRun());
  }

  /** Kills allowed in all; {@link Integer#MAX_VALUE} when unbounded. */
  public int maxKills() {
    ChaosSpec c = spec.getChaos();
    if (c != null && c.getMaxKills() != null) {
      return c.getMaxKills();
    }
    return repeating() ? Integer.MAX_VALUE : 1;
  }

  /**
   * The offset of the next kill, or empty when there is none.
   *
   * @param kills kills so far
   * @param lastKillMs offset of the last kill (ignored when {@code kills} is 0)
   */
  public OptionalLong next(int kills, long lastKillMs, Random random) {
    if (!enabled() || kills >= maxKills()) {
      return OptionalLong.empty();
    }
    long at;
    if (kills == 0) {
      at = first();
    } else if (repeating()) {
      at = lastKillMs + gap(random);
    } else {
      return OptionalLong.empty();
    }
    if (durationMs > 0 && at >= durationMs) {
      return OptionalLong.empty();
    }
    return OptionalLong.of(at);
  }

  private long first() {
    ChaosSpec c = spec.getChaos();
    if (c != null && c.getStartDelay() != null) {
      return Durations.parse(c.getStartDelay()).toMillis();
    }
    if (c != null && c.getInterval() != null) {
      return Durations.parse(c.getInterval()).toMillis();
    }
    return durationMs > 0 ? durationMs / 2 : FOREVER_DELAY.toMillis();
  }

  private boolean repeating() {
    ChaosSpec c = spec.getChaos();
    return c != null && (c.getInterval() != null || c.getMeanTimeBetweenKills() != null);
  }

  private long gap(Random random) {
    ChaosSpec c = spec.getChaos();
    if (c.getInterval() != null) {
      return Durations.parse(c.getInterval()).toMillis();
    }
    double mean = Durations.parse(c.getMeanTimeBetweenKills()).toMillis();
    // inverse-CDF sampling of an exponential distribution; at least 1s, the validated minimum
    return Math.max(1000, Math.round(-mean * Math.log(1 - random.nextDouble())));
  }

  /** Quiet times are searched this far ahead: a week covers every weekday and hour. */
  private static final Duration QUIET_HORIZON = Duration.ofDays(8);

  /**
   * The first minute at or after {@code now} that is not quiet, so a paused controller knows when
   * to look again; {@code now} itself when it is not quiet, empty when quiet times cover every
   * minute of the week (chaos then never strikes).
   */
  public Optional<Instant> quietUntil(Instant now) {
    if (!quiet(now)) {
      return Optional.of(now);
    }
    var t = now.truncatedTo(ChronoUnit.MINUTES);
    for (var end = now.plus(QUIET_HORIZON); t.isBefore(end); t = t.plusSeconds(60)) {
      if (t.isAfter(now) && !quiet(t)) {
        return Optional.of(t);
      }
    }
    return Optional.empty();
  }

  /** Whether {@code now} falls in the architecture's quiet times (no kill then). */
  public boolean quiet(Instant now) {
    ChaosSpec c = spec.getChaos();
    QuietTimesSpec q = c == null ? null : c.getQuietTimes();
    if (q == null) {
      return false;
    }
    ZoneId zone = q.getTimeZone() == null ? ZoneOffset.UTC : ZoneId.of(q.getTimeZone());
    ZonedDateTime t = now.atZone(zone);
    if (q.getWeekdays() != null) {
      String day = t.getDayOfWeek().getDisplayName(TextStyle.SHORT, Locale.ENGLISH);
      if (q.getWeekdays().contains(day)) {
        return true;
      }
    }
    if (q.getTimesOfDay() != null) {
      LocalTime lt = t.toLocalTime();
      for (String range : q.getTimesOfDay()) {
        LocalTime from = LocalTime.parse(range.substring(0, 5));
        LocalTime to = LocalTime.parse(range.substring(6, 11));
        boolean in =
            from.isBefore(to) || from.equals(to)
                ? !lt.isBefore(from) && lt.isBefore(to)
                : !lt.isBefore(from) || lt.isBefore(to);
        if (in) {
          return true;
        }
      }
    }
    return false;
  }
}
