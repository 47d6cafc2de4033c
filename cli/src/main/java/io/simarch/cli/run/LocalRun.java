package io.simarch.cli.run;

import io.opentelemetry.exporter.otlp.http.trace.OtlpHttpSpanExporter;
import io.opentelemetry.exporter.zipkin.ZipkinSpanExporter;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import io.simarch.api.model.ChaosEvents;
import io.simarch.api.model.ChaosSchedule;
import io.simarch.api.model.ChaosStrike;
import io.simarch.api.model.Defaults;
import io.simarch.api.model.Durations;
import io.simarch.api.model.GraphJson;
import io.simarch.api.model.ManualKill;
import io.simarch.api.model.Plan;
import io.simarch.api.model.Planner;
import io.simarch.api.v1alpha1.SimulatedArchitecture;
import io.simarch.cli.live.LiveView;
import io.simarch.cli.truth.CountingExporter;
import io.simarch.cli.truth.TruthRecording;
import io.simarch.stub.local.HostOptions;
import io.simarch.stub.local.InstanceStats;
import io.simarch.stub.local.StubHost;
import io.simarch.stub.local.StubInstance;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * Runs a whole architecture on this machine: one real stub instance per planned instance, each on
 * its own loopback port, wired with static endpoint lists, the root's traffic, spigo's chaos
 * monkey, and the outputs the options ask for. The same stub code runs in the pods.
 */
public final class LocalRun {
  /** The run's settings; null means "the file's value, else the default". */
  public record Options(
      Duration duration,
      Long seed,
      String otlp,
      String zipkin,
      Path traceFile,
      Path graphJson,
      Integer metricsPort,
      PortRange ports,
      Duration progress,
      Duration warmup) {

    /** The warm-up a run gets unless told otherwise (a constant for the CLI's default). */
    public static final String DEFAULT_WARMUP = "10s";

    public static Options defaults(Duration duration) {
      return new Options(
          duration,
          null,
          null,
          null,
          null,
          null,
          null,
          PortRange.ephemeral(),
          null,
          Durations.parse(DEFAULT_WARMUP));
    }
  }

  /** What a run did. */
  public record Result(
      Plan plan,
      List<ServiceSummary> services,
      InstanceStats root,
      List<String> killed,
      long spansWritten,
      Duration elapsed,
      Delivery spans) {
    Result withSpans(Delivery d) {
      return new Result(plan, services, root, killed, spansWritten, elapsed, d);
    }
  }

  /**
   * What became of the run's spans, counted after the last export: taken by the receiver, refused
   * or unanswered (failed), or lost before export because the queue was full (dropped).
   *
   * @param to the receiver, e.g. {@code Zipkin http://127.0.0.1:9411/api/v2/spans}
   */
  public record Delivery(String to, long delivered, long failed, long dropped) {
    public long sent() {
      return delivered + failed + dropped;
    }
  }

  private final SimulatedArchitecture arch;
  private final Options options;
  private final RunLog log;
  private final CountDownLatch interrupted = new CountDownLatch(1);
  private TruthRecording truth;
  private Integer uiPort;
  private volatile LiveView live;
  // the monkey's own strikes: its schedule and random streams count these, not the page's
  private int monkeyKills;

  public LocalRun(SimulatedArchitecture arch, Options options, RunLog log) {
    this.arch = arch;
    this.options = options;
    this.log = log;
  }

  /** Records the run's ground truth into {@code t}. */
  public LocalRun truth(TruthRecording t) {
    this.truth = t;
    return this;
  }

  /**
   * Serves the live view on 127.0.0.1:{@code port} (0: a free port) while the run lasts; its URL is
   * logged as {@code ui: URL}.
   */
  public LocalRun ui(int port) {
    this.uiPort = port;
    return this;
  }

  /** Ends a run early (Ctrl-C); {@link #run()} then shuts down as on time. */
  public void interrupt() {
    interrupted.countDown();
  }

