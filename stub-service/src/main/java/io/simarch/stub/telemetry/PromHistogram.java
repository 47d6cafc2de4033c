package io.simarch.stub.telemetry;

import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;

/** A Prometheus classic histogram in seconds with fixed buckets from 0.5 ms to 10 s. */
public final class PromHistogram {
  static final double[] BOUNDS = {
    0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10
  };
  private static final long[] BOUND_NANOS = new long[BOUNDS.length];

  static {
    for (int i = 0; i < BOUNDS.length; i++) {
      BOUND_NANOS[i] = Math.round(BOUNDS[i] * 1e9);
    }
  }

  private final AtomicLongArray buckets = new AtomicLongArray(BOUNDS.length + 1);
  private final AtomicLong sumNanos = new AtomicLong();

  public void recordNanos(long nanos) {
    int i = 0;
    while (i < BOUND_NANOS.length && nanos > BOUND_NANOS[i]) {
      i++;
    }
    buckets.incrementAndGet(i);
    sumNanos.addAndGet(nanos);
  }

  public long count() {
    long n = 0;
    for (int i = 0; i < buckets.length(); i++) {
      n += buckets.get(i);
    }
    return n;
  }

  /** Appends the _bucket, _sum and _count lines; {@code labels} is {@code a="b",} or empty. */
  void write(StringBuilder out, String name, String labels) {
    long cumulative = 0;
    for (int i = 0; i < BOUNDS.length; i++) {
      cumulative += buckets.get(i);
      out.append(name)
          .append("_bucket{")
          .append(labels)
          .append("le=\"")
          .append(BOUNDS[i])
          .append("\"} ")
          .append(cumulative)
          .append('\n');
    }
    cumulative += buckets.get(BOUNDS.length);
    out.append(name)
        .append("_bucket{")
        .append(labels)
        .append("le=\"+Inf\"} ")
        .append(cumulative)
        .append('\n');
    String plain = labels.isEmpty() ? "" : "{" + labels.substring(0, labels.length() - 1) + "}";
    out.append(name)
        .append("_sum")
        .append(plain)
        .append(' ')
        .append(sumNanos.get() / 1e9)
        .append('\n');
    out.append(name).append("_count").append(plain).append(' ').append(cumulative).append('\n');
  }
}
