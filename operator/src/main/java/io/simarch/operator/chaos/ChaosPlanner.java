package io.simarch.operator.chaos;

import io.fabric8.kubernetes.api.model.Pod;
import io.simarch.api.model.ChaosSchedule;
import io.simarch.api.model.ChaosStrike;
import io.simarch.api.model.Defaults;
import io.simarch.api.model.Durations;
import io.simarch.api.model.Planner;
import io.simarch.api.v1alpha1.ChaosSpec;
import io.simarch.api.v1alpha1.ChaosStatus;
import io.simarch.api.v1alpha1.KillRecord;
import io.simarch.api.v1alpha1.SimulatedArchitectureSpec;
import io.simarch.operator.Labels;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Random;

/**
 * The chaos monkey's decisions for one reconcile, as a pure function of the spec, the last chaos
 * status, the pods and the time. The schedule counts from {@code status.chaos.startedAt}, the first
 * time the architecture was Ready (spigo counted from the start of traffic); everything the next
 * decision needs is in the status, so a restarted or newly elected operator carries on where the
 * last one stopped. The random source of each kill is seeded by spec.seed and the kill's number, so
 * a seed replays the same victims and gaps.
 */
public final class ChaosPlanner {
  public static final String WAITING = "waiting";
  public static final String ACTIVE = "active";
  public static final String QUIET = "quiet";
  public static final String DRY_RUN = "dry-run";
  public static final String FINISHED = "finished";

  /** Kills kept in status.chaos.lastKills. */
  public static final int LAST_KILLS = 10;

  /** When a due kill finds no victim (pods starting, all too young), look again after this. */
  public static final Duration NO_VICTIM_RETRY = Duration.ofSeconds(10);

  /** When a PodDisruptionBudget forbade every eviction, try again after this. */
  public static final Duration BLOCKED_RETRY = Duration.ofSeconds(30);

  /** Quiet times that never end: look again after this, in case the spec changes. */
  private static final Duration QUIET_FOREVER_RETRY = Duration.ofHours(1);

  private ChaosPlanner() {}

  /**
   * What chaos needs to decide.
   *
   * @param architecture metadata.name, for log lines like spigo's
   * @param previous status.chaos as last written; null before the first decision
   * @param ready whether the architecture is Ready now
   * @param pods every pod the operator sees for this architecture (filtered here)
   */
  public record Input(
      String namespace,
      String architecture,
      SimulatedArchitectureSpec spec,
      ChaosStatus previous,
      boolean ready,
      Collection<Pod> pods,
      Instant now) {}

  /**
   * One reconcile's decision.
   *
   * @param status what to write when nothing is killed now (or nothing could be)
   * @param targets the pods to kill now; empty for none
   * @param requeue when to look again (the next kill, the end of a quiet time)
   */
  public record Turn(
      ChaosStatus status,
      String mode,
      boolean dryRun,
      boolean respectPodDisruptionBudgets,
      String scope,
      List<Pod> targets,
      Optional<Duration> requeue,
      ChaosStatus struck,
      Instant now) {

    /**
     * The status after the strike: {@code killed} are the pods really killed (or, in a dry run, the
     * ones that would have been). A strike that killed nothing is not counted.
     *
     * @param message why some or all targets were spared; null when none was
     */
    public ChaosStatus settle(List<KillRecord> killed, String message) {
      if (killed.isEmpty()) {
        var s = copy(status);
        s.setMessage(message);
        return s;
      }
      var s = copy(struck);
      s.setPodsKilled(orZero(status.getPodsKilled()) + killed.size());
      var last = new ArrayList<>(orEmpty(status.getLastKills()));
      last.addAll(killed);
      s.setLastKills(List.copyOf(last.subList(Math.max(0, last.size() - LAST_KILLS), last.size())));
      s.setMessage(message);
      return s;
    }

    /** When to look again after {@link #settle}. */
    public Optional<Duration> requeueAfter(List<KillRecord> killed) {
      if (targets.isEmpty()) {
        return requeue;
      }
      if (killed.isEmpty()) {
        return Optional.of(BLOCKED_RETRY);
      }
      return struck.getNextKill() == null
          ? Optional.empty()
          : Optional.of(until(Instant.parse(struck.getNextKill()), now));
    }
  }

