package io.simarch.stub.call;

import io.opentelemetry.context.Context;
import io.simarch.stub.truth.SpanTally;

/**
 * What a call inherits from the request that caused it.
 *
 * @param parent the trace context the client spans hang from
 * @param deadlineNanos {@link System#nanoTime()} by which the caller must have its answer, or
 *     {@link #NO_DEADLINE}
 * @param tally where the request's spans are counted for its response, or null
 * @param waits where the request's time spent on dependencies is counted, or null
 */
public record CallContext(Context parent, long deadlineNanos, SpanTally tally, Waits waits) {
  public static final long NO_DEADLINE = Long.MAX_VALUE;

  public CallContext(Context parent, long deadlineNanos, SpanTally tally) {
    this(parent, deadlineNanos, tally, null);
  }

  public CallContext(Context parent, long deadlineNanos) {
    this(parent, deadlineNanos, null, null);
  }

  public static CallContext of(Context parent) {
    return new CallContext(parent, NO_DEADLINE, null, null);
  }

  public boolean hasDeadline() {
    return deadlineNanos != NO_DEADLINE;
  }
}
