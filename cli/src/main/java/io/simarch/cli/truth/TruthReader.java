package io.simarch.cli.truth;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.simarch.stub.truth.TruthFile;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;

/**
 * Reads a {@link TruthFile} in one streaming pass, keeping a uniform sample of at most {@code keep}
 * sampled traces (reservoir sampling), the kills, and the totals of the sampled traces, so a truth
 * of any length is read in bounded memory.
 */
public final class TruthReader {
  /** The file is not a complete truth file of this version; the message says what and where. */
  public static final class BadTruthException extends Exception {
    BadTruthException(String message) {
      super(message);
    }
  }

  /**
   * One trace to check.
   *
   * @param chaos whether a chaos kill happened while it was in flight and its count is a lower
   *     bound: what its spans lack may be the kill's doing, not the backend's
   */
  public record Expected(TruthFile.Trace trace, boolean chaos) {}

  /** What the file holds. */
  public record Truth(
      TruthFile.Header header,
      TruthFile.Summary summary,
      List<TruthFile.Kill> kills,
      long sampledTraces,
      long sampledSpans,
      Map<String, long[]> sampledEdges,
      List<Expected> sample) {}

  private TruthReader() {}

  public static Truth read(Path file, int keep, long seed) throws IOException, BadTruthException {
    var random = new Random(seed);
    var kills = new ArrayList<TruthFile.Kill>();
    var sample = new ArrayList<Expected>();
    var edges = new TreeMap<String, long[]>();
    TruthFile.Header header = null;
    TruthFile.Summary summary = null;
    long sampled = 0;
    long spans = 0;
    int lineNo = 0;
    try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      String line;
      while ((line = in.readLine()) != null) {
        lineNo++;
        if (line.isBlank()) {
          continue;
        }
        JsonNode node;
        try {
          node = TruthFile.JSON.readTree(line);
        } catch (JsonProcessingException e) {
          throw bad(file, lineNo, "not JSON (" + e.getOriginalMessage() + ")");
        }
        String type = node.path(TruthFile.TYPE).asText("");
        if (header == null) {
          header = header(file, node, type);
          continue;
        }
        if (summary != null) {
          throw bad(file, lineNo, "a line after the summary");
        }
        try {
          switch (type) {
            case TruthFile.TRACE -> {
              var t = TruthFile.JSON.treeToValue(node, TruthFile.Trace.class);
              if (!t.sampled() || t.trace() == null) {
                continue;
              }
              sampled++;
              spans += t.spans();
              t.edges()
                  .forEach(
                      (k, v) -> {
                        long[] a = edges.computeIfAbsent(k, x -> new long[2]);
                        a[0] += v[0];
                        a[1] += v[1];
                      });
              boolean chaos =
                  !t.exact()
                      && kills.stream().anyMatch(k -> k.at() >= t.start() && k.at() <= t.end());
              var e = new Expected(t, chaos);
              if (sample.size() < keep) {
                sample.add(e);
              } else {
                long j = (long) (random.nextDouble() * sampled);
                if (j < keep) {
                  sample.set((int) j, e);
                }
              }
            }
            case TruthFile.KILL ->
                kills.add(TruthFile.JSON.treeToValue(node, TruthFile.Kill.class));
            case TruthFile.SUMMARY ->
                summary = TruthFile.JSON.treeToValue(node, TruthFile.Summary.class);
            default -> throw bad(file, lineNo, "unknown line type '" + type + "'");
          }
        } catch (JsonProcessingException e) {
          throw bad(
              file, lineNo, "a " + type + " line without its fields: " + e.getOriginalMessage());
        }
      }
    } catch (NoSuchFileException e) {
      throw new BadTruthException(file + ": no such file");
    }
    if (header == null) {
      throw new BadTruthException(
          file + ": empty; expected a truth file from `simarch run --truth`");
    }
    if (summary == null) {
      throw new BadTruthException(
          file
              + ": truncated (no summary line after line "
              + lineNo
              + "): the run did not finish writing it; run it again and let it end");
    }
    return new Truth(header, summary, kills, sampled, spans, edges, sample);
  }

  /** The header of the truth file {@code name} begins with {@code line}. */
  static TruthFile.Header header(String name, String line) throws BadTruthException {
    JsonNode node;
    try {
      node = TruthFile.JSON.readTree(line);
    } catch (JsonProcessingException e) {
      throw new BadTruthException(name + ": line 1: not JSON (" + e.getOriginalMessage() + ")");
    }
    if (node == null || node.isMissingNode()) {
      throw new BadTruthException(name + ": empty; expected a truth file");
    }
    return header(name, node, node.path(TruthFile.TYPE).asText(""));
  }

  private static TruthFile.Header header(Object file, JsonNode node, String type)
      throws BadTruthException {
    if (!TruthFile.HEADER.equals(type) || !TruthFile.FORMAT.equals(node.path("format").asText())) {
      throw new BadTruthException(
          file + ": not a truth file (line 1 is not a " + TruthFile.FORMAT + " header)");
    }
    int version = node.path("version").asInt(-1);
    if (version != TruthFile.VERSION) {
      throw new BadTruthException(
          file
              + ": version "
              + node.path("version")
              + ", this simarch reads version "
              + TruthFile.VERSION
              + "; verify it with the simarch that wrote it, or record it again");
    }
    try {
      return TruthFile.JSON.treeToValue(node, TruthFile.Header.class);
    } catch (JsonProcessingException e) {
      throw new BadTruthException(file + ": line 1: header without its fields");
    }
  }

  private static BadTruthException bad(Path file, int line, String what) {
    return new BadTruthException(file + ": line " + line + ": " + what);
  }
}
