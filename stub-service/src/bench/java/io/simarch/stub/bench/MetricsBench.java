package io.simarch.stub.bench;

import io.simarch.stub.core.Op;
import io.simarch.stub.core.Outcome;
import io.simarch.stub.telemetry.DependencyMetrics;
import io.simarch.stub.telemetry.NodeMetrics;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.LongAdder;

/**
 * What the metrics cost a proxy hop's request path, isolated from the network (which dominates
 * {@link ChainBench} and moves with the machine's load): CPU time per request of what a monolith
 * records for one request it serves and forwards (served, one dependency call, one attempt), on 1
 * and 2 threads recording into one instance, and the heap of an idle instance's metrics (the local
 * runtime holds a thousand).
 *
 * <p>Run: {@code mvn -q -B -pl stub-service -am test-compile -DskipTests} then {@code java -cp
 * stub-service/target/classes:stub-service/target/test-classes:<dependencies>
 * io.simarch.stub.bench.MetricsBench} ({@code -Dbench.requests=20000000}).
 */
public final class MetricsBench {
  private static final long REQUESTS = Long.getLong("bench.requests", 20_000_000L);
  private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

  private MetricsBench() {}

  public static void main(String[] args) throws Exception {
    for (int round = 0; round < 3; round++) { // the first rounds warm the JIT up
      for (int threads : new int[] {1, 2}) {
        double ns = cpuNanosPerRequest(threads);
        System.out.printf(
            "round %d, %d thread(s): %.1f ns CPU per request (served + call + attempt)%n",
            round, threads, ns);
      }
    }
    System.out.printf("idle instance: %.1f KB heap of metrics each (1000 instances)%n", idleKb());
  }

  private static double cpuNanosPerRequest(int threads) throws Exception {
    var metrics = new NodeMetrics(new LongAdder());
    DependencyMetrics store = metrics.dependency("store");
    long each = REQUESTS / threads;
    var cpu = new LongAdder();
    var done = new CountDownLatch(threads);
    for (int t = 0; t < threads; t++) {
      Thread worker =
          new Thread(
              () -> {
                long c0 = THREADS.getCurrentThreadCpuTime();
                for (long i = 0; i < each; i++) {
                  long nanos = 200_000 + (i & 0xFFFF) * 16; // 0.2 ms to 1.2 ms
                  metrics.started();
                  store.attempt("store-0", 1, Outcome.OK);
                  store.call(nanos - 50_000, true);
                  metrics.served((i & 1) == 0 ? Op.GET : Op.PUT, nanos, false);
                }
                cpu.add(THREADS.getCurrentThreadCpuTime() - c0);
                done.countDown();
              });
      worker.start();
    }
    done.await();
    if (metrics.requests() != each * threads) {
      throw new IllegalStateException("lost requests: " + metrics.requests());
    }
    return (double) cpu.sum() / (each * threads);
  }

  private static double idleKb() {
    int n = 1000;
    var keep = new ArrayList<NodeMetrics>(n);
    long before = usedAfterGc();
    for (int i = 0; i < n; i++) {
      var m = new NodeMetrics(new LongAdder());
      m.dependency("store");
      keep.add(m);
    }
    long after = usedAfterGc();
    if (keep.size() != n) {
      throw new IllegalStateException();
    }
    return (after - before) / 1024.0 / n;
  }

  private static long usedAfterGc() {
    Runtime rt = Runtime.getRuntime();
    for (int i = 0; i < 3; i++) {
      System.gc();
    }
    return rt.totalMemory() - rt.freeMemory();
  }
}
