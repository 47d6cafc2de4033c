package io.simarch.api.v1alpha1;

import java.util.List;
import java.util.Set;

/** spigo's package names that an architecture file may use for a service. */
public final class PackageNames {
  public static final String DENOMINATOR = "denominator";
  public static final String ELB = "elb";
  public static final String ZUUL = "zuul";
  public static final String KARYON = "karyon";
  public static final String MONOLITH = "monolith";
  public static final String STAASH = "staash";
  public static final String STORE = "store";
  public static final String CACHE = "cache";
  public static final String VOLUME = "volume";
  public static final String PRIAM_CASSANDRA = "priamCassandra";
  public static final String RIAK = "riak";

  /** Not a service: the pseudo-dependency that makes a service see every region. */
  public static final String EUREKA = "eureka";

  public static final List<String> ALL =
      List.of(
          DENOMINATOR,
          ELB,
          ZUUL,
          KARYON,
          MONOLITH,
          STAASH,
          STORE,
          CACHE,
          VOLUME,
          PRIAM_CASSANDRA,
          RIAK);

  /**
   * Packages whose dependencies carry requests onwards; a store's or a ring's dependencies carry
   * only replication to its own package.
   */
  public static final Set<String> FORWARDING =
      Set.of(DENOMINATOR, ELB, ZUUL, KARYON, MONOLITH, STAASH);

  public static final String PATTERN =
      "^(denominator|elb|zuul|karyon|monolith|staash|store|cache|volume|priamCassandra|riak)$";

  private PackageNames() {}
}
