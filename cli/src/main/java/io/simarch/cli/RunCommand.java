package io.simarch.cli;

import io.simarch.api.model.ArchitectureFiles;
import io.simarch.api.model.ArchitectureValidator;
import io.simarch.api.model.Durations;
import io.simarch.api.v1alpha1.SimulatedArchitecture;
import io.simarch.cli.run.LocalRun;
import io.simarch.cli.run.PortRange;
import io.simarch.cli.run.RunLog;
import io.simarch.cli.run.ServiceSummary;
import io.simarch.cli.truth.TruthRecording;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(
    name = "run",
    mixinStandardHelpOptions = true,
    description = {
      "Run an architecture on this machine, no cluster: every instance is a real stub service on"
          + " its own loopback port, calling its dependencies over HTTP with the architecture's"
          + " call policies. The root generates traffic, the chaos monkey strikes as the"
          + " architecture says (spigo: the victim once, halfway), and a summary per service is"
          + " printed at the end, with a table of the serverless functions (invocations, cold"
          + " starts, throttles, p99, GB-seconds, cost) when there are any.",
      "Without FILE, runs the embedded LAMP stack of examples/lamp.yaml (victim webserver)."
    })
public final class RunCommand implements Callable<Integer> {
  @Parameters(
      paramLabel = "FILE",
      arity = "0..1",
      description = "SimulatedArchitecture YAML or spigo JSON (default: the embedded LAMP)")
  Path file;

  @Option(
      names = {"-d", "--duration"},
      paramLabel = "D",
      defaultValue = "10s",
      description =
          "how long traffic runs after the warm-up: 10s, 2m, or seconds as in spigo's -d; 0"
              + " runs until Ctrl-C (default: ${DEFAULT-VALUE})")
  String duration;

  @Mixin TopologyOptions topology;

  @Option(
      names = "--seed",
      paramLabel = "N",
      description = "seed for every random choice (default: the file's, else 1)")
  Long seed;

  @Option(
      names = "--victim",
      paramLabel = "SERVICE",
      description = "chaos victim, replacing the file's")
  String victim;

  @Option(names = "--no-chaos", description = "no chaos monkey, whatever the file says")
  boolean noChaos;

  @Option(
      names = "--otlp",
      paramLabel = "URL",
      description = "send spans by OTLP/HTTP, e.g. http://127.0.0.1:4318")
  String otlp;

  @Option(
      names = "--zipkin",
      paramLabel = "URL",
      description = "send spans to Zipkin, e.g. http://127.0.0.1:9411")
  String zipkin;

  @Option(
      names = "--trace-file",
      paramLabel = "F",
      description = "write spans as JSON lines into F (when no receiver is given)")
  Path traceFile;

  @Option(
      names = "--truth",
      paramLabel = "F",
      description =
          "write the ground truth into F as JSON lines: per root request its trace id, sampling,"
              + " span count (exact or a lower bound), spans per service, service edges, errors"
              + " and retries; chaos kills; totals (docs/ground-truth.md). `simarch verify`"
              + " checks a backend against it")
  Path truth;

  @Option(
      names = "--rate",
      paramLabel = "R",
      description = "requests per second per root instance, replacing the file's traffic rate")
  Double rate;

  @Option(
      names = "--graph-json",
      paramLabel = "F",
      description = "write spigo GraphJSON (node, edge, forget, done with timestamps) into F")
  Path graphJson;

  @Option(
      names = "--metrics-port",
      paramLabel = "PORT",
      description =
          "serve every running instance's metrics (a pod's schema, labelled by instance) on"
              + " http://127.0.0.1:PORT/metrics")
  Integer metricsPort;

  @Option(
      names = "--ui",
      paramLabel = "PORT",
      description =
          "serve a live view of the run on http://127.0.0.1:PORT/ (0: a free port; the URL is"
              + " printed): the graph with requests/s, errors, p99 and calls/s per dependency,"
              + " updated every second, chaos kills, and a button that strikes a victim service"
              + " (docs/live-view.md)")
  Integer ui;

