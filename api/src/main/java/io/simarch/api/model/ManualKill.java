package io.simarch.api.model;

import java.time.Instant;
import java.util.Set;

/**
 * What a kill asked for by hand (the live view's kill button, in a local run and in a cluster) does
 * at a given time. The monkey's own settings decide it, as they decide the monkey's turns ({@code
 * ChaosPlanner} in the operator, {@code LocalRun} locally), so the button never strikes where the
 * monkey would not: only a victim service, never in quiet times, and only logged in a dry run.
 * Pure: the caller passes its clock's reading.
 *
 * @param outcome what the caller does
 * @param reason for {@link Outcome#REFUSED}, why and what to change (the 409's error); else empty
 */
public record ManualKill(Outcome outcome, String reason) {
  public enum Outcome {
    /** Nothing is done; {@link #reason} says why and how to change it. */
    REFUSED,
    /** An instance is chosen, logged and shown as a dry-run kill; nothing is killed. */
    DRY_RUN,
    /** An instance is chosen and killed. */
    STRIKE
  }

  /** The decision for a kill of {@code service} at {@code now}. */
  public static ManualKill of(ChaosSchedule chaos, String service, Instant now) {
    Set<String> victims = chaos.victims();
    if (!victims.contains(service)) {
      return refused(
          "service "
              + service
              + ": not a chaos victim (victims: "
              + (victims.isEmpty() ? "none" : String.join(", ", victims))
              + "); name it in spec.victim or spec.chaos.victims");
    }
    if (chaos.quiet(now)) {
      return refused(
          "chaos is paused by spec.chaos.quietTimes"
              + chaos
                  .quietUntil(now)
                  .map(e -> " until " + e + "; kill then, or take now out of spec.chaos.quietTimes")
                  .orElse(" for good; take now out of spec.chaos.quietTimes"));
    }
    return new ManualKill(chaos.dryRun() ? Outcome.DRY_RUN : Outcome.STRIKE, "");
  }

  private static ManualKill refused(String reason) {
    return new ManualKill(Outcome.REFUSED, reason);
  }

  public boolean refused() {
    return outcome == Outcome.REFUSED;
  }

  public boolean dryRun() {
    return outcome == Outcome.DRY_RUN;
  }
}
