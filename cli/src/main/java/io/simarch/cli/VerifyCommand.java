package io.simarch.cli;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.simarch.cli.truth.KubeTruth;
import io.simarch.cli.truth.TruthMerge;
import io.simarch.cli.truth.TruthReader;
import io.simarch.cli.verify.BackendException;
import io.simarch.cli.verify.MetricsReport;
import io.simarch.cli.verify.PrometheusApi;
import io.simarch.cli.verify.PrometheusVerifier;
import io.simarch.cli.verify.VerifyReport;
import io.simarch.cli.verify.ZipkinApi;
import io.simarch.cli.verify.ZipkinVerifier;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(
    name = "verify",
    mixinStandardHelpOptions = true,
    description = {
      "Check what an observability backend kept of a run, against the ground truth `simarch run"
          + " --truth F` recorded: traces complete, incomplete and missing; spans expected, found,"
          + " missing, duplicated, orphaned and with a wrong parent; the service graph; ingest"
          + " lag; what chaos kills explain, apart. Or, with --prometheus, the request and error"
          + " counts per service and per dependency. Or, with --kube, the truth the root pods of"
          + " architectures in a cluster keep. Queries the backend's own public API"
          + " (docs/ground-truth.md).",
      "Exit codes: 0 loss within --max-loss, 3 the backend lost more, 2 bad input (truth file,"
          + " URL, unreachable backend), 1 the backend answered what is not its API, or an"
          + " internal error."
    })
public final class VerifyCommand implements Callable<Integer> {
  /** The backend lost more than {@code --max-loss}. */
  public static final int LOST = 3;

  @picocli.CommandLine.Spec picocli.CommandLine.Model.CommandSpec spec;

  @Option(
      names = "--truth",
      paramLabel = "F",
      description =
          "the truth file of the run (`simarch run --truth F`); with --kube, where to keep the"
              + " truth fetched from the cluster")
  Path truth;

  @Option(
      names = "--kube",
      arity = "1..*",
      paramLabel = "[NAMESPACE/]NAME",
      description =
          "architectures running in the cluster of the current kubeconfig: the truth their root"
              + " pods keep is fetched through the API server (pods/proxy) and checked against"
              + " --zipkin")
  List<String> kube;

  @Option(
      names = "--settle",
      paramLabel = "D",
      defaultValue = "10s",
      description =
          "with --kube, leave out traces that ended this shortly before their pod answered: the"
              + " backend may not have them yet (default: ${DEFAULT-VALUE})")
  String settle;

  @Option(
      names = "--zipkin",
      paramLabel = "URL",
      description = "Zipkin's base URL, e.g. http://127.0.0.1:9411 (its API v2 is queried)")
  String zipkin;

  @Option(
      names = "--prometheus",
      paramLabel = "URL",
      description =
          "Prometheus's base URL, e.g. http://127.0.0.1:9090, scraping the run's `simarch run"
              + " --metrics-port`: request and error counts are checked (its HTTP API is queried)")
  String prometheus;

  @Option(
      names = "--max-loss",
      paramLabel = "PERCENT",
      defaultValue = "0",
      description =
          "share of expected spans the backend may lose and still pass (default: ${DEFAULT-VALUE})")
  double maxLoss;

  @Option(
      names = "--sample",
      paramLabel = "N",
      defaultValue = "10000",
      description =
          "check at most N traces, a uniform sample of the truth's sampled traces"
              + " (default: ${DEFAULT-VALUE})")
  int sample;

  @Option(
      names = "--timeout",
      paramLabel = "D",
      defaultValue = "15s",
      description = "how long to wait for each answer of the backend (default: ${DEFAULT-VALUE})")
  String timeout;

  @Option(
      names = {"-o", "--output"},
      paramLabel = "FORMAT",
      defaultValue = "table",
      description = "table or json (default: ${DEFAULT-VALUE})")
  String output;

  @Override
  public Integer call() throws Exception {
    if (!output.equals("table") && !output.equals("json")) {
      throw new BadInputException("-o " + output + ": give table or json");
    }
    checkMaxLoss(maxLoss);
    if (sample < 1) {
      throw new BadInputException("--sample " + sample + ": give 1 or more traces");
    }
    var wait = RunCommand.parseDuration("--timeout", timeout);
    if (wait.isZero() || wait.isNegative()) {
      throw new BadInputException("--timeout " + timeout + ": give a duration above 0, e.g. 15s");
    }
    if ((zipkin == null) == (prometheus == null)) {
      throw new BadInputException(
          "give one backend to verify against: --zipkin URL or --prometheus URL");
    }
    Path truthFile = truth;
    if (kube != null) {
      if (prometheus != null) {
        throw new BadInputException(
            "--kube with --prometheus: a cluster's series carry no architecture label to select"
                + " the run by; verify a cluster against --zipkin");
      }
      var settleTime = RunCommand.parseDuration("--settle", settle);
      truthFile = truth != null ? truth : Files.createTempFile("simarch-kube-truth", ".jsonl");
      if (truth == null) {
        truthFile.toFile().deleteOnExit();
      }
      Files.writeString(truthFile, fetchKube(kube, wait, settleTime));
    } else if (truth == null) {
      throw new BadInputException(
          "--truth F: give the run's truth file (simarch run --truth F), or --kube for a cluster");
    }
    PrintWriter out = spec.commandLine().getOut();
    boolean passed;
    if (zipkin != null) {
      VerifyReport report = run(truthFile, zipkin, maxLoss, sample, wait);
      print(out, report, report::printTable);
      passed = report.passed();
    } else {
      MetricsReport report = runPrometheus(truthFile, prometheus, maxLoss, wait);
      print(out, report, report::printTable);
      passed = report.passed();
    }
    return passed ? Simarch.OK : LOST;
  }

