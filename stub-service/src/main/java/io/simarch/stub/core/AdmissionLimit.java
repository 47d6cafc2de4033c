package io.simarch.stub.core;

import com.netflix.concurrency.limits.Limit;
import com.netflix.concurrency.limits.Limiter;
import com.netflix.concurrency.limits.limit.AIMDLimit;
import com.netflix.concurrency.limits.limit.WindowedLimit;
import com.netflix.concurrency.limits.limiter.SimpleLimiter;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * How many requests one instance admits at once: an adaptive limit (Netflix concurrency-limits'
 * {@link AIMDLimit} over a {@link WindowedLimit}, admission by its {@link SimpleLimiter}) that
 * starts at, and never exceeds, {@code behavior.inFlightLimit}. A request past the limit is shed (a
 * fast 503) instead of queueing.
 *
 * <p>The limit's signal is a request's <em>own time</em>: from the moment the server reads it to
 * its answer, less what the architecture simulates ({@link io.simarch.stub.call.Waits}: its
 * configured service time and its calls to dependencies). So a slow dependency, a latency fault or
 * a retry storm plays out as configured, with the bound as the only limit, while a busy event loop
 * or a saturated CPU (timers firing late, work waiting for the loop) shows up and is shed. Own
 * times are averaged over windows of {@value #WINDOW_MS} ms: a window averaging more than {@link
 * #OVERLOAD_NANOS} cuts the limit by a tenth; any other window in which demand reached half the
 * limit raises it by one. A request-latency gradient (Gradient2, Vegas) does not fit here: own time
 * is near zero when healthy, and under sustained overload those algorithms take the overloaded time
 * as the new normal. An idle instance keeps the limit it had. Time in the kernel's receive queue
 * before the read is not visible to the process.
 */
public final class AdmissionLimit {
  /** The floor (or the bound, if lower): an overloaded instance still serves this many at once. */
  static final int MIN = 10;

  /**
   * A window whose own times average more than this is overload: far above a healthy stub's jitter
   * (a late timer, a collection, a busy neighbour on a shared machine), far below a caller's
   * timeout.
   */
  static final long OVERLOAD_NANOS = 10_000_000;

  /** What a window of overload leaves of the limit. */
  static final double BACKOFF = 0.9;

  /**
   * Own times are averaged over windows this long: one slow request among many is noise, a slow
   * second is overload. The library drops a window of fewer than ten samples, which {@link #MIN}
   * keeps from happening to all but services slower than a second.
   */
  static final long WINDOW_MS = 1000;

  /** One admitted request. */
  public static final class Token {
    private final Limiter.Listener permit;
    private final long startNanos;
    private final int inFlight;

    private Token(Limiter.Listener permit, long startNanos, int inFlight) {
      this.permit = permit;
      this.startNanos = startNanos;
      this.inFlight = inFlight;
    }
  }

  private final int bound;
  private final LongSupplier clock;
  private final Limit limit;
  private final SimpleLimiter<Void> limiter;

  /**
   * @param bound the most requests admitted at once, whatever latency says ({@code
   *     behavior.inFlightLimit})
   */
  public AdmissionLimit(int bound) {
    this(bound, System::nanoTime);
  }

  AdmissionLimit(int bound, LongSupplier nanoClock) {
    if (bound < 1) {
      throw new IllegalArgumentException("bound must be at least 1, was " + bound);
    }
    this.bound = bound;
    this.clock = nanoClock;
    this.limit =
        WindowedLimit.newBuilder()
            .minWindowTime(WINDOW_MS, TimeUnit.MILLISECONDS)
            .maxWindowTime(WINDOW_MS, TimeUnit.MILLISECONDS)
            .windowSize(10)
            .minRttThreshold(0, TimeUnit.NANOSECONDS)
            .build(
                AIMDLimit.newBuilder()
                    .initialLimit(bound)
                    .minLimit(Math.min(MIN, bound))
                    .maxLimit(bound)
                    .backoffRatio(BACKOFF)
                    .timeout(OVERLOAD_NANOS, TimeUnit.NANOSECONDS)
                    .build());
    this.limiter = SimpleLimiter.newBuilder().limit(limit).nanoClock(nanoClock).build();
  }

  /** A token for one request, or null when the instance is at its limit: shed it. */
  public Token acquire() {
    Optional<Limiter.Listener> permit = limiter.acquire(null);
    return permit.isEmpty()
        ? null
        : new Token(permit.get(), clock.getAsLong(), limiter.getInflight());
  }

  /** Returns the token of a request answered without being served (nothing to learn from). */
  public void ignore(Token token) {
    token.permit.onIgnore();
  }

  /**
   * Returns the token of an answered request, whatever the answer, and tells the limit its own
   * time: a failure from further down took this instance's own time like a success.
   *
   * @param ownNanos its latency less its simulated waits
   */
  public void release(Token token, long ownNanos) {
    // the permit goes back unsampled: the limit learns own time, not the permit's wall time
    token.permit.onIgnore();
    limit.onSample(token.startNanos, Math.max(ownNanos, 0), token.inFlight, false);
  }

  /** How many requests may be in flight now. */
  public int limit() {
    return limiter.getLimit();
  }

  public int bound() {
    return bound;
  }
}
