package io.simarch.stub.call;

import io.opentelemetry.context.Context;

/**
 * What a call inherits from the request that caused it.
 *
 * @param parent the trace context the client spans hang from
 * @param deadlineNanos {@link System#nanoTime()} by which the caller must have its answer, or
 *     {@link #NO_DEADLINE}
 */
public record CallContext(Context parent, long deadlineNanos) {
  public static final long NO_DEADLINE = Long.MAX_VALUE;

  public static CallContext of(Context parent) {
    return new CallContext(parent, NO_DEADLINE);
  }

  public boolean hasDeadline() {
    return deadlineNanos != NO_DEADLINE;
  }
}
