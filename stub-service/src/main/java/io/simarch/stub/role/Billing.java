package io.simarch.stub.role;

import io.simarch.api.model.Faas;

/**
 * What one invocation costs, as AWS Lambda bills it: the duration rounded up to the next
 * millisecond, times the memory size, gives GB-seconds (1 GB = 1024 MiB), priced per GB-second,
 * plus the price of a request.
 */
public record Billing(int memoryMb, double pricePerGbSecond, double pricePerRequest) {
  private static final long NANOS_PER_MS = 1_000_000;

  public static Billing of(Faas.Function f) {
    return new Billing(f.memoryMb(), f.pricePerGbSecond(), f.pricePerRequest());
  }

  /** One invocation's bill. */
  public record Bill(long billedMs, double gbSeconds, double costUsd) {}

  public Bill bill(long durationNanos) {
    long ms = Math.max(0, (durationNanos + NANOS_PER_MS - 1) / NANOS_PER_MS);
    double gbSeconds = ms / 1000.0 * memoryMb / 1024.0;
    return new Bill(ms, gbSeconds, gbSeconds * pricePerGbSecond + pricePerRequest);
  }

  /** Memory in bytes, as OpenTelemetry's {@code faas.max_memory} states it. */
  public long maxMemoryBytes() {
    return memoryMb * 1024L * 1024L;
  }
}
