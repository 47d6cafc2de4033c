package io.simarch.api.model;

import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * Which live victims one chaos strike takes, the same in a local run and in a cluster: one random
 * victim for {@code delete} and {@code kill} (uniform over the victims, as spigo's monkey chose),
 * every victim of one zone or region for the outages. Pure. The only difference between the two
 * runtimes is where the live victims come from (stub instances still running, pods that passed the
 * victim filter); both say where each victim is as a {@link Place} of the same plan, and this class
 * orders them, so with the random stream of {@link ChaosSchedule#random(int)} a seed takes the same
 * victims in both.
 *
 * @param <T> a victim instance: a local stub instance or a pod
 */
public final class ChaosStrike<T> {
  public static final String KILL = "kill";
  public static final String ZONE_OUTAGE = "zone-outage";
  public static final String REGION_OUTAGE = "region-outage";

  /**
   * Where a victim is, in the plan's spelling.
   *
   * @param cell the Deployment name of its cell (service × region × zone), {@link KubeNames#cell}
   * @param name orders the victims of one cell: the spigo node name locally, the pod name in a
   *     cluster
   */
  public record Place(String cell, String region, String zone, String name) {
    /** The place of a victim of cell ({@code service}, {@code region}, {@code zone}). */
    public static Place of(
        String architecture, String service, String region, String zone, String name) {
      return new Place(KubeNames.cell(architecture, service, region, zone), region, zone, name);
    }

    /** The place of a planned instance. */
    public static Place of(String architecture, Plan.Instance i) {
      return of(architecture, i.service(), i.region(), i.zone(), i.name());
    }
  }

  private static final Comparator<Place> ORDER =
      Comparator.comparing(Place::cell).thenComparing(Place::name);

  private final Function<T, Place> place;

  /**
   * @param place where a victim is
   */
  public ChaosStrike(Function<T, Place> place) {
    this.place = place;
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
   * The strike of a local run: the victims are the plan's instances of the victim services that are
   * still running.
   */
  public static Targets<Plan.Instance> local(
      ChaosSchedule schedule, Plan plan, Predicate<Plan.Instance> running, Random random) {
    var services = schedule.victims();
    List<Plan.Instance> alive =
        plan.instances().stream()
            .filter(i -> services.contains(i.service()) && running.test(i))
            .toList();
    return new ChaosStrike<Plan.Instance>(i -> Place.of(plan.arch(), i))
        .choose(schedule, alive, random);
  }

  /** The strike the architecture's chaos settings ask for. */
  public Targets<T> choose(ChaosSchedule schedule, Collection<T> alive, Random random) {
    return choose(schedule.mode(), schedule.zone(), schedule.region(), alive, random);
  }

  /**
   * @param zone the zone a zone outage takes out (spec.chaos.zone), null for a random one
   * @param region the region a region outage takes out (spec.chaos.region), null for a random one
   * @param alive the live victims, in any order
   * @param random the kill's own stream, {@link ChaosSchedule#random(int)}
   */
  public Targets<T> choose(
      String mode, String zone, String region, Collection<T> alive, Random random) {
    if (alive.isEmpty()) {
      return new Targets<>(null, List.of());
    }
    List<T> ordered = alive.stream().sorted(Comparator.comparing(place, ORDER)).toList();
    return switch (mode) {
      case ZONE_OUTAGE -> outage(ordered, Place::zone, zone, random);
      case REGION_OUTAGE -> outage(ordered, Place::region, region, random);
      default -> new Targets<>(null, List.of(ordered.get(random.nextInt(ordered.size()))));
    };
  }

  /** Every victim in the named place, or in a random place that has victims. */
  private Targets<T> outage(
      List<T> ordered, Function<Place, String> where, String named, Random random) {
    String chosen = named;
    if (chosen == null) {
      List<String> places =
          ordered.stream().map(v -> where.apply(place.apply(v))).distinct().sorted().toList();
      chosen = places.get(random.nextInt(places.size()));
    }
    String in = chosen;
    return new Targets<>(
        in, ordered.stream().filter(v -> in.equals(where.apply(place.apply(v)))).toList());
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
