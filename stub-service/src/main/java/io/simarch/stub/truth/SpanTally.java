package io.simarch.stub.truth;

import java.util.Map;
import java.util.TreeMap;

/**
 * The spans one request's subtree emitted, as it travels back up the call tree in the {@value
 * io.simarch.stub.core.Wire#SPANS} response header: each hop adds its server span and one client
 * span per attempt, merges what each attempt's response reported, and answers with the sum. An
 * attempt that got no response (timeout, killed instance, reset connection) may have emitted spans
 * nobody reported, so the total becomes a lower bound; so does a call still out when the answer
 * leaves (spigo's writers do not wait for their replicas).
 *
 * <p>Wire form, one line: {@code TOTAL[+];SVC=N,...;FROM>TO=CALLS/ERRORS,...;RETRIES;ERRORS} where
 * {@code +} marks a lower bound, SVC=N counts the spans each service emitted, FROM>TO the client
 * spans (attempts) from one service to another and how many failed, RETRIES the attempts after a
 * call's first and ERRORS the spans with error status. Service names are {@code [A-Za-z0-9._-]+}
 * (the architecture's rule), so the separators never occur in them.
 *
 * <p>Thread-safe: the attempts of one request settle on whichever event loop their connection is
 * on. Once {@link #seal sealed} (the header is written) later updates are ignored.
 */
public final class SpanTally {
  private final String service;
  private final Map<String, Integer> spans = new TreeMap<>();
  private final Map<String, int[]> edges = new TreeMap<>();
  private int retries;
  private int errors;
  private int attemptsOut;
  private int callsOut;
  private boolean lowerBound;
  private boolean sealed;

  /**
   * @param service the service of the instance keeping this tally: its own spans count for it
   */
  public SpanTally(String service) {
    this.service = service;
  }

  /** Counts one span of this instance's own (a server span, a root span). */
  public synchronized void ownSpan(boolean error) {
    if (sealed) {
      return;
    }
    spans.merge(service, 1, Integer::sum);
    if (error) {
      errors++;
    }
  }

  /** A logical call (with its attempts) starts. */
  public synchronized void callStarted() {
    callsOut++;
  }

  /** A logical call has settled: every attempt it will make has been counted. */
  public synchronized void callEnded() {
    callsOut--;
  }

  /** An attempt is on the wire: its client span will end, so it counts even if still out. */
  public synchronized void attemptStarted() {
    attemptsOut++;
  }

  /**
   * One attempt's client span ended.
   *
   * @param sent whether the attempt was sent ({@link #attemptStarted} was called for it)
   * @param attempt 1 for a call's first attempt
   * @param reply the callee's {@value io.simarch.stub.core.Wire#SPANS} header, or null
   * @param unknown whether the callee may have emitted spans nobody reported (no response, or one
   *     without a tally)
   */
  public synchronized void attempt(
      String callee, boolean sent, int attempt, boolean error, String reply, boolean unknown) {
    if (sent) {
      attemptsOut--;
    }
    if (sealed) {
      return;
    }
    spans.merge(service, 1, Integer::sum);
    int[] edge = edges.computeIfAbsent(service + ">" + callee, k -> new int[2]);
    edge[0]++;
    if (error) {
      edge[1]++;
      errors++;
    }
    if (attempt > 1) {
      retries++;
    }
    if (unknown || (reply != null && !merge(reply))) {
      lowerBound = true;
    }
  }

  /** Marks the total a lower bound: spans were emitted that will never be reported here. */
  public synchronized void unknown() {
    if (!sealed) {
      lowerBound = true;
    }
  }

  /**
   * Freezes the tally for the response: attempts still on the wire count one client span each, and
   * anything still out makes the total a lower bound.
   */
  public synchronized Snapshot seal() {
    if (!sealed) {
      sealed = true;
      if (attemptsOut > 0) {
        spans.merge(service, attemptsOut, Integer::sum);
      }
      if (attemptsOut > 0 || callsOut > 0) {
        lowerBound = true;
      }
    }
    return snapshot();
  }

  public synchronized Snapshot snapshot() {
    var e = new TreeMap<String, Snapshot.Edge>();
    edges.forEach((k, v) -> e.put(k, new Snapshot.Edge(v[0], v[1])));
    return new Snapshot(
        spans.values().stream().mapToInt(Integer::intValue).sum(),
        lowerBound,
        new TreeMap<>(spans),
        e,
        retries,
        errors);
  }

  /** Adds a callee's report; false when it cannot be read (then nothing is added). */
  private boolean merge(String header) {
    Snapshot s = Snapshot.parse(header);
    if (s == null) {
      return false;
    }
    s.spans.forEach((k, v) -> spans.merge(k, v, Integer::sum));
    s.edges.forEach(
        (k, v) -> {
          int[] edge = edges.computeIfAbsent(k, x -> new int[2]);
          edge[0] += v.calls();
          edge[1] += v.errors();
        });
    retries += s.retries;
    errors += s.errors;
    lowerBound |= s.lowerBound;
    return true;
  }

  /**
   * A tally as reported.
   *
   * @param total every span counted
   * @param lowerBound whether more spans may have been emitted than counted
   * @param spans spans per emitting service
   * @param edges client spans per {@code caller>callee}
   * @param retries attempts after a call's first
   * @param errors spans with error status
   */
  public record Snapshot(
      int total,
      boolean lowerBound,
      Map<String, Integer> spans,
      Map<String, Edge> edges,
      int retries,
      int errors) {
    public record Edge(int calls, int errors) {}

    public String header() {
      var b = new StringBuilder(64);
      b.append(total).append(lowerBound ? "+" : "").append(';');
      String sep = "";
      for (var e : spans.entrySet()) {
        b.append(sep).append(e.getKey()).append('=').append(e.getValue());
        sep = ",";
      }
      b.append(';');
      sep = "";
      for (var e : edges.entrySet()) {
        b.append(sep).append(e.getKey()).append('=').append(e.getValue().calls());
        b.append('/').append(e.getValue().errors());
        sep = ",";
      }
      return b.append(';').append(retries).append(';').append(errors).toString();
    }

    /** The header's value read back, or null when it is not a tally. */
    public static Snapshot parse(String header) {
      try {
        String[] parts = header.split(";", -1);
        if (parts.length != 5) {
          return null;
        }
        boolean lb = parts[0].endsWith("+");
        int total = Integer.parseInt(lb ? parts[0].substring(0, parts[0].length() - 1) : parts[0]);
        var spans = new TreeMap<String, Integer>();
        int sum = 0;
        for (String kv : list(parts[1])) {
          int eq = kv.lastIndexOf('=');
          int n = Integer.parseInt(kv.substring(eq + 1));
          spans.merge(kv.substring(0, eq), n, Integer::sum);
          sum += n;
        }
        var edges = new TreeMap<String, Edge>();
        for (String kv : list(parts[2])) {
          int eq = kv.lastIndexOf('=');
          String[] ce = kv.substring(eq + 1).split("/", -1);
          if (eq <= 0 || ce.length != 2 || kv.indexOf('>') <= 0) {
            return null;
          }
          edges.put(
              kv.substring(0, eq), new Edge(Integer.parseInt(ce[0]), Integer.parseInt(ce[1])));
        }
        if (sum != total) {
          return null;
        }
        return new Snapshot(
            total, lb, spans, edges, Integer.parseInt(parts[3]), Integer.parseInt(parts[4]));
      } catch (RuntimeException e) {
        return null;
      }
    }

    private static String[] list(String s) {
      return s.isEmpty() ? new String[0] : s.split(",");
    }
  }
}
