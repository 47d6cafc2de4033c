package io.simarch.stub.call;

/**
 * Which instances a caller prefers, following spigo's discovery rules (§2.2); a package's affinity
 * is its {@link io.simarch.api.model.PackageRole.Scope}.
 */
public enum Affinity {
  /** The caller's own zone. */
  ZONE,
  /** Any zone of the caller's region. */
  REGION,
  /** Every region (also any caller that declared {@code eureka}). */
  GLOBAL
}
