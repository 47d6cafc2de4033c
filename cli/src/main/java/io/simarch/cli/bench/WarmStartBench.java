package io.simarch.cli.bench;

import io.simarch.api.model.ArchitectureFiles;
import io.simarch.api.model.Durations;
import io.simarch.api.v1alpha1.SimulatedArchitecture;
import io.simarch.api.v1alpha1.TrafficSpec;
import io.simarch.cli.run.LocalDeployment;
import io.simarch.cli.run.LocalRun;
import io.simarch.cli.run.PortRange;
import io.simarch.stub.local.HostOptions;
import io.simarch.stub.local.StubHost;
import io.simarch.stub.local.StubInstance;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

/**
 * The local run's warm start, as {@code simarch run} does it (the same {@link LocalDeployment}
 * start and warm-up): the time until every instance listens, then, with the root driven at a fixed
 * rate after the warm-up, the root requests sent and failed in the first 1 s, 5 s and 30 s, and the
 * process CPU per root request. A rate of 0 measures the start only. No chaos. Not a test: it
 * prints figures.
 *
 * <pre>
 * java -cp cli/target/simarch.jar io.simarch.cli.bench.WarmStartBench \
 *     examples/spigo/netflix.yaml 1000 1000 10s
 * java -cp cli/target/simarch.jar io.simarch.cli.bench.WarmStartBench \
 *     examples/spigo/netflixoss.yaml 10000 0
 * </pre>
 *
 * Arguments: architecture file, scale (spigo's -p), root requests/s (per root instance), warm-up
 * (default: {@code simarch run}'s; 0 counts from the first request).
 */
public final class WarmStartBench {
  private static final long[] WINDOWS_MS = {1_000, 5_000, 30_000};

  private WarmStartBench() {}

  public static void main(String[] args) throws Exception {
    System.setProperty("logback.configurationFile", "simarch-cli-logback.xml");
    if (args.length < 3) {
      System.err.println("usage: WarmStartBench FILE SCALE RATE [WARMUP]");
      System.exit(2);
    }
    Path file = Path.of(args[0]);
    int scale = Integer.parseInt(args[1]);
    double rate = Double.parseDouble(args[2]);
    Duration warmup = Durations.parse(args.length > 3 ? args[3] : LocalRun.Options.DEFAULT_WARMUP);
    SimulatedArchitecture arch = ArchitectureFiles.load(file).resource();
    var spec = arch.getSpec();
    spec.setScale(scale);
    spec.setVictim(null);
    spec.setChaos(null);
    if (rate > 0) {
      if (spec.getTraffic() == null) {
        spec.setTraffic(new TrafficSpec());
      }
      spec.getTraffic().setRate(rate);
    }
    System.out.printf(
        "%s --scale %d: %d cores, load average %.1f at the start%n",
        file.getFileName(), scale, Runtime.getRuntime().availableProcessors(), loadAverage());

    long t0 = System.nanoTime();
    try (StubHost host = StubHost.start(new HostOptions(null, 0, true))) {
      var d = LocalDeployment.start(host, arch, PortRange.ephemeral(), s -> {});
      long listeningMs = (System.nanoTime() - t0) / 1_000_000;
      // on a shared machine the wall time stretches with the load; the CPU time does not
      System.out.printf(
          "%d instances listening %d ms after the start, %d ms of process CPU (heap used %d MB,"
              + " load average %.1f)%n",
          d.plan().instances().size(),
          listeningMs,
          processCpuNanos() / 1_000_000,
          (Runtime.getRuntime().totalMemory() - Runtime.getRuntime().freeMemory()) / 1048576,
          loadAverage());
      if (rate <= 0 || d.roots().isEmpty()) {
        return;
      }
      System.out.printf(
          "root %s x%d at %.0f req/s each, warm-up %d ms (ramp, not counted)%n",
          d.plan().root(), d.roots().size(), rate, warmup.toMillis());
      Map<StubInstance, StubInstance.Mark> marks = d.startTraffic(warmup, new CountDownLatch(1));
      long counted = System.nanoTime();
      long cpu0 = processCpuNanos();
      System.out.printf(
          "%9s %9s %9s %9s %9s %11s %9s %14s %8s%n",
          "WINDOW_S",
          "EXPECTED",
          "SENT",
          "FAILED",
          "FAILED%",
          "LOST%",
          "P99_MS",
          "CPU_MS/ROOT",
          "LOAD");
      for (long w : WINDOWS_MS) {
        long sleep = w - (System.nanoTime() - counted) / 1_000_000;
        if (sleep > 0) {
          Thread.sleep(sleep); // the measured window
        }
        long sent = 0;
        long failed = 0;
        double p99 = 0;
        for (StubInstance r : d.roots()) {
          var s = r.statsSince(marks.get(r));
          sent += s.rootRequests();
          failed += s.rootErrors();
          p99 = Math.max(p99, s.p99Ms());
        }
        long expected = Math.round(rate * d.roots().size() * w / 1000.0);
        // lost: failed, or never sent (a tick skipped with maxInFlight requests outstanding)
        long lost = failed + Math.max(0, expected - sent);
        System.out.printf(
            "%9.0f %9d %9d %9d %9.2f %11.2f %9.1f %14.3f %8.1f%n",
            w / 1000.0,
            expected,
            sent,
            failed,
            sent == 0 ? 0 : 100.0 * failed / sent,
            expected == 0 ? 0 : 100.0 * lost / expected,
            p99,
            sent == 0 ? 0 : (processCpuNanos() - cpu0) / 1e6 / sent,
            loadAverage());
      }
      d.roots().forEach(StubInstance::stopTraffic);
    }
  }

  private static long processCpuNanos() {
    return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
        .getProcessCpuTime();
  }

  private static double loadAverage() throws Exception {
    return Double.parseDouble(Files.readString(Path.of("/proc/loadavg")).split(" ")[0]);
  }
}
