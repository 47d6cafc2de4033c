package io.simarch.api.model;

/**
 * A serverless service's resolved settings: the one of {@link #function}, {@link #gateway}, {@link
 * #table} and {@link #stream} that its package uses is set, the others are null.
 */
public record Faas(Function function, Gateway gateway, Table table, Stream stream) {

  public Faas(Function function, Gateway gateway, Table table) {
    this(function, gateway, table, null);
  }

  /**
   * A {@code lambda}'s execution environments, limit and price.
   *
   * @param concurrency invocations one instance runs at once; more are throttled
   * @param pricePerGbSecond USD
   * @param pricePerRequest USD
   */
  public record Function(
      int memoryMb,
      Behavior.Latency coldStart,
      long idleTimeoutMs,
      int concurrency,
      double pricePerGbSecond,
      double pricePerRequest) {}

  /** An {@code apigateway}'s token bucket: {@code rateLimit} a second, {@code burst} at once. */
  public record Gateway(double rateLimit, int burst) {}

  /** A {@code dynamodb}'s capacity; unlimited when not provisioned. */
  public record Table(boolean provisioned, int readCapacity, int writeCapacity) {}

  /** A {@code kinesis}'s batches: at most {@code batchSize} records every {@code batchWindowMs}. */
  public record Stream(int batchSize, long batchWindowMs) {}
}
