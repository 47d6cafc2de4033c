package io.simarch.stub.telemetry;

import java.util.concurrent.atomic.AtomicLongArray;

/**
 * Microsecond latencies in log-linear buckets (16 per power of two, so a quantile is within about
 * 3% of the truth), for the p50/p99 an instance reports. Lock-free; the bucket array is allocated
 * on the first sample so that an idle instance of a thousand costs a few bytes.
 */
public final class LatencyHistogram {
  private static final int SUB_BITS = 4;
  private static final int SUB = 1 << SUB_BITS;
  private static final int MAX_EXPONENT = 40; // 2^40 µs ≈ 12 days
  private static final int SIZE = (MAX_EXPONENT - SUB_BITS + 2) * SUB;

  private volatile AtomicLongArray counts;

  public void recordNanos(long nanos) {
    recordMicros(Math.max(0, nanos / 1000));
  }

  public void recordMicros(long micros) {
    AtomicLongArray c = counts;
    if (c == null) {
      synchronized (this) {
        c = counts;
        if (c == null) {
          c = new AtomicLongArray(SIZE);
          counts = c;
        }
      }
    }
    c.incrementAndGet(index(micros));
  }

  /** The value at quantile {@code q} (0–1) in milliseconds, or 0 with no samples. */
  public double quantileMillis(double q) {
    return quantile(snapshot(), q);
  }

  /** The bucket counts now, to measure a window against later. */
  public long[] snapshot() {
    AtomicLongArray c = counts;
    long[] out = new long[SIZE];
    if (c != null) {
      for (int i = 0; i < SIZE; i++) {
        out[i] = c.get(i);
      }
    }
    return out;
  }

  /** As {@link #quantileMillis}, over the samples recorded since {@code base} was taken. */
  public double quantileMillisSince(long[] base, double q) {
    long[] now = snapshot();
    for (int i = 0; i < SIZE; i++) {
      now[i] -= base[i];
    }
    return quantile(now, q);
  }

  private static double quantile(long[] counts, double q) {
    long total = 0;
    for (long n : counts) {
      total += n;
    }
    if (total == 0) {
      return 0;
    }
    long rank = Math.max(1, (long) Math.ceil(q * total));
    long seen = 0;
    for (int i = 0; i < SIZE; i++) {
      seen += counts[i];
      if (seen >= rank) {
        return (lower(i) + width(i) / 2.0) / 1000.0;
      }
    }
    return lower(SIZE - 1) / 1000.0;
  }

  public long count() {
    AtomicLongArray c = counts;
    if (c == null) {
      return 0;
    }
    long total = 0;
    for (int i = 0; i < SIZE; i++) {
      total += c.get(i);
    }
    return total;
  }

  static int index(long micros) {
    if (micros < SUB) {
      return (int) micros;
    }
    int exponent = 63 - Long.numberOfLeadingZeros(micros);
    if (exponent > MAX_EXPONENT) {
      return SIZE - 1;
    }
    int sub = (int) ((micros >>> (exponent - SUB_BITS)) & (SUB - 1));
    return (exponent - SUB_BITS + 1) * SUB + sub;
  }

  static long lower(int index) {
    if (index < SUB) {
      return index;
    }
    int exponent = index / SUB + SUB_BITS - 1;
    int sub = index % SUB;
    return ((long) (SUB + sub)) << (exponent - SUB_BITS);
  }

  static long width(int index) {
    if (index < SUB) {
      return 1;
    }
    int exponent = index / SUB + SUB_BITS - 1;
    return 1L << (exponent - SUB_BITS);
  }
}
