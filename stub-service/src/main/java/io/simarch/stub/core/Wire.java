package io.simarch.stub.core;

/** The stub's HTTP surface: paths and headers shared by the server side and the caller. */
public final class Wire {
  /** {@code GET} reads a key, {@code PUT} writes one; the key is the percent-encoded rest. */
  public static final String KV = "/kv/";

  /** {@code PUT}: a replica write, never replicated further unless {@code scope=region}. */
  public static final String REPLICATE = "/replicate/";

  public static final String IDENTITY = "/_simarch/identity";
  public static final String METRICS = "/metrics";

  /** {@code GET} on a root pod: its truth ({@link io.simarch.stub.truth.TruthRing}). */
  public static final String TRUTH = "/_simarch/truth";

  public static final String LIVENESS = "/health/liveness";
  public static final String READINESS = "/health/readiness";

  /**
   * The caller's remaining time in milliseconds: the callee's whole budget (gRPC carries the same
   * in grpc-timeout). Relative, because pods do not share a clock.
   */
  public static final String BUDGET = "x-simarch-budget-ms";

  /** Set by a ring node forwarding to the owner: answer locally, never forward again. */
  public static final String FORWARDED = "x-simarch-forwarded";

  /** The instance that produced the value (proxies pass it through). */
  public static final String INSTANCE = "x-simarch-instance";

  /** Length of the value at the start of the body; the rest is response-size padding. */
  public static final String VALUE_LENGTH = "x-simarch-value-length";

  /**
   * Why a request failed: error, timeout, budget-exhausted, circuit-open, no-instance, shed,
   * shed-downstream, throttled, injected.
   */
  public static final String OUTCOME = "x-simarch-outcome";

  /**
   * The spans the answering subtree emitted, summed up the call tree ({@link
   * io.simarch.stub.truth.SpanTally} has the format).
   */
  public static final String SPANS = "x-simarch-spans";

  /** Set on a stream's delivery of a batch of records to a consumer. */
  public static final String BATCH = "x-simarch-batch";

  /**
   * {@link #OUTCOME} of a request refused because a function's concurrency, a gateway's rate or a
   * table's capacity was used up. Its status is {@link #THROTTLED_STATUS}: DynamoDB says 400
   * ThrottlingException and Lambda 429, and callers retry both; simarch answers 429 for all three,
   * which a caller's retry policy treats as retryable, as AWS's SDKs do.
   */
  public static final String THROTTLED = "throttled";

  public static final int THROTTLED_STATUS = 429;

  /** The {@link #OUTCOME} of a request shed because its instance was at its in-flight limit. */
  public static final String SHED = "shed";

  /**
   * The {@link #OUTCOME} of a request that failed because a dependency (or one further down) shed
   * the load: overload, told apart from timeouts and errors all the way up to the root.
   */
  public static final String SHED_DOWNSTREAM = "shed-downstream";

  /** The {@link #OUTCOME} of a call that found no instance of its dependency. */
  public static final String NO_INSTANCE = "no-instance";

  private Wire() {}
}
