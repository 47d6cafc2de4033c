package io.simarch.cli.bench;

import io.simarch.api.v1alpha1.ServiceSpec;
import io.simarch.api.v1alpha1.SimulatedArchitecture;
import io.simarch.api.v1alpha1.SimulatedArchitectureSpec;
import io.simarch.api.v1alpha1.TrafficSpec;
import io.simarch.cli.run.LocalDeployment;
import io.simarch.cli.run.PortRange;
import io.simarch.stub.local.HostOptions;
import io.simarch.stub.local.StubHost;
import io.simarch.stub.local.StubInstance;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * How {@code simarch run} scales: for generated architectures of N instances, the time to start
 * every instance, heap and RSS per instance idle and under the root's traffic. Not a test: it
 * prints figures.
 *
 * <pre>java -Xmx4g -cp cli/target/simarch.jar io.simarch.cli.bench.LocalRunBench 100 300 1000</pre>
 */
public final class LocalRunBench {
  private LocalRunBench() {}

  public static void main(String[] args) throws Exception {
    System.setProperty("logback.configurationFile", "simarch-cli-logback.xml");
    int[] sizes = args.length == 0 ? new int[] {100, 300, 1000} : parse(args);
    System.out.printf(
        "%9s %9s %12s %14s %14s %14s %12s%n",
        "INSTANCES",
        "START_MS",
        "HEAP_IDLE_MB",
        "HEAP/INST_KB",
        "RSS_IDLE_MB",
        "RSS_LOAD_MB",
        "ROOT_REQ/S");
    for (int n : sizes) {
      measure(n);
    }
  }

  private static void measure(int instances) throws Exception {
    var arch = generated(instances);
    long heapBefore = heapAfterGc();
    long t0 = System.nanoTime();
    try (StubHost host = StubHost.start(new HostOptions(null, 0, true))) {
      var d = LocalDeployment.start(host, arch, PortRange.ephemeral(), s -> {});
      long startMs = (System.nanoTime() - t0) / 1_000_000;
      long heapIdle = heapAfterGc() - heapBefore;
      long rssIdle = rssKb();
      var roots = d.roots();
      roots.forEach(StubInstance::startTraffic);
      var marks = roots.stream().map(StubInstance::mark).toList();
      Thread.sleep(5_000); // the measured load window
      long rssLoad = rssKb();
      long req = 0;
      for (int i = 0; i < roots.size(); i++) {
        req += roots.get(i).statsSince(marks.get(i)).rootRequests();
      }
      roots.forEach(StubInstance::stopTraffic);
      System.out.printf(
          "%9d %9d %12.1f %14.1f %14.1f %14.1f %12.0f%n",
          d.plan().instances().size(),
          startMs,
          heapIdle / 1048576.0,
          heapIdle / 1024.0 / d.plan().instances().size(),
          rssIdle / 1024.0,
          rssLoad / 1024.0,
          req / 5.0);
    }
  }

  /**
   * A spigo-like architecture of about {@code n} instances: a denominator and an elb over four
   * tiers of monoliths over a replicated store, the instances spread evenly over the five.
   */
  static SimulatedArchitecture generated(int n) {
    var spec = new SimulatedArchitectureSpec();
    spec.setArch("bench" + n);
    spec.setMaxInstances(Math.max(10_000, n * 2));
    var traffic = new TrafficSpec();
    traffic.setInterval("10ms");
    spec.setTraffic(traffic);
    List<ServiceSpec> services = new ArrayList<>();
    int tiers = 4;
    int per = Math.max(1, (n - 2) / (tiers + 1));
    services.add(new ServiceSpec("store", "store", per, 1, "store"));
    String below = "store";
    for (int t = 0; t < tiers; t++) {
      String name = "tier" + t;
      services.add(new ServiceSpec(name, "monolith", per, 1, below));
      below = name;
    }
    services.add(new ServiceSpec("elb", "elb", 0, 1, below));
    services.add(new ServiceSpec("www", "denominator", 0, 0, "elb"));
    spec.setServices(services);
    return new SimulatedArchitecture("bench" + n, spec);
  }

  private static long heapAfterGc() throws InterruptedException {
    for (int i = 0; i < 3; i++) {
      System.gc();
      Thread.sleep(100);
    }
    return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
  }

  private static long rssKb() throws Exception {
    for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
      if (line.startsWith("VmRSS:")) {
        return Long.parseLong(line.replaceAll("[^0-9]", ""));
      }
    }
    return -1;
  }

  private static int[] parse(String[] args) {
    int[] out = new int[args.length];
    for (int i = 0; i < args.length; i++) {
      out[i] = Integer.parseInt(args[i]);
    }
    return out;
  }
}