  /** The decision; null when the architecture names no victim. */
  public static Turn plan(Input in) {
    SimulatedArchitectureSpec spec = in.spec();
    var schedule = new ChaosSchedule(spec, Defaults.traffic(spec).durationMs());
    if (!schedule.enabled()) {
      return null;
    }
    ChaosSpec chaos = spec.getChaos();
    String mode = schedule.mode();
    boolean dryRun = schedule.dryRun();
    boolean respectPdb =
        chaos != null && Boolean.TRUE.equals(chaos.getRespectPodDisruptionBudgets());
    ChaosStatus prev = in.previous() == null ? new ChaosStatus() : in.previous();
    int kills = orZero(prev.getTotalKills());

    var base = new ChaosStatus();
    base.setStartedAt(prev.getStartedAt());
    base.setTotalKills(kills);
    base.setPodsKilled(orZero(prev.getPodsKilled()));
    base.setLastKills(List.copyOf(orEmpty(prev.getLastKills())));
    base.setNextKill(prev.getNextKill());

    if (base.getStartedAt() == null) {
      if (!in.ready()) {
        base.setState(WAITING);
        base.setMessage("the chaos clock starts when the architecture is Ready");
        return idle(base, mode, dryRun, respectPdb, Optional.empty(), in.now());
      }
      base.setStartedAt(rfc3339(in.now()));
    }
    Instant startedAt = Instant.parse(base.getStartedAt());
    Random random = schedule.random(kills);
    if (base.getNextKill() == null) {
      if (kills > 0) {
        base.setState(FINISHED);
        return idle(base, mode, dryRun, respectPdb, Optional.empty(), in.now());
      }
      var first = schedule.next(0, 0, random);
      if (first.isEmpty()) {
        base.setState(FINISHED);
        return idle(base, mode, dryRun, respectPdb, Optional.empty(), in.now());
      }
      base.setNextKill(rfc3339(startedAt.plusMillis(first.getAsLong())));
    }
    Instant due = Instant.parse(base.getNextKill());
    boolean quiet = schedule.quiet(in.now());
    base.setState(quiet ? QUIET : dryRun ? DRY_RUN : ACTIVE);
    if (in.now().isBefore(due)) {
      return idle(base, mode, dryRun, respectPdb, Optional.of(until(due, in.now())), in.now());
    }
    if (quiet) {
      var end = schedule.quietUntil(in.now());
      base.setMessage(
          "kill due at "
              + base.getNextKill()
              + " paused by spec.chaos.quietTimes"
              + end.map(e -> " until " + rfc3339(e)).orElse(""));
      return idle(
          base,
          mode,
          dryRun,
          respectPdb,
          Optional.of(end.map(e -> until(e, in.now())).orElse(QUIET_FOREVER_RETRY)),
          in.now());
    }

    var places = new PodPlaces(in.architecture(), Planner.plan(in.architecture(), spec));
    var alive =
        VictimFilter.of(
                in.namespace(),
                in.architecture(),
                schedule.victims(),
                places::planned,
                minPodAge(chaos),
                in.now())
            .apply(in.pods())
            .victims();
    var targets = new ChaosStrike<Pod>(places::place).choose(schedule, alive, random);
    if (targets.isEmpty()) {
      base.setMessage(
          "no victim pod to kill: "
              + (targets.scope() != null ? "none in " + targets.scope() + "; " : "")
              + "victims must be Running, not terminating and at least spec.chaos.minPodAge old");
      return idle(base, mode, dryRun, respectPdb, Optional.of(NO_VICTIM_RETRY), in.now());
    }

    var struck = copy(base);
    struck.setTotalKills(kills + 1);
    long sinceStart = Math.max(0, in.now().toEpochMilli() - startedAt.toEpochMilli());
    var next = schedule.next(kills + 1, sinceStart, random);
    if (next.isPresent()) {
      struck.setNextKill(rfc3339(startedAt.plusMillis(next.getAsLong())));
    } else {
      struck.setNextKill(null);
      struck.setState(FINISHED);
    }
    return new Turn(
        base,
        mode,
        dryRun,
        respectPdb,
        targets.scope(),
        targets.victims(),
        Optional.empty(),
        struck,
        in.now());
  }

  /** The record of one pod taken by a strike. */
  public static KillRecord record(Pod pod, String mode, boolean dryRun, Instant when) {
    var r = new KillRecord();
    r.setPod(pod.getMetadata().getName());
    r.setService(label(pod, Labels.SERVICE));
    r.setRegion(region(pod));
    r.setZone(zone(pod));
    r.setMode(mode);
    r.setTime(rfc3339(when));
    r.setDryRun(dryRun ? Boolean.TRUE : null);
    return r;
  }

  /** spigo's node name for log lines: {@code lamp.us-east-1.zone-a.<pod>}. */
  public static String node(String architecture, Pod pod) {
    return architecture + "." + region(pod) + "." + zone(pod) + "." + pod.getMetadata().getName();
  }

  static String region(Pod p) {
    return label(p, Labels.REGION);
  }

  static String zone(Pod p) {
    return label(p, Labels.ZONE);
  }

  private static Turn idle(
      ChaosStatus status,
      String mode,
      boolean dryRun,
      boolean respectPdb,
      Optional<Duration> requeue,
      Instant now) {
    return new Turn(status, mode, dryRun, respectPdb, null, List.of(), requeue, null, now);
  }

  private static Duration minPodAge(ChaosSpec chaos) {
    return chaos == null || chaos.getMinPodAge() == null
        ? Duration.ZERO
        : Durations.parse(chaos.getMinPodAge());
  }

  /** A requeue is never shorter than a second: the timer must not spin. */
  private static Duration until(Instant then, Instant now) {
    return Duration.ofMillis(Math.max(1000, Duration.between(now, then).toMillis()));
  }

  private static String rfc3339(Instant t) {
    return t.truncatedTo(ChronoUnit.SECONDS).toString();
  }

  private static String label(Pod p, String key) {
    return p.getMetadata().getLabels() == null ? null : p.getMetadata().getLabels().get(key);
  }

  private static ChaosStatus copy(ChaosStatus s) {
    var c = new ChaosStatus();
    c.setState(s.getState());
    c.setStartedAt(s.getStartedAt());
    c.setTotalKills(s.getTotalKills());
    c.setPodsKilled(s.getPodsKilled());
    c.setNextKill(s.getNextKill());
    c.setMessage(s.getMessage());
    c.setLastKills(s.getLastKills());
    return c;
  }

  private static int orZero(Integer i) {
    return i == null ? 0 : i;
  }

  private static <T> List<T> orEmpty(List<T> l) {
    return l == null ? List.of() : l;
  }
}
