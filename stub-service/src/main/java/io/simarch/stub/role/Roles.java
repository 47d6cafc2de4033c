package io.simarch.stub.role;

import io.simarch.api.model.PackageRole;
import io.simarch.stub.call.Affinity;
import io.simarch.stub.call.Dependencies;
import io.simarch.stub.call.DependencyCaller;
import io.simarch.stub.config.ConfigException;
import java.util.List;
import java.util.Random;

/**
 * The role class that plays each {@link PackageRole.Behaviour}, and the discovery affinity of each
 * {@link PackageRole.Scope}. Which package has which behaviour and scope is the registry's.
 */
public final class Roles {
  private Roles() {}

  /** Which instances a package's instance prefers to call (§2.2: cross-zone acceptance). */
  public static Affinity affinity(String packageName) {
    return switch (role(packageName).scope()) {
      case GLOBAL -> Affinity.GLOBAL;
      case REGION -> Affinity.REGION;
      case ZONE -> Affinity.ZONE;
    };
  }

  /**
   * The role of a package.
   *
   * @param store the instance's key/value map (used by stores and rings)
   */
  public static Role create(
      String packageName,
      String instance,
      String region,
      String zone,
      boolean crossRegion,
      Dependencies dependencies,
      KvStore store,
      Random random) {
    return switch (role(packageName).behaviour()) {
      case PROXY -> new ProxyRole(instance, dependencies);
      case STORE -> new StoreRole(instance, store, replicas(packageName, dependencies));
      case STAASH -> new StaashRole(instance, dependencies);
      case RING -> {
        List<DependencyCaller> ring = replicas(packageName, dependencies);
        yield new RingRole(
            instance,
            region,
            zone,
            crossRegion,
            store,
            ring.isEmpty() ? null : ring.get(0),
            random);
      }
    };
  }

  private static PackageRole role(String packageName) {
    return PackageRole.of(packageName)
        .orElseThrow(
            () ->
                new ConfigException(
                    "package",
                    "unknown package '" + packageName + "'; one of " + PackageRole.names()));
  }

  /** The self-dependency, or any dependency of the same package: where copies go. */
  static List<DependencyCaller> replicas(String packageName, Dependencies dependencies) {
    return dependencies.all().stream()
        .filter(d -> d.dependency().replication() || packageName.equals(d.packageName()))
        .toList();
  }
}
