package io.simarch.stub.local;

import io.opentelemetry.sdk.trace.export.SpanExporter;

/**
 * What a {@link StubHost} shares between its instances. These decide tracing for every instance of
 * the host; the {@code tracing} block of each {@code StubConfig} (and {@code OTEL_*}) is for pods.
 *
 * @param exporter where every instance's spans go (one queue, one export thread); null for no
 *     tracing, in which case trace headers are still passed along
 * @param sampling fraction of new traces recorded, 0–1; a caller's decision is always followed
 * @param metrics whether each instance answers {@code GET /metrics}
 */
public record HostOptions(SpanExporter exporter, double sampling, boolean metrics) {
  public HostOptions {
    if (sampling < 0 || sampling > 1) {
      throw new IllegalArgumentException("sampling must be between 0 and 1, was " + sampling);
    }
  }

  /** No tracing, metrics on. */
  public static HostOptions defaults() {
    return new HostOptions(null, 1.0, true);
  }
}
