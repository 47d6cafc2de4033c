package io.simarch.api.model;

/**
 * Resolved root traffic. {@code intervalMicros} between two requests of one root instance; {@code
 * durationMs} 0 means forever.
 */
public record Traffic(
    long intervalMicros, long durationMs, int getKnown, int getRecent, int put, int maxInFlight) {}
