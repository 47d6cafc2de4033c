package io.simarch.cli.verify;

import com.fasterxml.jackson.databind.JsonNode;
import io.simarch.cli.truth.TruthReader;
import io.simarch.stub.truth.TruthFile;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;

/** Checks a Zipkin against a run's truth through Zipkin's query API. */
public final class ZipkinVerifier {
  static final int CONCURRENCY = 16;

  private final ZipkinApi zipkin;

  public ZipkinVerifier(ZipkinApi zipkin) {
    this.zipkin = zipkin;
  }

  /** What one trace looks like in the backend. */
  record Found(
      int unique, int duplicated, int orphaned, int wrongParent, Map<String, Integer> services) {
    static final Found NONE = new Found(0, 0, 0, 0, Map.of());
  }

  public VerifyReport verify(TruthReader.Truth truth, double maxLossPercent)
      throws InterruptedException {
    // one query first: an unreachable or wrong backend fails here, before a thousand lookups
    List<VerifyReport.Edge> edges = edges(truth);
    var gate = new Semaphore(CONCURRENCY);
    var failed = new java.util.concurrent.atomic.AtomicBoolean();
    var futures = new ArrayList<CompletableFuture<Found>>();
    for (TruthReader.Expected e : truth.sample()) {
      gate.acquire();
      if (failed.get()) {
        gate.release();
        break;
      }
      futures.add(
          zipkin
              .traceAsync(e.trace().trace())
              .thenApply(ZipkinVerifier::inspect)
              .whenComplete(
                  (f, x) -> {
                    if (x != null) {
                      failed.set(true);
                    }
                    gate.release();
                  }));
    }
    long complete = 0;
    long incomplete = 0;
    long missing = 0;
    long chaos = 0;
    long expected = 0;
    long found = 0;
    long spansMissing = 0;
    long dup = 0;
    long orphan = 0;
    long wrong = 0;
    long lowerBound = 0;
    long chaosMissing = 0;
    for (int i = 0; i < futures.size(); i++) {
      TruthReader.Expected e = truth.sample().get(i);
      Found f = join(futures.get(i));
      if (f == null) {
        f = Found.NONE;
      }
      TruthFile.Trace t = e.trace();
      int lost = Math.max(0, t.spans() - f.unique());
      if (e.chaos()) {
        chaos++;
        chaosMissing += lost;
        continue;
      }
      expected += t.spans();
      found += f.unique();
      spansMissing += lost;
      dup += f.duplicated();
      orphan += f.orphaned();
      wrong += f.wrongParent();
      if (!t.exact()) {
        lowerBound++;
      }
      if (f.unique() == 0) {
        missing++;
      } else if (lost > 0) {
        incomplete++;
      } else {
        complete++;
      }
    }
    double loss = expected == 0 ? 0 : 100.0 * spansMissing / expected;
    var s = truth.summary();
    return new VerifyReport(
        "zipkin " + zipkin.base(),
        truth.sampledTraces(),
        futures.size(),
        complete,
        incomplete,
        missing,
        chaos,
        expected,
        found,
        spansMissing,
        dup,
        orphan,
        wrong,
        lowerBound,
        chaosMissing,
        edges,
        s.exporter() == null
            ? new VerifyReport.Sender(0, 0, 0)
            : new VerifyReport.Sender(
                s.exporter().exported(), s.exporter().failed(), s.exporter().dropped()),
        s.lag() == null
            ? null
            : new VerifyReport.Lag(
                s.lag().probed(), s.lag().found(), s.lag().p50Ms(), s.lag().p99Ms()),
        loss,
        maxLossPercent,
        loss <= maxLossPercent);
  }

  /** The backend's dependency links over the run's window against the truth's edges. */
  private List<VerifyReport.Edge> edges(TruthReader.Truth truth) {
    long startMs = truth.header().startedMicros() / 1000;
    long endMs = truth.summary().endedMicros() / 1000 + 60_000;
    JsonNode links = zipkin.dependencies(endMs, endMs - startMs + 60_000);
    Map<String, long[]> byEdge = new TreeMap<>();
    truth
        .sampledEdges()
        .forEach(
            (k, v) ->
                byEdge.computeIfAbsent(k.toLowerCase(Locale.ROOT), x -> new long[2])[0] += v[0]);
    for (JsonNode l : links) {
      String key = l.path("parent").asText() + ">" + l.path("child").asText();
      byEdge.computeIfAbsent(key.toLowerCase(Locale.ROOT), x -> new long[2])[1] +=
          l.path("callCount").asLong();
    }
    var out = new ArrayList<VerifyReport.Edge>();
    byEdge.forEach(
        (k, v) -> {
          int gt = k.indexOf('>');
          out.add(new VerifyReport.Edge(k.substring(0, gt), k.substring(gt + 1), v[0], v[1]));
        });
    return out;
  }

  /**
   * One trace's spans as Zipkin returns them: distinct span ids, repeats, spans whose parent is not
   * in the trace, and spans whose parent cannot be theirs (a server span not under a client span
   * calling its service; a client span not under a span of its own service).
   */
  static Found inspect(JsonNode spans) {
    if (spans == null) {
      return Found.NONE;
    }
    if (!spans.isArray()) {
      throw new BackendException(
          "a trace answered with " + spans.getNodeType() + ", not a list of spans", false);
    }
    Map<String, JsonNode> byId = new HashMap<>();
    Set<String> seen = new HashSet<>();
    int dup = 0;
    for (JsonNode s : spans) {
      String id = s.path("id").asText("");
      if (!seen.add(id + "/" + s.path("kind").asText(""))) {
        dup++;
        continue;
      }
      byId.putIfAbsent(id, s);
    }
    int orphan = 0;
    int wrong = 0;
    Map<String, Integer> services = new TreeMap<>();
    for (JsonNode s : byId.values()) {
      String service = s.path("localEndpoint").path("serviceName").asText("");
      services.merge(service, 1, Integer::sum);
      String parentId = s.path("parentId").asText(null);
      if (parentId == null) {
        continue;
      }
      JsonNode parent = byId.get(parentId);
      if (parent == null) {
        orphan++;
        continue;
      }
      String kind = s.path("kind").asText("");
      String parentKind = parent.path("kind").asText("");
      String parentService = parent.path("localEndpoint").path("serviceName").asText("");
      boolean ok =
          switch (kind) {
            case "SERVER" ->
                parentKind.equals("CLIENT")
                    && service.equals(
                        parent.path("remoteEndpoint").path("serviceName").asText(service));
            case "CLIENT" -> !parentKind.equals("CLIENT") && service.equals(parentService);
            default -> true;
          };
      if (!ok) {
        wrong++;
      }
    }
    return new Found(byId.size(), dup, orphan, wrong, services);
  }

  private static Found join(CompletableFuture<Found> f) {
    try {
      return f.join();
    } catch (java.util.concurrent.CompletionException e) {
      Throwable c = e.getCause();
      if (c instanceof BackendException b) {
        throw b;
      }
      throw e;
    }
  }
}
