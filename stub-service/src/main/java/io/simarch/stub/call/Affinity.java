package io.simarch.stub.call;

/** Which instances a caller prefers, following spigo's discovery rules (§2.2). */
public enum Affinity {
  /** karyon and zuul: the caller's own zone. */
  ZONE,
  /** elb, monolith, staash and the stores: any zone of the caller's region. */
  REGION,
  /** the denominator, or a service that declared {@code eureka}: every region. */
  GLOBAL
}
