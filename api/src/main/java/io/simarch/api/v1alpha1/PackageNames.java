package io.simarch.api.v1alpha1;

/**
 * Package names as the CRD annotations need them: compile-time constants. The packages themselves
 * are {@link io.simarch.api.model.PackageRole}; {@code PackageRoleTest} holds {@link #PATTERN} (and
 * the CRD's description of the field) to it.
 */
public final class PackageNames {
  /** Not a service: the pseudo-dependency that makes a service see every region. */
  public static final String EUREKA = "eureka";

  public static final String PATTERN =
      "^(denominator|elb|zuul|karyon|monolith|staash|store|cache|volume|priamCassandra|riak"
          + "|apigateway|lambda|dynamodb|s3|kinesis)$";

  private PackageNames() {}
}