  @Option(
      names = "--ports",
      paramLabel = "FIRST-LAST",
      description = "loopback ports for the instances (default: ephemeral ports)")
  String ports;

  @Option(
      names = "--progress",
      paramLabel = "D",
      description = "progress line interval (default: 5s for runs over 15s, else none)")
  String progress;

  @Option(
      names = "--warmup",
      paramLabel = "D",
      defaultValue = LocalRun.Options.DEFAULT_WARMUP,
      description =
          "before counting, the root's traffic ramps from nothing to its full rate over D, then"
              + " runs until a second passes without a failed request (at most another D), so"
              + " that cold code and empty connection pools do not fail the first seconds; 0"
              + " counts from the first request (default: ${DEFAULT-VALUE})")
  String warmup;

  @Override
  public Integer call() throws Exception {
    SimulatedArchitecture arch =
        file == null ? embedded() : Inputs.load(file, topology.scale, topology.regions);
    if (file == null) {
      Inputs.applyOverrides(arch, topology.scale, topology.regions);
    }
    if (victim != null) {
      arch.getSpec().setVictim(victim.isEmpty() ? null : victim);
    }
    if (rate != null) {
      applyRate(arch, "--rate", rate);
    }
    if (noChaos) {
      arch.getSpec().setVictim(null);
      arch.getSpec().setChaos(null);
    }
    var problems = ArchitectureValidator.validate(arch);
    if (!problems.isEmpty()) {
      throw new BadInputException(
          Inputs.report(file == null ? Path.of("(embedded lamp)") : file, problems));
    }
    if (otlp != null && zipkin != null) {
      throw new BadInputException("--otlp and --zipkin: give one trace receiver, not both");
    }
    var options =
        new LocalRun.Options(
            parseDuration("--duration", duration),
            seed,
            otlp,
            zipkin,
            traceFile,
            graphJson,
            metricsPort,
            ports == null ? PortRange.ephemeral() : portRange(ports),
            progress == null ? null : parseDuration("--progress", progress),
            parseDuration("--warmup", warmup));
    PrintStream out = System.out;
    var log = new RunLog(out);
    var run = new LocalRun(arch, options, log);
    if (ui != null) {
      run.ui(servePort("--ui", ui));
    }
    if (truth != null) {
      run.truth(new TruthRecording(writable("--truth", truth), zipkin));
    }
    var done = new java.util.concurrent.CountDownLatch(1);
    Thread hook =
        new Thread(
            () -> {
              run.interrupt();
              try {
                done.await(30, java.util.concurrent.TimeUnit.SECONDS);
              } catch (InterruptedException ignored) {
                Thread.currentThread().interrupt();
              }
            },
            "simarch-shutdown");
    Runtime.getRuntime().addShutdownHook(hook);
    try {
      LocalRun.Result result = run.run();
      log.log("shutdown");
      out.println();
      ServiceSummary.printTable(result.services(), out);
      if (ServiceSummary.hasServerless(result.services())) {
        out.println();
        ServiceSummary.printServerless(result.services(), out);
      }
      if (result.root() != null) {
        var r = result.root();
        out.printf(
            "%nroot %s: %d requests, %d failed (%.2f%%), round trip p50 %.1f ms, p99 %.1f ms%n",
            result.plan().root(),
            r.rootRequests(),
            r.rootErrors(),
            r.rootRequests() == 0 ? 0 : 100.0 * r.rootErrors() / r.rootRequests(),
            r.p50Ms(),
            r.p99Ms());
      }
      if (!result.killed().isEmpty()) {
        out.println("chaos: " + String.join(" ", result.killed()));
      }
      if (traceFile != null) {
        out.printf("traces: %d spans in %s%n", result.spansWritten(), traceFile);
      } else if (result.spans() != null) {
        printDelivery(result.spans(), out);
      }
      if (truth != null) {
        out.printf("truth: %s%n", truth);
      }
      log.log("spigo: complete");
      return Simarch.OK;
    } catch (PortRange.ExhaustedException e) {
      throw new BadInputException(e.getMessage());
    } catch (java.net.BindException e) {
      if (ui == null) {
        throw e;
      }
      throw cannotListen("--ui", ui, e);
    } finally {
      done.countDown();
      try {
        Runtime.getRuntime().removeShutdownHook(hook);
      } catch (IllegalStateException shuttingDown) {
        // the hook is running: it is waiting for us
      }
    }
  }

