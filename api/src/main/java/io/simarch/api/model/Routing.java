package io.simarch.api.model;

/**
 * Which dependency instances a caller may route to, as spigo's Eureka wiring decides it: a node
 * sees its own region (zones replicate their registrations to each other), a global node or one
 * with the {@code eureka} dependency sees every region; karyon and zuul accept only instances in
 * their own zone.
 */
public final class Routing {
  private Routing() {}

  /** Whether {@code target} is visible to a caller at ({@code region}, {@code zone}). */
  public static boolean visible(String region, boolean crossRegion, Plan.Instance target) {
    return crossRegion
        || Plan.ANY.equals(region)
        || Plan.ANY.equals(target.region())
        || region.equals(target.region());
  }

  /** Whether a caller of {@code callerPackage} keeps to its own zone (spigo's karyon, zuul). */
  public static boolean zoneAffine(String callerPackage) {
    return PackageRole.of(callerPackage)
        .map(r -> r.scope() == PackageRole.Scope.ZONE)
        .orElse(false);
  }

  /** Whether {@code caller} routes to {@code target} without any fallback. */
  public static boolean routes(Plan.Instance caller, boolean crossRegion, Plan.Instance target) {
    if (!visible(caller.region(), crossRegion, target)) {
      return false;
    }
    if (zoneAffine(caller.packageName()) && !Plan.ANY.equals(caller.zone())) {
      return caller.zone().equals(target.zone()) || Plan.ANY.equals(target.zone());
    }
    return true;
  }
}
