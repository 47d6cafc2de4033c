package io.simarch.cli.truth;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.simarch.stub.truth.TruthFile;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Merges the truth files the root pods serve into one: their trace and kill lines, a header with
 * the earliest start, and a summary adding up their totals. A trace that ended less than {@code
 * settleMicros} before its pod answered is left out: the backend may not have it yet.
 */
public final class TruthMerge {
  /** One pod's truth file and where it came from (for messages). */
  public record Source(String name, String document) {}

  private TruthMerge() {}

  /**
   * @throws TruthReader.BadTruthException when a document is not a complete truth file of this
   *     version; the message names its source
   */
  public static String merge(List<Source> sources, String backend, long settleMicros)
      throws TruthReader.BadTruthException {
    if (sources.isEmpty()) {
      throw new TruthReader.BadTruthException("no truth to merge");
    }
    var lines = new ArrayList<String>();
    TruthFile.Header first = null;
    var architectures = new java.util.TreeSet<String>();
    var roots = new java.util.TreeSet<String>();
    long started = Long.MAX_VALUE;
    long ended = 0;
    long requests = 0;
    long sampled = 0;
    long spans = 0;
    long lowerBound = 0;
    long failed = 0;
    Map<String, Long> services = new TreeMap<>();
    Map<String, long[]> edges = new TreeMap<>();
    for (Source src : sources) {
      List<String> doc = src.document().lines().filter(l -> !l.isBlank()).toList();
      TruthFile.Header h = TruthReader.header(src.name(), doc.isEmpty() ? "" : doc.get(0));
      TruthFile.Summary s = summary(src.name(), doc);
      first = first == null ? h : first;
      architectures.add(h.architecture());
      roots.add(h.root());
      started = Math.min(started, h.startedMicros());
      ended = Math.max(ended, s.endedMicros());
      requests += s.requests();
      sampled += s.sampled();
      spans += s.spans();
      lowerBound += s.lowerBound();
      failed += s.failed();
      s.services().forEach((k, v) -> services.merge(k, v, Long::sum));
      s.edges()
          .forEach(
              (k, v) -> {
                long[] a = edges.computeIfAbsent(k, x -> new long[2]);
                a[0] += v[0];
                a[1] += v[1];
              });
      for (String line : doc.subList(1, doc.size() - 1)) {
        JsonNode n = parse(src.name(), line);
        if (TruthFile.TRACE.equals(n.path(TruthFile.TYPE).asText())
            && n.path("end").asLong() > s.endedMicros() - settleMicros) {
          continue;
        }
        lines.add(line);
      }
    }
    var out = new StringBuilder();
    try {
      out.append(
              TruthFile.JSON.writeValueAsString(
                  new TruthFile.Header(
                      TruthFile.HEADER,
                      TruthFile.FORMAT,
                      TruthFile.VERSION,
                      String.join(",", architectures),
                      String.join(",", roots),
                      started,
                      first.sampling(),
                      backend)))
          .append('\n');
      lines.forEach(l -> out.append(l).append('\n'));
      out.append(
              TruthFile.JSON.writeValueAsString(
                  new TruthFile.Summary(
                      TruthFile.SUMMARY,
                      ended,
                      requests,
                      sampled,
                      spans,
                      lowerBound,
                      failed,
                      services,
                      edges,
                      null,
                      null,
                      null)))
          .append('\n');
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
    return out.toString();
  }

  private static TruthFile.Summary summary(String name, List<String> doc)
      throws TruthReader.BadTruthException {
    JsonNode last = doc.size() < 2 ? null : parse(name, doc.get(doc.size() - 1));
    if (last == null || !TruthFile.SUMMARY.equals(last.path(TruthFile.TYPE).asText())) {
      throw new TruthReader.BadTruthException(name + ": truncated (no summary line at its end)");
    }
    try {
      return TruthFile.JSON.treeToValue(last, TruthFile.Summary.class);
    } catch (JsonProcessingException e) {
      throw new TruthReader.BadTruthException(name + ": a summary line without its fields");
    }
  }

  private static JsonNode parse(String name, String line) throws TruthReader.BadTruthException {
    try {
      return TruthFile.JSON.readTree(line);
    } catch (JsonProcessingException e) {
      throw new TruthReader.BadTruthException(name + ": not JSON (" + e.getOriginalMessage() + ")");
    }
  }
}
