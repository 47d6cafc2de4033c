package io.simarch.cli;

import io.simarch.api.model.ArchitectureValidator;
import io.simarch.api.model.Generator;
import io.simarch.api.v1alpha1.SimulatedArchitecture;
import io.simarch.cli.run.LocalRun;
import io.simarch.cli.run.PortRange;
import io.simarch.cli.run.RunLog;
import io.simarch.cli.truth.TruthReader;
import io.simarch.cli.truth.TruthRecording;
import io.simarch.cli.verify.BackendException;
import io.simarch.cli.verify.VerifyReport;
import io.simarch.cli.verify.ZipkinApi;
import io.simarch.cli.verify.ZipkinVerifier;
import io.simarch.stub.truth.TruthFile;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(
    name = "stress",
    mixinStandardHelpOptions = true,
    description = {
      "Size a trace backend: run the architecture (FILE, or a generated one of --services N) at"
          + " each rate in turn (no chaos), sending its"
          + " spans to Zipkin and recording the truth, verify each step against the backend, and"
          + " print per step: spans/s sent, found, missing %%, ingest lag; the first step that lost"
          + " more than --max-loss, whose lag p99 exceeded --max-lag, or whose verification the"
          + " backend did not answer within its timeout is the knee.",
      "Exit codes: 0 no step lost more than --max-loss, 3 a step did, 2 bad input, 1 the backend"
          + " answered what is not its API, or an internal error."
    })
public final class StressCommand implements Callable<Integer> {
  @Parameters(
      paramLabel = "FILE",
      arity = "0..1",
      description = "SimulatedArchitecture YAML or spigo JSON (or --services)")
  Path file;

  @Option(
      names = "--services",
      paramLabel = "N",
      description =
          "instead of FILE, the architecture simarch generate --services N --seed S writes (its"
              + " other options at their defaults)")
  Integer services;

  @Option(
      names = "--zipkin",
      required = true,
      paramLabel = "URL",
      description = "Zipkin's base URL, e.g. http://127.0.0.1:9411: spans go there, it is verified")
  String zipkin;

  @Mixin TopologyOptions topology;

  @Option(
      names = "--rates",
      required = true,
      split = ",",
      paramLabel = "R,R,...",
      description = "root requests per second of each step, e.g. 100,300,1000")
  List<Double> rates;

  @Option(
      names = "--step",
      paramLabel = "D",
      defaultValue = "30s",
      description = "how long each rate runs (default: ${DEFAULT-VALUE})")
  String step;

  @Option(
      names = "--max-loss",
      paramLabel = "PERCENT",
      defaultValue = "0",
      description = "loss a step may have before it is the knee (default: ${DEFAULT-VALUE})")
  double maxLoss;

  @Option(
      names = "--max-lag",
      paramLabel = "D",
      defaultValue = "10s",
      description =
          "ingest lag p99 a step may have before it is the knee (default: ${DEFAULT-VALUE})")
  String maxLag;

  @Option(
      names = "--sample",
      paramLabel = "N",
      defaultValue = "2000",
      description = "traces checked per step at most, a uniform sample (default: ${DEFAULT-VALUE})")
  int sample;

  @Option(
      names = "--truth-dir",
      paramLabel = "DIR",
      description = "keep each step's truth file in DIR (default: a temporary directory)")
  Path truthDir;

  @Option(
      names = "--seed",
      paramLabel = "N",
      description =
          "seed for every random choice, and the generator's with --services (default: the"
              + " file's, else 1)")
  Long seed;

  @Spec CommandSpec spec;

