package io.simarch.stub.truth;

/**
 * What one root request produced, as the root knows it once its answer is back.
 *
 * @param traceId the trace's id (32 hex digits), or null when tracing is off
 * @param sampled whether the trace was recorded (exported)
 * @param op the request: GET or PUT
 * @param startMicros when the root span started, microseconds since the epoch
 * @param endMicros when it ended
 * @param status the root's HTTP status, or 0 when none came back
 * @param failed whether the root request failed
 * @param spans the spans the whole trace emitted, the root span included
 */
public record RootTruth(
    String traceId,
    boolean sampled,
    String op,
    long startMicros,
    long endMicros,
    int status,
    boolean failed,
    SpanTally.Snapshot spans) {}
