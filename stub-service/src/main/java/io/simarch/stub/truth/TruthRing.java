package io.simarch.stub.truth;

import com.fasterxml.jackson.core.JsonProcessingException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayDeque;

/**
 * A root pod's truth: the totals of every root request since the pod started, and the trace lines
 * of the last {@link #CAPACITY} of them, so memory stays bounded however long the pod runs. Served
 * as a {@link TruthFile} on {@value io.simarch.stub.core.Wire#TRUTH}; {@code simarch verify --kube}
 * merges the files of every root pod and checks the traces they hold (the last ones of each pod)
 * against a backend.
 */
public final class TruthRing implements TruthSink {
  /** Trace lines kept: as many as verify checks by default, a few MB. */
  public static final int CAPACITY = 10_000;

  private final TruthFile.Header header;
  private final int capacity;
  private final ArrayDeque<TruthFile.Trace> last;
  private final TruthTally tally = new TruthTally();

  /**
   * @param architecture the architecture's name
   * @param root the root service (this pod's)
   * @param instance this pod, named in the header's backend field
   * @param sampling the ratio of traces exported (0 when tracing is off)
   */
  public TruthRing(
      String architecture, String root, String instance, double sampling, int capacity) {
    this.header =
        new TruthFile.Header(
            TruthFile.HEADER,
            TruthFile.FORMAT,
            TruthFile.VERSION,
            architecture,
            root,
            TruthTally.micros(Instant.now()),
            sampling,
            "pod " + instance);
    this.capacity = capacity;
    this.last = new ArrayDeque<>(Math.min(capacity, 1024));
  }

  @Override
  public void record(RootTruth t) {
    synchronized (this) {
      TruthFile.Trace line = tally.add(t);
      if (last.size() == capacity) {
        last.removeFirst();
      }
      last.addLast(line);
    }
  }

  /** The truth so far as a truth file: header, the kept trace lines, a summary of every request. */
  public String document() {
    var b = new StringBuilder(4096);
    synchronized (this) {
      append(b, header);
      for (TruthFile.Trace t : last) {
        append(b, t);
      }
      append(b, tally.summary(TruthTally.micros(Instant.now()), null, null, null));
    }
    return b.toString();
  }

  private static void append(StringBuilder b, Object line) {
    try {
      b.append(TruthFile.JSON.writeValueAsString(line)).append('\n');
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }
}