  /**
   * One step's figures.
   *
   * @param requests root requests of the whole step, its warm-up included (all in the truth)
   * @param sentPerSecond root requests per second after the warm-up: the rate reached
   * @param spansPerSecond spans per second those requests sent
   * @param spansExpected spans the checked traces' truth counts (a lower bound for some)
   * @param lowerBound checked traces whose count is a lower bound: their spans may outnumber it
   */
  public record Step(
      double rate,
      long requests,
      double sentPerSecond,
      double spansPerSecond,
      long spansExpected,
      long spansFound,
      long lowerBound,
      double missingPercent,
      double lagP50Ms,
      double lagP99Ms,
      long exportFailed,
      long queueDropped,
      boolean knee,
      String unverified) {

    /**
     * The figures of a step that ran at {@code rate} for {@code measured} after its warm-up. Rates
     * count only what was sent after the warm-up, over the time it ran: the warm-up ramps from
     * nothing, so counting it would understate them over the step's time or overstate them.
     */
    static Step of(
        double rate, Duration measured, TruthFile.Summary s, VerifyReport report, boolean knee) {
      return new Step(
          rate,
          s.requests(),
          afterWarmUp(s, measured, true),
          afterWarmUp(s, measured, false),
          report.spansExpected(),
          report.spansFound(),
          report.lowerBoundTraces(),
          report.lossPercent(),
          report.lag() == null ? 0 : report.lag().p50Ms(),
          report.lag() == null ? 0 : report.lag().p99Ms(),
          report.sender().failed(),
          report.sender().dropped(),
          knee,
          null);
    }

    /** Root requests (or their spans) per second sent after the warm-up, over {@code measured}. */
    private static double afterWarmUp(TruthFile.Summary s, Duration measured, boolean requests) {
      TruthFile.Warm warm = s.warm();
      if (warm == null) {
        return 0;
      }
      return (requests ? warm.requests() : warm.spans())
          / Math.max(0.001, measured.toMillis() / 1000.0);
    }

    /** A step the backend did not answer the verification of ({@code why}). */
    static Step unverified(
        double rate, Duration measured, TruthFile.Summary s, String why, boolean knee) {
      return new Step(
          rate,
          s.requests(),
          afterWarmUp(s, measured, true),
          afterWarmUp(s, measured, false),
          0,
          0,
          0,
          Double.NaN,
          0,
          0,
          s.exporter() == null ? 0 : s.exporter().failed(),
          s.exporter() == null ? 0 : s.exporter().dropped(),
          knee,
          why);
    }
  }

  @Override
  public Integer call() throws Exception {
    Duration stepTime = RunCommand.parseDuration("--step", step);
    Duration lagLimit = RunCommand.parseDuration("--max-lag", maxLag);
    if (stepTime.toMillis() < 1000) {
      throw new BadInputException("--step " + step + ": give 1s or more");
    }
    VerifyCommand.checkMaxLoss(maxLoss);
    ZipkinApi api = VerifyCommand.zipkinApi(zipkin, ZipkinApi.DEFAULT_TIMEOUT);
    for (double r : rates) {
      RunCommand.applyRate(architecture(), "--rates", r); // every rate checked before step 1
    }
    Path dir = truthDir;
    if (dir == null) {
      dir = Files.createTempDirectory("simarch-stress");
      dir.toFile().deleteOnExit();
    } else if (!Files.isDirectory(dir)) {
      throw new BadInputException("--truth-dir " + dir + ": not a directory; create it first");
    }
    PrintWriter out = spec.commandLine().getOut();
    var steps = new ArrayList<Step>();
    boolean kneeSeen = false;
    for (double r : rates) {
      SimulatedArchitecture arch = architecture();
      RunCommand.applyRate(arch, "--rates", r);
      arch.getSpec().setVictim(null);
      arch.getSpec().setChaos(null);
      var problems = ArchitectureValidator.validate(arch);
      if (!problems.isEmpty()) {
        throw new BadInputException(Inputs.report(source(), problems));
      }
      Path truth = dir.resolve("step-" + fmt(r) + ".jsonl");
      out.printf("step %s req/s for %ds ...%n", fmt(r), stepTime.toSeconds());
      out.flush();
      // each step ramps up first (simarch run's default warm-up); its spans are in the truth too
      var options =
          new LocalRun.Options(
              stepTime, seed, null, zipkin, null, null, null, PortRange.ephemeral(), null, null);
      var quiet =
          new RunLog(
              new PrintStream(OutputStream.nullOutputStream(), true, StandardCharsets.UTF_8));
      LocalRun.Result result =
          new LocalRun(arch, options, quiet).truth(new TruthRecording(truth, zipkin)).run();
      TruthReader.Truth read;
      try {
        read = TruthReader.read(truth, sample, 1);
      } catch (TruthReader.BadTruthException e) {
        throw new IllegalStateException("the step's own truth is unreadable: " + e.getMessage());
      }
      double seconds = result.elapsed().toMillis() / 1000.0;
      Step done;
      try {
        VerifyReport report = new ZipkinVerifier(api).verify(read, maxLoss);
        double lagP99 = report.lag() == null ? 0 : report.lag().p99Ms();
        boolean bad = !report.passed() || lagP99 > lagLimit.toMillis();
        done = Step.of(r, stepTime, read.summary(), report, bad && !kneeSeen);
        kneeSeen |= bad;
      } catch (BackendException e) {
        if (e.unreachable) {
          throw VerifyCommand.failure("--zipkin", zipkin, e);
        }
        // a backend too busy to answer its queries at this rate is past its knee: say so, go on
        done = Step.unverified(r, stepTime, read.summary(), e.getMessage(), !kneeSeen);
        kneeSeen = true;
      }
      steps.add(done);
      out.printf("  done in %.0fs, truth %s%n", seconds, truth);
      out.flush();
    }
    print(steps, out);
    return kneeSeen ? VerifyCommand.LOST : Simarch.OK;
  }