  private void print(PrintWriter out, Object report, java.util.function.Consumer<PrintWriter> table)
      throws IOException {
    if (output.equals("json")) {
      out.println(
          new com.fasterxml.jackson.databind.ObjectMapper()
              .writerWithDefaultPrettyPrinter()
              .writeValueAsString(report));
    } else {
      table.accept(out);
    }
    out.flush();
  }

  /** The merged truth of every root pod of the architectures {@code targets} name. */
  static String fetchKube(
      List<String> targets, java.time.Duration timeout, java.time.Duration settle)
      throws InterruptedException {
    try (KubernetesClient client = KubeTruth.client(null, null)) {
      String ns = KubeTruth.defaultNamespace(client);
      var pods = new ArrayList<KubeTruth.PodTruth>();
      for (String t : targets) {
        KubeTruth.Target target;
        try {
          target = KubeTruth.Target.parse(t, ns);
        } catch (IllegalArgumentException e) {
          throw new BadInputException("--kube " + t + ": " + e.getMessage());
        }
        pods.addAll(KubeTruth.rootPods(client, target));
      }
      var sources = KubeTruth.fetch(client.getHttpClient(), pods, timeout.toMillis());
      return TruthMerge.merge(
          sources,
          "kube " + String.join(" ", targets) + " (" + pods.size() + " root pods)",
          settle.toMillis() * 1000);
    } catch (KubeTruth.FetchException e) {
      throw new BadInputException("--kube " + e.getMessage());
    } catch (TruthReader.BadTruthException e) {
      throw new BackendAnswerException("--kube " + e.getMessage());
    } catch (KubernetesClientException e) {
      throw new BadInputException(
          "--kube: cannot ask the API server of the current kubeconfig (" + e.getMessage() + ")");
    }
  }

  /**
   * Reads the truth and checks the counts a Prometheus kept.
   *
   * @throws BadInputException for a bad truth file, URL or an unreachable backend
   */
  public static MetricsReport runPrometheus(
      Path truthFile, String url, double maxLoss, java.time.Duration timeout) throws IOException {
    PrometheusApi api;
    try {
      api = new PrometheusApi(url, timeout);
    } catch (IllegalArgumentException e) {
      throw new BadInputException("--prometheus " + url + ": " + e.getMessage());
    }
    TruthReader.Truth truth = readTruth(truthFile, 1);
    try {
      return new PrometheusVerifier(api).verify(truth, maxLoss);
    } catch (BackendException e) {
      throw failure("--prometheus", url, e);
    }
  }

  private static TruthReader.Truth readTruth(Path file, int sample) throws IOException {
    try {
      return TruthReader.read(file, sample, 1);
    } catch (TruthReader.BadTruthException e) {
      throw new BadInputException("--truth " + e.getMessage());
    }
  }

  /**
   * Reads the truth and checks the backend.
   *
   * @throws BadInputException for a bad truth file, URL or an unreachable backend
   */
  public static VerifyReport run(
      Path truthFile, String zipkinUrl, double maxLoss, int sample, java.time.Duration timeout)
      throws IOException, InterruptedException {
    ZipkinApi api = zipkinApi(zipkinUrl, timeout);
    TruthReader.Truth truth = readTruth(truthFile, sample);
    try {
      return new ZipkinVerifier(api).verify(truth, maxLoss);
    } catch (BackendException e) {
      throw failure("--zipkin", zipkinUrl, e);
    }
  }

  /** The query API of the Zipkin at {@code url}; a URL that is none is bad input. */
  static ZipkinApi zipkinApi(String url, java.time.Duration timeout) {
    try {
      return new ZipkinApi(url, timeout);
    } catch (IllegalArgumentException e) {
      throw new BadInputException("--zipkin " + url + ": " + e.getMessage());
    }
  }

  /** Nothing listening is bad input (exit 2); a wrong answer is the backend's error (exit 1). */
  static RuntimeException failure(String option, String url, BackendException e) {
    if (e.unreachable) {
      return new BadInputException(
          option + " " + url + ": cannot connect (" + e.getMessage() + "); is it running?");
    }
    return new BackendAnswerException(option + " " + url + ": " + e.getMessage());
  }

  static void checkMaxLoss(double maxLoss) {
    if (!(maxLoss >= 0 && maxLoss <= 100)) {
      throw new BadInputException("--max-loss " + maxLoss + ": give a percentage from 0 to 100");
    }
  }

  /** The backend answered, but not as its API does: exit 1 with this message. */
  static final class BackendAnswerException extends RuntimeException {
    BackendAnswerException(String message) {
      super(message);
    }
  }
}