  public Result run() throws PortRange.ExhaustedException, IOException, InterruptedException {
    var spec = arch.getSpec();
    if (options.seed() != null) {
      spec.setSeed(options.seed());
    }
    Plan plan = Planner.plan(arch.getMetadata().getName(), spec);
    long durationMs = options.duration().toMillis();
    Instant start = Instant.now();
    log.log(
        "simarch: architecture %s (%s), %d services, %d instances",
        plan.arch(),
        spec.getDescription() == null ? "" : spec.getDescription(),
        plan.services().size(),
        plan.instances().size());
    log.log("starting");
    // only when asked for: an edge per route is millions of entries in a large architecture
    GraphJson graph =
        options.graphJson() == null
            ? null
            : new GraphJson(
                plan.arch(), "[simarch run " + arch.getMetadata().getName() + "]", start);
    TraceFileExporter traceFile =
        options.traceFile() == null ? null : new TraceFileExporter(options.traceFile());
    SpanExporter receiver = exporter(traceFile);
    // what the receiver took and refused, for the run's last lines and the truth's summary
    CountingExporter exporter = receiver == null ? null : new CountingExporter(receiver);
    if (truth != null) {
      truth.sender(exporter);
    }
    double sampling = Defaults.tracing(spec).sampling();
    Map<String, StubInstance> byNode = new LinkedHashMap<>();
    var killed = new ArrayList<String>();
    MetricsEndpoint metrics = null;
    ChaosTracer chaosTracer = exporter == null ? null : new ChaosTracer(exporter, plan.arch());
    long t0 = System.nanoTime();
    StubHost host = StubHost.start(new HostOptions(exporter, sampling, true));
    Result result;
    try (host) {
      var deployment =
          LocalDeployment.start(
              host,
              arch,
              plan,
              options.ports(),
              s ->
                  log.log(
                      "Starting: {%s %s %d %d %s}",
                      s.name(), s.packageName(), s.regions(), s.count(), s.dependencies()));
      byNode.putAll(deployment.byNode());
      if (graph != null) {
        for (Plan.Instance inst : plan.instances()) {
          graph.node(inst.name(), inst.packageName(), Instant.now());
        }
        graph.routes(plan, Instant.now());
      }
      log.log(
          "started %d instances in %d ms",
          byNode.size(), TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0));
      if (options.metricsPort() != null) {
        metrics = MetricsEndpoint.start(options.metricsPort(), List.copyOf(byNode.values()));
        log.log("metrics: http://127.0.0.1:%d/metrics", metrics.port());
      }
      var chaos = new ChaosSchedule(spec, durationMs);
      if (uiPort != null) {
        live =
            LiveView.start(
                plan,
                byNode,
                chaos.victims(),
                service -> uiKill(service, chaos, plan, byNode, graph, chaosTracer, killed),
                uiPort);
        log.log("ui: %s", live.url());
      }

      List<StubInstance> roots = deployment.roots();
      var traffic = Defaults.traffic(spec);
      log.log("%s activity rate %s", plan.root(), fmtMicros(traffic.intervalMicros()));
      if (truth != null) {
        truth.attach(plan, sampling, host, roots);
      }
      Duration warmup =
          options.warmup() == null ? Durations.parse(Options.DEFAULT_WARMUP) : options.warmup();
      boolean warming = !warmup.isZero() && !roots.isEmpty();
      if (warming) {
        log.log(
            "warming up: traffic ramps to the full rate over %d ms, not counted",
            warmup.toMillis());
      }
      long w0 = System.nanoTime();
      Map<StubInstance, StubInstance.Mark> marks = deployment.startTraffic(warmup, interrupted);
      if (warming) {
        log.log(
            "warm after %d ms: counting from now",
            TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - w0));
      }
      long trafficStart = System.nanoTime();
      if (truth != null) {
        truth.warm();
      }

