package io.simarch.cli.verify;

/** Percentiles of sorted samples, nearest rank. */
final class Stats {
  private Stats() {}

  static double percentile(double[] sorted, double p) {
    if (sorted.length == 0) {
      return 0;
    }
    int rank = (int) Math.ceil(p / 100.0 * sorted.length);
    return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1];
  }
}
