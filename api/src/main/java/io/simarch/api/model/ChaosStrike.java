package io.simarch.api.model;

import java.util.List;
import java.util.Random;
import java.util.function.Function;

/**
 * Which live victims one chaos strike takes, the same in a local run and in a cluster: one random
 * victim for {@code delete} and {@code kill}, every victim of one zone or region for the outages.
 * Pure; the caller passes the victims in a stable order and its own seeded {@link Random}, so a
 * seed replays the same strikes.
 *
 * @param <T> a victim instance: a local stub instance or a pod
 */
public final class ChaosStrike<T> {
  public static final String KILL = "kill";
  public static final String ZONE_OUTAGE = "zone-outage";
  public static final String REGION_OUTAGE = "region-outage";

  private final Function<T, String> region;
  private final Function<T, String> zone;

  /**
   * @param region a victim's region, in the spelling spec.chaos.region uses
   * @param zone a victim's zone, in the spelling spec.chaos.zone uses
   */
  public ChaosStrike(Function<T, String> region, Function<T, String> zone) {
    this.region = region;
    this.zone = zone;
  }

  /**
   * The targets of one strike.
   *
   * @param scope the zone or region taken out by an outage, else null
   */
  public record Targets<T>(String scope, List<T> victims) {
    public boolean isEmpty() {
      return victims.isEmpty();
    }
  }

  /**
   * @param zone the zone a zone outage takes out (spec.chaos.zone), null for a random one
   * @param region the region a region outage takes out (spec.chaos.region), null for a random one
   */
  public Targets<T> choose(String mode, String zone, String region, List<T> alive, Random random) {
    if (alive.isEmpty()) {
      return new Targets<>(null, List.of());
    }
    return switch (mode) {
      case ZONE_OUTAGE -> outage(alive, this.zone, zone, random);
      case REGION_OUTAGE -> outage(alive, this.region, region, random);
      default -> new Targets<>(null, List.of(alive.get(random.nextInt(alive.size()))));
    };
  }

  /** Every victim in the named place, or in a random place that has victims. */
  private Targets<T> outage(List<T> alive, Function<T, String> place, String named, Random random) {
    String where = named;
    if (where == null) {
      List<String> places = alive.stream().map(place).distinct().sorted().toList();
      where = places.get(random.nextInt(places.size()));
    }
    String chosen = where;
    return new Targets<>(
        chosen, alive.stream().filter(v -> chosen.equals(place.apply(v))).toList());
  }

  /** Whether a mode takes every victim of a place at once rather than one victim. */
  public static boolean outage(String mode) {
    return ZONE_OUTAGE.equals(mode) || REGION_OUTAGE.equals(mode);
  }

  /** Whether a mode deletes without a grace period: a crash or an outage, not a Goodbye. */
  public static boolean abrupt(String mode) {
    return !ChaosSchedule.DELETE.equals(mode);
  }
}
