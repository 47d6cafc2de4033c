package io.simarch.cli;

import io.simarch.api.model.KubeNames;
import io.simarch.cli.imports.TraceImport;
import io.simarch.cli.imports.ZipkinSpans;
import io.simarch.cli.verify.BackendException;
import io.simarch.cli.verify.ZipkinApi;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(
    name = "import",
    mixinStandardHelpOptions = true,
    description = {
      "Derive a SimulatedArchitecture YAML from observed traces, on stdout or into --output:"
          + " services from localEndpoint.serviceName, edges from CLIENT spans and the SERVER"
          + " spans under them, the root from the spans without a parent, instance counts, each"
          + " service's own latency (p50/p99 of its server spans' time outside its calls, as a"
          + " lognormal) and error rate. Roles are inferred from the call graph (docs/import.md).",
      "A comment block at the top of the file lists what was observed per service and per edge"
          + " (calls per request, attempts). The output passes simarch validate."
    })
final class ImportCommand implements Callable<Integer> {
  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @ArgGroup(multiplicity = "1")
  Source source;

  static final class Source {
    @Option(
        names = "--zipkin-json",
        paramLabel = "FILE",
        description =
            "Zipkin v2 JSON: an array of traces as GET /api/v2/traces answers, or an array of"
                + " spans; - reads stdin")
    String file;

    @Option(
        names = "--zipkin",
        paramLabel = "URL",
        description = "fetch the traces from a running Zipkin, e.g. http://127.0.0.1:9411")
    String zipkin;
  }

  @Option(
      names = "--lookback",
      paramLabel = "D",
      defaultValue = "15m",
      description = "with --zipkin: traces of the last D (default: ${DEFAULT-VALUE})")
  String lookback;

  @Option(
      names = "--limit",
      paramLabel = "N",
      defaultValue = "1000",
      description = "with --zipkin: at most N traces (default: ${DEFAULT-VALUE})")
  int limit;

  @Option(
      names = "--name",
      paramLabel = "NAME",
      defaultValue = "imported",
      description = "metadata.name and spec.arch (default: ${DEFAULT-VALUE})")
  String name;

  @Option(
      names = {"-o", "--output"},
      paramLabel = "F",
      description = "write the YAML into F instead of stdout")
  Path output;

  @Override
  public Integer call() throws IOException {
    if (!KubeNames.isLabel(name)) {
      throw new BadInputException(
          "--name " + name + ": must be a lowercase DNS label (a Kubernetes object name)");
    }
    String text;
    String origin;
    if (source.file != null) {
      origin = source.file.equals("-") ? "stdin" : source.file;
      text = read(source.file);
    } else {
      origin = source.zipkin;
      text = fetch();
    }
    TraceImport.Result result;
    try {
      result = TraceImport.derive(ZipkinSpans.parse(text, origin), name);
    } catch (ZipkinSpans.BadTracesException e) {
      String m = e.getMessage();
      throw new BadInputException(
          "simarch import: " + (m.startsWith(origin + ":") ? m : origin + ": " + m));
    }
    Outputs.write(spec, output, result.yaml());
    return Simarch.OK;
  }

  private String read(String file) throws IOException {
    if (file.equals("-")) {
      return new String(System.in.readAllBytes(), StandardCharsets.UTF_8);
    }
    try {
      return Files.readString(Path.of(file));
    } catch (NoSuchFileException e) {
      throw new BadInputException("--zipkin-json " + file + ": no such file");
    } catch (java.nio.charset.MalformedInputException e) {
      throw new BadInputException(
          "--zipkin-json " + file + ": not UTF-8 text; give Zipkin v2 JSON");
    }
  }

  private String fetch() {
    Duration look = RunCommand.parseDuration("--lookback", lookback);
    if (look.isZero() || look.isNegative()) {
      throw new BadInputException("--lookback " + lookback + ": give a positive duration");
    }
    if (limit < 1) {
      throw new BadInputException("--limit " + limit + ": give 1 or more");
    }
    ZipkinApi api = VerifyCommand.zipkinApi(source.zipkin, ZipkinApi.DEFAULT_TIMEOUT);
    try {
      return api.traces(System.currentTimeMillis(), look.toMillis(), limit).toString();
    } catch (BackendException e) {
      throw VerifyCommand.failure("--zipkin", source.zipkin, e);
    }
  }
}
