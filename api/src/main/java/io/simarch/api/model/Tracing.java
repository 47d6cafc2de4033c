package io.simarch.api.model;

/** Resolved trace export settings; {@code endpoint} may be null (then OTEL_* env decides). */
public record Tracing(boolean enabled, String endpoint, String protocol, double sampling) {}