  /** FILE's architecture, or the generated one of --services. */
  private SimulatedArchitecture architecture() {
    if ((file == null) == (services == null)) {
      throw new BadInputException(
          "simarch stress: give FILE or --services N (one of them): the architecture to run");
    }
    if (file != null) {
      return Inputs.load(file, topology.scale, topology.regions);
    }
    try {
      var o = Generator.Options.of(services);
      SimulatedArchitecture generated =
          Generator.generate(
              new Generator.Options(
                  o.services(),
                  o.depth(),
                  o.fanout(),
                  o.shape(),
                  o.regions(),
                  seed == null ? o.seed() : seed,
                  o.name()));
      Inputs.applyOverrides(generated, topology.scale, topology.regions);
      return generated;
    } catch (IllegalArgumentException e) {
      throw new BadInputException("simarch stress: " + e.getMessage());
    }
  }

  private Path source() {
    return file != null ? file : Path.of("generated(--services " + services + ")");
  }

  static void print(List<Step> steps, PrintWriter out) {
    out.printf(
        "%n%8s %9s %8s %9s %10s %10s %8s %9s %9s %9s %9s %9s%n",
        "RATE",
        "REQUESTS",
        "SENT/S",
        "SPANS/S",
        "EXPECTED",
        "FOUND",
        "LOWER-B",
        "MISSING%",
        "LAG P50",
        "LAG P99",
        "EXP.FAIL",
        "DROPPED");
    for (Step s : steps) {
      if (s.unverified() != null) {
        out.printf(
            "%8s %9d %8.0f %9.0f  not verified: %s%s%n",
            fmt(s.rate()),
            s.requests(),
            s.sentPerSecond(),
            s.spansPerSecond(),
            s.unverified(),
            s.knee() ? "  <- knee" : "");
        continue;
      }
      out.printf(
          "%8s %9d %8.0f %9.0f %10d %10d %8d %8.2f%% %7.0fms %7.0fms %9d %9d%s%n",
          fmt(s.rate()),
          s.requests(),
          s.sentPerSecond(),
          s.spansPerSecond(),
          s.spansExpected(),
          s.spansFound(),
          s.lowerBound(),
          s.missingPercent(),
          s.lagP50Ms(),
          s.lagP99Ms(),
          s.exportFailed(),
          s.queueDropped(),
          s.knee() ? "  <- knee" : "");
    }
    out.println(LEGEND);
    if (steps.stream().anyMatch(s -> s.sentPerSecond() < 0.9 * s.rate())) {
      out.println(
          "the machine did not reach the asked RATE (SENT/S): the load generator, not the backend,"
              + " was the limit at those steps");
    }
    if (steps.stream().noneMatch(Step::knee)) {
      out.println("no knee: the backend kept up with every rate");
    }
    out.flush();
  }

  /** What the columns mean, printed under the table. */
  static final String LEGEND =
      """
      RATE asked root requests/s; REQUESTS all root requests of the step, warm-up included;
      SENT/S and SPANS/S root requests and their spans per second after the warm-up (the rate
      reached); EXPECTED the truth's spans of the checked traces (at most --sample), FOUND the
      backend's; LOWER-B checked traces whose count is a lower bound (a timed-out call, a writer's
      replication), where FOUND may exceed EXPECTED; MISSING% expected spans not found.""";

  private static String fmt(double r) {
    return r == Math.rint(r) ? Long.toString((long) r) : Double.toString(r);
  }
}