      // the same schedule, stream and victim choice as the operator's ChaosPlanner, kill by kill
      var nextKill = chaos.next(0, 0, chaos.random(0));
      long progressMs = progressInterval(durationMs);
      long nextProgress = progressMs;
      while (true) {
        long now = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - trafficStart);
        long wake = durationMs > 0 ? durationMs : Long.MAX_VALUE;
        if (nextKill.isPresent()) {
          wake = Math.min(wake, nextKill.getAsLong());
        }
        if (progressMs > 0) {
          wake = Math.min(wake, nextProgress);
        }
        if (durationMs > 0 && now >= durationMs) {
          break;
        }
        if (interrupted.getCount() == 0
            || interrupted.await(Math.max(1, wake - now), TimeUnit.MILLISECONDS)) {
          log.log("interrupted");
          break;
        }
        now = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - trafficStart);
        if (nextKill.isPresent() && now >= nextKill.getAsLong()) {
          nextKill = chaosTurn(chaos, plan, byNode, graph, chaosTracer, killed, now);
        }
        if (progressMs > 0 && now >= nextProgress) {
          progress(now, roots, marks);
          nextProgress += progressMs;
        }
      }

      log.log("asgard: Shutdown");
      roots.forEach(StubInstance::stopTraffic);
      Instant end = Instant.now();
      result =
          summarize(
              plan,
              byNode,
              marks,
              roots,
              killed,
              traceFile,
              Duration.ofNanos(System.nanoTime() - t0));
      if (graph != null) {
        for (var e : byNode.entrySet()) {
          if (e.getValue().isRunning()) {
            graph.done(e.getKey(), end);
          }
        }
        Files.writeString(options.graphJson(), graph.toJson() + "\n");
        log.log("graph: %s", options.graphJson());
      }
    } finally {
      if (live != null) {
        live.close();
      }
      if (metrics != null) {
        metrics.close();
      }
      if (chaosTracer != null) {
        chaosTracer.close();
      }
      if (exporter != null) {
        exporter.flush().join(10, TimeUnit.SECONDS);
        exporter.shutdown().join(10, TimeUnit.SECONDS);
      }
      if (truth != null) {
        truth.finish();
      }
    }
    return exporter == null
        ? result
        : result.withSpans(
            new Delivery(
                receiverName(), exporter.exported(), exporter.failed(), host.spansDropped()));
  }

  /**
   * A due kill, as the operator's ChaosPlanner decides it: a kill due in quiet times waits for
   * their end; a strike draws from the kill's own stream, and the next kill from the same stream.
   * Unlike in a cluster a killed instance stays dead, so when no victim runs any more chaos ends.
   *
   * @return when the next kill is due, as an offset from the start of traffic
   */
  private OptionalLong chaosTurn(
      ChaosSchedule chaos,
      Plan plan,
      Map<String, StubInstance> byNode,
      GraphJson graph,
      ChaosTracer tracer,
      List<String> killed,
      long nowMs) {
    // the page's kill button strikes from another thread
    synchronized (killed) {
      Instant wall = Instant.now();
      if (chaos.quiet(wall)) {
        var end = chaos.quietUntil(wall);
        log.log(
            "chaosmonkey: kill paused by spec.chaos.quietTimes%s",
            end.map(e -> " until " + e).orElse(" for good"));
        return end.isEmpty()
            ? OptionalLong.empty()
            : OptionalLong.of(nowMs + Math.max(1, Duration.between(wall, end.get()).toMillis()));
      }
      Random random = chaos.random(monkeyKills);
      var targets =
          ChaosStrike.local(chaos, plan, i -> byNode.get(i.name()).isRunning(), random).victims();
      if (targets.isEmpty()) {
        log.log("chaosmonkey: no running victim left");
        return OptionalLong.empty();
      }
      killed.add(
          strike(
              chaos.mode(), chaos.dryRun(), targets, byNode, graph, tracer, ChaosEvents.SERVICE));
      monkeyKills++;
      return chaos.next(monkeyKills, nowMs, random);
    }
  }

  /**
   * A strike asked for by the live view's kill button: the monkey's rules (only its victims, its
   * mode, its dry run, its quiet times) and its choice among the service's running instances, drawn
   * from the stream of the monkey's next kill. The monkey's schedule goes on as if the page had not
   * struck (its kill count and spec.chaos.maxKills leave these out); the run's list of kills has
   * them.
   *
   * @return the node names struck
   * @throws IllegalArgumentException when the monkey could not strike the service now, saying why
   */
  private List<String> uiKill(
      String service,
      ChaosSchedule chaos,
      Plan plan,
      Map<String, StubInstance> byNode,
      GraphJson graph,
      ChaosTracer tracer,
      List<String> killed) {
    var decision = ManualKill.of(chaos, service, Instant.now());
    if (decision.refused()) {
      throw new IllegalArgumentException(
          decision.reason()
              + (chaos.victims().contains(service) ? "" : ", or run with --victim " + service));
    }
    synchronized (killed) {
      // the stream of the monkey's next kill, drawn from a copy: the monkey's own is untouched
      Random random = chaos.random(monkeyKills);
      var targets =
          ChaosStrike.local(
                  chaos,
                  plan,
                  i -> i.service().equals(service) && byNode.get(i.name()).isRunning(),
                  random)
              .victims();
      if (targets.isEmpty()) {
        throw new IllegalArgumentException("service " + service + ": no running instance left");
      }
      String struck = strike(chaos.mode(), decision.dryRun(), targets, byNode, graph, tracer, "ui");
      killed.add(struck);
      return List.of(struck.split(","));
    }
  }

  /** Kills the targets of one strike; returns their node names, comma-separated. */
  private String strike(
      String mode,
      boolean dryRun,
      List<Plan.Instance> targets,
      Map<String, StubInstance> byNode,
      GraphJson graph,
      ChaosTracer tracer,
      String by) {
    var out = new ArrayList<String>();
    for (Plan.Instance t : targets) {
      if (tracer != null) {
        tracer.kill(t, mode, dryRun);
      }
      log.log(ChaosEvents.logLine(mode, t.name(), dryRun));
      LiveView view = live;
      if (view != null) {
        view.event("kill", t, mode + (dryRun ? " (dry run)" : "") + " by " + by);
      }
      if (!dryRun) {
        if (truth != null) {
          truth.kill(t, mode);
        }
        byNode.get(t.name()).kill();
        if (view != null) {
          view.event("stopped", t, "");
        }
        if (graph != null) {
          Instant now = Instant.now();
          for (String src : graph.sourcesOf(t.name())) {
            graph.forget(src, t.name(), now);
          }
          graph.done(t.name(), now);
        }
      }
      out.add(t.name());
    }
    return String.join(",", out);
  }

  private void progress(
      long nowMs, List<StubInstance> roots, Map<StubInstance, StubInstance.Mark> marks) {
    long req = 0;
    long err = 0;
    double p99 = 0;
    for (StubInstance r : roots) {
      var s = r.statsSince(marks.get(r));
      req += s.rootRequests();
      err += s.rootErrors();
      p99 = Math.max(p99, s.p99Ms());
    }
    log.log(
        "progress: %ds, %d requests from the root, %.2f%% failed, p99 %.1f ms",
        nowMs / 1000, req, req == 0 ? 0 : 100.0 * err / req, p99);
  }

  private Result summarize(
      Plan plan,
      Map<String, StubInstance> byNode,
      Map<StubInstance, StubInstance.Mark> marks,
      List<StubInstance> roots,
      List<String> killed,
      TraceFileExporter traceFile,
      Duration elapsed) {
    var rows = new ArrayList<ServiceSummary>();
    for (Plan.PlannedService s : plan.services()) {
      var inst = plan.instancesOf(s.name()).stream().map(i -> byNode.get(i.name())).toList();
      rows.add(
          ServiceSummary.of(
              s.name(),
              s.packageName(),
              inst.stream().map(i -> i.statsSince(marks.get(i))).collect(Collectors.toList()),
              (int) inst.stream().filter(StubInstance::isRunning).count()));
    }
    InstanceStats root = roots.isEmpty() ? null : roots.get(0).statsSince(marks.get(roots.get(0)));
    return new Result(
        plan, rows, root, killed, traceFile == null ? 0 : traceFile.spans(), elapsed, null);
  }

  private SpanExporter exporter(TraceFileExporter traceFile) {
    String name = receiverName();
    if (name != null) {
      log.log("traces: %s", name);
    }
    if (options.otlp() != null) {
      return OtlpHttpSpanExporter.builder()
          .setEndpoint(io.simarch.api.model.Tracing.otlpTraces(options.otlp()))
          .build();
    }
    if (options.zipkin() != null) {
      return ZipkinSpanExporter.builder()
          .setEndpoint(io.simarch.api.model.Tracing.zipkinSpans(options.zipkin()))
          .build();
    }
    return traceFile;
  }

  /** Where the run's spans go, as its log and its last lines name it; null when nowhere. */
  private String receiverName() {
    if (options.otlp() != null) {
      return "OTLP " + io.simarch.api.model.Tracing.otlpTraces(options.otlp());
    }
    if (options.zipkin() != null) {
      return "Zipkin " + io.simarch.api.model.Tracing.zipkinSpans(options.zipkin());
    }
    return options.traceFile() == null ? null : options.traceFile().toString();
  }

  private long progressInterval(long durationMs) {
    if (options.progress() != null) {
      return options.progress().toMillis();
    }
    return durationMs == 0 || durationMs > 15_000 ? 5_000 : 0;
  }

  private static String fmtMicros(long micros) {
    return micros % 1000 == 0 ? micros / 1000 + "ms" : micros + "us";
  }
}
