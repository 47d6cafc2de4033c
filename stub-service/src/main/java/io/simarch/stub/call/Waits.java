package io.simarch.stub.call;

/**
 * The time one request spends waiting on what the architecture simulates: its paced service time
 * (as configured, not as the timer fired) and its calls to dependencies (while at least one is
 * out). What is left of its latency is the instance's own cost, which is what its {@code
 * AdmissionLimit} limits: a slow dependency or a latency fault is the simulation and is simulated
 * as configured, a busy event loop or a saturated CPU is the stub's own overload.
 *
 * <p>Thread-safe: a request's calls settle on whichever event loop their connection is on.
 */
public final class Waits {
  private long paced;
  private long calls;
  private int out;
  private long outSince;

  /** A paced wait of {@code nanos} starts. */
  public synchronized void paced(long nanos) {
    paced += nanos;
  }

  synchronized void callStarted(long now) {
    if (out++ == 0) {
      outSince = now;
    }
  }

  synchronized void callEnded(long now) {
    if (--out == 0) {
      calls += now - outSince;
    }
  }

  /** Simulated waiting up to {@code now}. */
  public synchronized long simulated(long now) {
    return paced + calls + (out > 0 ? now - outSince : 0);
  }
}
