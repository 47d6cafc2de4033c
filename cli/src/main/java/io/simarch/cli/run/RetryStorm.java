package io.simarch.cli.run;

import io.simarch.api.model.Plan;
import io.simarch.api.v1alpha1.SimulatedArchitecture;
import io.simarch.stub.local.HostOptions;
import io.simarch.stub.local.InstanceStats;
import io.simarch.stub.local.StubHost;
import io.simarch.stub.local.StubInstance;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The "What could go wrong?" experiment from the talk: the same architecture under different call
 * policies, the same seed, traffic and fault (one instance of the data tier stops answering partway
 * through), measured side by side.
 */
public final class RetryStorm {
  /** One variant's figures. Amplification is requests reaching a tier per root request. */
  public record Row(
      String variant,
      long rootRequests,
      double successPercent,
      double p50BeforeMs,
      double p99BeforeMs,
      double p50DuringMs,
      double p99DuringMs,
      Map<String, Double> amplification,
      long retriesToFailed,
      long attemptsToFailed,
      String failedInstance) {}

  private final Duration warmup;
  private final Duration duration;
  private final Duration faultAt;
  private final long seed;
  private final String faultService;
  private final RunLog log;

  /**
   * @param warmup traffic before measuring starts, not counted
   * @param duration measured traffic, the fault included
   * @param faultAt when, within {@code duration}, the data instance stops answering
   */
  public RetryStorm(
      Duration warmup,
      Duration duration,
      Duration faultAt,
      long seed,
      String faultService,
      RunLog log) {
    this.warmup = warmup;
    this.duration = duration;
    this.faultAt = faultAt;
    this.seed = seed;
    this.faultService = faultService;
    this.log = log;
  }

  public Row run(String variant, SimulatedArchitecture arch) throws Exception {
    arch.getSpec().setSeed(seed);
    arch.getSpec().setVictim(null);
    arch.getSpec().setChaos(null);
    try (StubHost host = StubHost.start(new HostOptions(null, 0, false))) {
      var d = LocalDeployment.start(host, arch, PortRange.ephemeral(), s -> {});
      Plan plan = d.plan();
      String tier = faultService != null ? faultService : dataTier(plan);
      Plan.Instance failed = plan.instancesOf(tier).get(0);
      StubInstance root = d.roots().get(0);
      log.log(
          "%s: %d instances; %s stops answering at %ds",
          variant, plan.instances().size(), failed.id(), faultAt.toSeconds());
      root.startTraffic();
      // a cold JVM answers its first requests slowly; measure from a warm architecture
      Thread.sleep(warmup.toMillis());
      var start = marks(d);
      Thread.sleep(faultAt.toMillis()); // the experiment's clock: traffic runs this long
      var faultMarks = marks(d);
      var before = since(d, start);
      d.instance(failed).freeze();
      Thread.sleep(duration.minus(faultAt).toMillis()); // and this long with the fault
      root.stopTraffic();
      var during = since(d, faultMarks);
      d.instance(failed).unfreeze();

      InstanceStats rb = before.get(root);
      InstanceStats rd = during.get(root);
      long rootReq = rb.rootRequests() + rd.rootRequests();
      long rootErr = rb.rootErrors() + rd.rootErrors();
      var amp = new LinkedHashMap<String, Double>();
      for (Plan.PlannedService s : plan.services()) {
        if (s.name().equals(plan.root())) {
          continue;
        }
        long reqs = d.instancesOf(s.name()).stream().mapToLong(i -> during.get(i).requests()).sum();
        amp.put(s.name(), rd.rootRequests() == 0 ? 0 : (double) reqs / rd.rootRequests());
      }
      long retriesToFailed = 0;
      long attemptsToFailed = 0;
      for (var s : during.values()) {
        retriesToFailed += s.retriesByPeer().getOrDefault(failed.id(), 0L);
        attemptsToFailed += s.attemptsByPeer().getOrDefault(failed.id(), 0L);
      }
      return new Row(
          variant,
          rootReq,
          rootReq == 0 ? 0 : 100.0 * (rootReq - rootErr) / rootReq,
          rb.p50Ms(),
          rb.p99Ms(),
          rd.p50Ms(),
          rd.p99Ms(),
          amp,
          retriesToFailed,
          attemptsToFailed,
          failed.id());
    }
  }

  private static Map<StubInstance, StubInstance.Mark> marks(LocalDeployment d) {
    var out = new LinkedHashMap<StubInstance, StubInstance.Mark>();
    d.byNode().values().forEach(i -> out.put(i, i.mark()));
    return out;
  }

  private static Map<StubInstance, InstanceStats> since(
      LocalDeployment d, Map<StubInstance, StubInstance.Mark> marks) {
    var out = new LinkedHashMap<StubInstance, InstanceStats>();
    d.byNode().values().forEach(i -> out.put(i, i.statsSince(marks.get(i))));
    return out;
  }

  /** The tier that calls no other service (self-replication aside): where the fault goes. */
  static String dataTier(Plan plan) {
    for (int i = plan.services().size() - 1; i >= 0; i--) {
      var s = plan.services().get(i);
      boolean leaf =
          plan.edges().stream()
              .noneMatch(e -> e.from().equals(s.name()) && !e.to().equals(s.name()));
      if (leaf && !s.name().equals(plan.root())) {
        return s.name();
      }
    }
    throw new IllegalArgumentException("no data tier: every service calls another");
  }

  public static void printTable(List<Row> rows, PrintStream out) {
    var tiers =
        new ArrayList<String>(rows.isEmpty() ? List.of() : rows.get(0).amplification().keySet());
    java.util.Collections.reverse(tiers);
    var sb =
        new StringBuilder(
            String.format(
                "%-12s %9s %8s %10s %10s %10s %10s",
                "VARIANT",
                "REQUESTS",
                "EDGE OK",
                "P50 BEFORE",
                "P99 BEFORE",
                "P50 DURING",
                "P99 DURING"));
    for (String t : tiers) {
      sb.append(String.format(" %9s", t.toUpperCase() + "/REQ"));
    }
    sb.append(String.format(" %16s", "RETRIES->FAILED"));
    out.println(sb);
    for (Row r : rows) {
      var line =
          new StringBuilder(
              String.format(
                  "%-12s %9d %7.2f%% %8.1fms %8.1fms %8.1fms %8.1fms",
                  r.variant(),
                  r.rootRequests(),
                  r.successPercent(),
                  r.p50BeforeMs(),
                  r.p99BeforeMs(),
                  r.p50DuringMs(),
                  r.p99DuringMs()));
      for (String t : tiers) {
        line.append(String.format(" %9.2f", r.amplification().get(t)));
      }
      line.append(String.format(" %16d", r.retriesToFailed()));
      out.println(line);
    }
    out.println(
        "(EDGE OK: root requests that succeeded over the whole run; P50/P99: the root's round"
            + " trips before and during the fault; X/REQ: requests reaching tier X per root request"
            + " during the fault; RETRIES->FAILED: retries sent to the instance that stopped answering)");
  }
}
