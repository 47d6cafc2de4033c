package io.simarch.stub.role;

import java.util.ArrayDeque;
import java.util.function.LongSupplier;

/**
 * One function instance's execution environments, as AWS Lambda keeps them: an invocation takes an
 * idle environment (warm) or starts a new one (cold); an environment idle for {@code idleTimeout}
 * is discarded; at most {@code concurrency} invocations run at once, and one more is throttled.
 * Time comes from the clock given, so the rules can be tested without waiting.
 */
public final class FunctionPool {
  /** How an invocation got its environment. */
  public enum Start {
    WARM,
    COLD,
    /** No environment: the concurrency limit was reached. */
    THROTTLED
  }

  private final int concurrency;
  private final long idleTimeoutNanos;
  private final LongSupplier clock;
  // when each idle environment was last released, most recent first
  private final ArrayDeque<Long> idle = new ArrayDeque<>();
  private int busy;

  /**
   * @param clock nanoseconds, as {@link System#nanoTime()}
   */
  public FunctionPool(int concurrency, long idleTimeoutNanos, LongSupplier clock) {
    if (concurrency < 1) {
      throw new IllegalArgumentException("concurrency must be at least 1, not " + concurrency);
    }
    this.concurrency = concurrency;
    this.idleTimeoutNanos = idleTimeoutNanos;
    this.clock = clock;
  }

  /** Takes an environment for one invocation; unless throttled, {@link #release} gives it back. */
  public synchronized Start acquire() {
    long now = clock.getAsLong();
    expire(now);
    if (busy >= concurrency) {
      return Start.THROTTLED;
    }
    busy++;
    // the most recently used environment first, so that the least used ones expire
    return idle.pollFirst() != null ? Start.WARM : Start.COLD;
  }

  /** An invocation ended: its environment is idle from now. */
  public synchronized void release() {
    if (busy == 0) {
      throw new IllegalStateException("release without acquire");
    }
    busy--;
    idle.addFirst(clock.getAsLong());
  }

  /** Environments running an invocation. */
  public synchronized int busy() {
    return busy;
  }

  /** Environments warm and waiting, expired ones left out. */
  public synchronized int idle() {
    expire(clock.getAsLong());
    return idle.size();
  }

  private void expire(long now) {
    while (!idle.isEmpty() && now - idle.peekLast() >= idleTimeoutNanos) {
      idle.pollLast();
    }
  }
}