  /**
   * What the receiver took of the run's spans. Spans lost on the way are named by cause, because
   * they are the run's, not the backend's, and {@code simarch verify} counts them apart.
   */
  static void printDelivery(LocalRun.Delivery d, PrintStream out) {
    if (d.failed() == 0 && d.dropped() == 0) {
      out.printf("traces: %d spans delivered to %s%n", d.delivered(), d.to());
      return;
    }
    out.printf(
        "traces: %d of %d spans delivered to %s; %d failed (refused or unanswered), %d"
            + " dropped (the export queue was full)%n",
        d.delivered(), d.sent(), d.to(), d.failed(), d.dropped());
  }

  /** Sets the root's requests per second, replacing the file's traffic rate or interval. */
  static void applyRate(SimulatedArchitecture arch, String option, double rate) {
    if (!(rate > 0) || Double.isInfinite(rate)) {
      throw new BadInputException(
          option + " " + rate + ": must be a number of requests per second above 0, e.g. 100");
    }
    if (arch.getSpec().getTraffic() == null) {
      arch.getSpec().setTraffic(new io.simarch.api.v1alpha1.TrafficSpec());
    }
    arch.getSpec().getTraffic().setRate(rate);
  }

  /** A port on 127.0.0.1 to serve a page on, as {@code option} gave it: 0 for a free one. */
  static int servePort(String option, int port) {
    if (port < 0 || port > 65535) {
      throw new BadInputException(
          option + " " + port + ": not a port; give 1-65535, or 0 for a free one");
    }
    return port;
  }

  /** What the user can do when the page's port, as {@code option} gave it, is taken. */
  static BadInputException cannotListen(String option, int port, java.io.IOException e) {
    return new BadInputException(
        option
            + " "
            + port
            + ": cannot listen there ("
            + e.getMessage()
            + "); give a free port, or 0");
  }

  /** A file the run may create: its directory must exist, so a typo fails before the run. */
  static Path writable(String option, Path file) {
    Path dir = file.toAbsolutePath().getParent();
    if (dir == null || !java.nio.file.Files.isDirectory(dir)) {
      throw new BadInputException(
          option + " " + file + ": directory " + dir + " does not exist; create it first");
    }
    if (java.nio.file.Files.isDirectory(file)) {
      throw new BadInputException(option + " " + file + ": is a directory; give a file name");
    }
    return file;
  }

  static PortRange portRange(String text) {
    try {
      return PortRange.parse(text);
    } catch (IllegalArgumentException e) {
      throw new BadInputException(e.getMessage());
    }
  }

  static Duration parseDuration(String option, String text) {
    try {
      return text.matches("[0-9]+")
          ? Duration.ofSeconds(Long.parseLong(text))
          : Durations.parse(text);
    } catch (IllegalArgumentException e) {
      throw new BadInputException(option + " " + text + ": " + e.getMessage());
    }
  }

  static SimulatedArchitecture embedded() throws IOException {
    try (InputStream in = RunCommand.class.getResourceAsStream("/simarch/lamp.yaml")) {
      if (in == null) {
        throw new IllegalStateException("the embedded lamp.yaml is missing from the jar");
      }
      var loaded =
          ArchitectureFiles.parse(
              new String(in.readAllBytes(), StandardCharsets.UTF_8), "lamp.yaml");
      if (!loaded.ok()) {
        throw new IllegalStateException("embedded lamp.yaml: " + loaded.problems());
      }
      return loaded.resource();
    }
  }
}
