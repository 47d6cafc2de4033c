package io.simarch.stub.core;

import com.netflix.concurrency.limits.Limiter;
import com.netflix.concurrency.limits.limit.Gradient2Limit;
import com.netflix.concurrency.limits.limit.functions.Log10RootIntFunction;
import com.netflix.concurrency.limits.limiter.SimpleLimiter;
import java.util.Optional;
import java.util.Set;
import java.util.function.LongSupplier;

/**
 * How many requests one instance admits at once: an adaptive limit (Netflix concurrency-limits'
 * {@link Gradient2Limit} under a {@link SimpleLimiter}) that never exceeds {@code
 * behavior.inFlightLimit}. A request past the limit is shed (a fast 503) instead of queueing.
 *
 * <p>Gradient2 compares each request's latency with a long-term average and shrinks the limit when
 * latency rises past {@value #RTT_TOLERANCE}× that average, so a CPU-saturated or slowed instance
 * sheds early instead of keeping enough requests in flight for its callers to time out. It grows
 * the limit again (by about log10(limit) per sample) once latency is back, and only while demand
 * reaches half the limit: an idle instance keeps the limit it had.
 *
 * <p>Latency is measured from {@link #acquire}, which the server calls as it reads the request off
 * the socket, so time waiting for the event loop and the CPU is part of it; time in the kernel's
 * receive queue before that is not visible to the process.
 */
public final class AdmissionLimit {
  /** The limit a fresh instance starts at (the library's default), capped by the bound. */
  static final int INITIAL = 20;

  /**
   * The floor: one request at a time still gets served. Gradient2 adds a queue allowance of at
   * least one to the limit, so under the steepest latency rise the limit settles near 2.
   */
  static final int MIN = 1;

  /** Latency may rise this many times above the long-term average before the limit shrinks. */
  static final double RTT_TOLERANCE = 1.5;

  /** What an answered request tells the limit. */
  public enum Sample {
    /** Its latency is this instance's own work: a sample. */
    SERVED,
    /** It ran out of time: a sample, and a drop. */
    DROPPED,
    /** It failed fast for a reason outside this instance's load: no sample. */
    IGNORED
  }

  // outcomes whose short latency would tell the limit the instance is idle when it is not
  private static final Set<String> FAST_FAILURES =
      Set.of(
          Outcome.SHED_DOWNSTREAM.label(),
          Outcome.CIRCUIT_OPEN.label(),
          Wire.NO_INSTANCE,
          Outcome.ERROR.label());

  private final int bound;
  private final Gradient2Limit limit;
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
    this.limit =
        Gradient2Limit.newBuilder()
            .initialLimit(Math.min(INITIAL, bound))
            .minLimit(Math.min(MIN, bound))
            .maxConcurrency(bound)
            .queueSizeFunction(Log10RootIntFunction.create(0))
            .rttTolerance(RTT_TOLERANCE)
            .build();
    this.limiter = SimpleLimiter.newBuilder().limit(limit).nanoClock(nanoClock).build();
  }

  /** A token for one request, or empty when the instance is at its limit: shed it. */
  public Optional<Limiter.Listener> acquire() {
    return limiter.acquire(null);
  }

  /** Returns the token of an answered request, telling the limit what its latency meant. */
  public static void release(Limiter.Listener token, int status, String outcome) {
    switch (sample(status, outcome)) {
      case SERVED -> token.onSuccess();
      case DROPPED -> token.onDropped();
      case IGNORED -> token.onIgnore();
    }
  }

  /**
   * What an answer means for the limit: a success, a client error, an injected error or throttling
   * took this instance's own time; a timeout or a spent budget took all the time there was; a
   * failure because something further down shed, refused or broke came back fast and says nothing
   * about this instance's queue.
   */
  public static Sample sample(int status, String outcome) {
    if (status < 500) {
      return Sample.SERVED;
    }
    if (Outcome.TIMEOUT.label().equals(outcome)
        || Outcome.BUDGET_EXHAUSTED.label().equals(outcome)) {
      return Sample.DROPPED;
    }
    if (outcome == null || FAST_FAILURES.contains(outcome)) {
      return Sample.IGNORED;
    }
    return Sample.SERVED; // injected errors and the like pace with the service time
  }

  /** How many requests may be in flight now. */
  public int limit() {
    return limiter.getLimit();
  }

  public int bound() {
    return bound;
  }
}
