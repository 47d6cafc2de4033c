package io.simarch.stub.truth;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

/**
 * The ground-truth file of a run, JSON lines (docs/ground-truth.md describes it): a {@code header}
 * line, then a {@code trace} line per root request and a {@code kill} line per chaos kill as they
 * happen, then one {@code summary} line. Its field names are stated here once; the writer and the
 * reader both use them.
 */
public final class TruthFile {
  public static final String FORMAT = "simarch-truth";
  public static final int VERSION = 1;

  public static final String TYPE = "type";
  public static final String HEADER = "header";
  public static final String TRACE = "trace";
  public static final String KILL = "kill";
  public static final String SUMMARY = "summary";

  // a reader skips fields it does not know: a later version may add some without a new version
  public static final ObjectMapper JSON =
      new ObjectMapper()
          .disable(SerializationFeature.INDENT_OUTPUT)
          .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

  private TruthFile() {}

  /** The first line. */
  public record Header(
      String type,
      String format,
      int version,
      String architecture,
      String root,
      long startedMicros,
      double sampling,
      String backend) {}

  /**
   * One root request.
   *
   * @param spans every span the trace emitted, the root's included (a lower bound unless exact)
   * @param exact whether {@code spans} is the exact count
   * @param services spans per service
   * @param edges client spans per {@code caller>callee}: [attempts, failed attempts]
   */
  public record Trace(
      String type,
      String trace,
      boolean sampled,
      String op,
      long start,
      long end,
      int status,
      boolean failed,
      int spans,
      boolean exact,
      java.util.Map<String, Integer> services,
      java.util.Map<String, int[]> edges,
      int retries,
      int errors) {}

  /** A chaos kill: the instance's spans still in flight at {@code at} were never ended. */
  public record Kill(String type, String instance, String service, String mode, long at) {}

  /**
   * The last line: totals over the run, so a reader need not add up every trace line.
   *
   * @param exporter spans the run's exporter sent, failed to send, and dropped before sending
   * @param lag ingest lag probed during the run, or null
   * @param warm when the warm-up ended and what was sent after it, or null (a run that ended first)
   */
  public record Summary(
      String type,
      long endedMicros,
      long requests,
      long sampled,
      long spans,
      long lowerBound,
      long failed,
      java.util.Map<String, Long> services,
      java.util.Map<String, long[]> edges,
      Exporter exporter,
      Lag lag,
      Warm warm) {}

  /**
   * The run after its warm-up: the rate it reached is {@code requests} over the time from {@code
   * at} to the summary's end.
   *
   * @param at when the warm-up ended (µs since the epoch)
   * @param requests root requests that started after it
   * @param spans their spans
   */
  public record Warm(long at, long requests, long spans) {}

  public record Exporter(long exported, long failed, long dropped) {}

  /**
   * Time from a root span's end until its trace first answered with its root span.
   *
   * @param probed traces polled
   * @param found of those, found within the probe's patience
   */
  public record Lag(long probed, long found, double p50Ms, double p99Ms, double maxMs) {}
}
