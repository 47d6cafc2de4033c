package io.simarch.stub.role;

import io.simarch.api.v1alpha1.PackageNames;
import io.simarch.stub.call.Affinity;
import io.simarch.stub.call.Dependencies;
import io.simarch.stub.call.DependencyCaller;
import io.simarch.stub.config.ConfigException;
import java.util.List;
import java.util.Random;

/** The behaviour and the discovery affinity of each spigo package. */
public final class Roles {
  private Roles() {}

  /** Which instances a package's instance prefers to call (§2.2: cross-zone acceptance). */
  public static Affinity affinity(String packageName) {
    return switch (packageName) {
      case PackageNames.DENOMINATOR -> Affinity.GLOBAL;
      case PackageNames.ZUUL, PackageNames.KARYON -> Affinity.ZONE;
      case PackageNames.ELB,
          PackageNames.MONOLITH,
          PackageNames.STAASH,
          PackageNames.STORE,
          PackageNames.CACHE,
          PackageNames.VOLUME,
          PackageNames.PRIAM_CASSANDRA,
          PackageNames.RIAK ->
          Affinity.REGION;
      default -> throw new ConfigException("package", "unknown package '" + packageName + "'");
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
    return switch (packageName) {
      case PackageNames.DENOMINATOR,
          PackageNames.ELB,
          PackageNames.ZUUL,
          PackageNames.KARYON,
          PackageNames.MONOLITH ->
          new ProxyRole(instance, dependencies);
      case PackageNames.STORE, PackageNames.CACHE, PackageNames.VOLUME ->
          new StoreRole(instance, store, replicas(packageName, dependencies));
      case PackageNames.STAASH -> new StaashRole(instance, dependencies);
      case PackageNames.PRIAM_CASSANDRA, PackageNames.RIAK -> {
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
      default -> throw new ConfigException("package", "unknown package '" + packageName + "'");
    };
  }

  /** The self-dependency, or any dependency of the same package: where copies go. */
  static List<DependencyCaller> replicas(String packageName, Dependencies dependencies) {
    return dependencies.all().stream()
        .filter(d -> d.dependency().replication() || packageName.equals(d.packageName()))
        .toList();
  }
}
