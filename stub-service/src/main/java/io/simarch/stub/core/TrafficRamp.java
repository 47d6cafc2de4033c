package io.simarch.stub.core;

/**
 * Which ticks of a traffic source send while it ramps up: the rate grows linearly from nothing to
 * the full rate over {@code rampMs}, and every tick sends after that. One instance per start, used
 * from the ticker's one thread.
 */
final class TrafficRamp {
  private final long rampMs;
  private double credit;

  TrafficRamp(long rampMs) {
    this.rampMs = rampMs;
  }

  /** Whether the tick {@code elapsedMs} after the start sends. */
  boolean sends(long elapsedMs) {
    if (rampMs <= 0 || elapsedMs >= rampMs) {
      return true;
    }
    credit += (double) elapsedMs / rampMs;
    if (credit < 1) {
      return false;
    }
    credit -= 1;
    return true;
  }
}
