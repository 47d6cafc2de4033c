package io.simarch.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.simarch.api.model.ArchitectureFiles;
import io.simarch.api.v1alpha1.CallPolicySpec;
import io.simarch.api.v1alpha1.SimulatedArchitecture;
import io.simarch.api.v1alpha1.TrafficSpec;
import io.simarch.cli.run.LocalRun;
import io.simarch.cli.run.PortRange;
import io.simarch.cli.run.RunLog;
import io.simarch.cli.truth.TruthRecording;
import io.simarch.cli.verify.VerifyReport;
import io.simarch.testkit.ZipkinServer;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code simarch run --truth} against the real Zipkin server, then {@code simarch verify}: a run
 * Zipkin kept whole passes; the same truth against a Zipkin restarted empty has every trace missing
 * (exit 3); a Zipkin that refused uploads for part of a run is found short by as many traces as it
 * refused.
 */
class ZipkinVerifyIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  @TempDir static Path tmp;
  private static ZipkinServer zipkin;

  @BeforeAll
  static void startZipkin() throws Exception {
    zipkin = ZipkinServer.start(0, tmp.resolve("zipkin.log"));
  }

  @AfterAll
  static void stopZipkin() {
    if (zipkin != null) {
      zipkin.close();
    }
  }

  static Path lamp() {
    return SimarchCliTest.repo().resolve("examples/lamp.yaml");
  }

  @Test
  void lampRunWithItsChaosKillIsCompleteThenAZipkinRestartedEmptyMissesEveryTrace()
      throws Exception {
    Path truth = tmp.resolve("lamp.jsonl");
    int run =
        Simarch.execute(
            "run",
            lamp().toString(),
            "--duration",
            "5s",
            "--rate",
            "20",
            "--zipkin",
            zipkin.url(),
            "--truth",
            truth.toString());
    assertThat(run).isEqualTo(0);

    // lamp's chaos monkey kills a webserver halfway: the truth says which and when
    assertThat(Files.readAllLines(truth))
        .filteredOn(l -> l.contains("\"type\":\"kill\""))
        .singleElement()
        .asString()
        .contains("\"service\":\"webserver\"");
    VerifyReport kept = VerifyCommand.run(truth, zipkin.url(), 0, 10_000, Duration.ofSeconds(15));
    assertThat(kept.traces()).isGreaterThan(5);
    assertThat(kept.checked()).isEqualTo(kept.traces());
    assertThat(kept.complete() + kept.chaos()).isEqualTo(kept.checked());
    assertThat(kept.spansMissing()).isZero();
    assertThat(kept.spansFound()).isGreaterThanOrEqualTo(kept.spansExpected());
    assertThat(kept.lag()).isNotNull();
    assertThat(kept.lag().found()).isPositive();
    assertThat(kept.edges())
        .anySatisfy(
            e -> {
              assertThat(e.parent() + ">" + e.child()).isEqualTo("www>webserver-elb");
              assertThat(e.backendCalls()).isEqualTo(e.truthCalls());
            });
    assertThat(Simarch.execute("verify", "--truth", truth.toString(), "--zipkin", zipkin.url()))
        .isEqualTo(0);

    int port = zipkin.port();
    zipkin.close();
    zipkin = ZipkinServer.start(port, tmp.resolve("zipkin-2.log"));
    VerifyReport empty = VerifyCommand.run(truth, zipkin.url(), 0, 10_000, Duration.ofSeconds(15));
    assertThat(empty.checked()).isEqualTo(kept.checked());
    assertThat(empty.missing()).isEqualTo(empty.checked() - empty.chaos()).isPositive();
    assertThat(empty.spansMissing()).isEqualTo(empty.spansExpected()).isPositive();
    assertThat(
            Simarch.execute(
                "verify", "--truth", truth.toString(), "--zipkin", zipkin.url(), "-o", "json"))
        .isEqualTo(3);
  }

  /**
   * lamp with calls that never time out and a database that does not replicate (a writer does not
   * wait for its replicas, so their spans may come after the answer), so every trace's count is
   * exact and a span lost anywhere in it shows.
   */
  static SimulatedArchitecture patientLamp() throws Exception {
    SimulatedArchitecture arch = ArchitectureFiles.load(lamp()).resource();
    arch.getSpec().getServices().stream()
        .filter(s -> s.getName().equals("rds-mysql"))
        .forEach(s -> s.setDependencies(java.util.List.of()));
    var policy = new CallPolicySpec();
    policy.setTimeout("60s");
    policy.setRetries(0);
    policy.setBudget(false);
    arch.getSpec().setCallPolicy(policy);
    arch.getSpec().setVictim(null);
    var traffic = new TrafficSpec();
    traffic.setRate(25.0);
    arch.getSpec().setTraffic(traffic);
    return arch;
  }

  @Test
  void exactCountsMatchZipkinAndARefusedStretchIsCountedWithinOneTrace() throws Exception {
    Path truth = tmp.resolve("partial.jsonl");
    var log = new ByteArrayOutputStream();
    Set<String> refused;
    LocalRun.Result run;
    String proxyUrl;
    try (var proxy = new RefusingProxy(zipkin.url())) {
      proxyUrl = proxy.url();
      var timer = Executors.newSingleThreadScheduledExecutor();
      timer.schedule(() -> proxy.refuse(true), 3, TimeUnit.SECONDS);
      timer.schedule(() -> proxy.refuse(false), 5, TimeUnit.SECONDS);
      try {
        run =
            new LocalRun(
                    patientLamp(),
                    new LocalRun.Options(
                        Duration.ofSeconds(8),
                        3L,
                        null,
                        proxy.url(),
                        null,
                        null,
                        null,
                        PortRange.ephemeral(),
                        null,
                        Duration.ZERO),
                    new RunLog(new PrintStream(log, true, StandardCharsets.UTF_8)))
                .truth(new TruthRecording(truth, proxy.url()))
                .run();
      } finally {
        timer.shutdownNow();
      }
      refused = new HashSet<>(proxy.refusedTraces());
    }
    Set<String> recorded = new HashSet<>();
    int exact = 0;
    for (String line : Files.readAllLines(truth)) {
      JsonNode n = JSON.readTree(line);
      if (n.path("type").asText().equals("trace") && n.path("sampled").asBoolean()) {
        recorded.add(n.path("trace").asText());
        exact += n.path("exact").asBoolean() ? 1 : 0;
      }
    }
    assertThat(exact).as("traces with an exact span count").isEqualTo(recorded.size());
    refused.retainAll(recorded);
    assertThat(refused).as("traces the proxy refused spans of").isNotEmpty();

    VerifyReport r = VerifyCommand.run(truth, zipkin.url(), 0, 10_000, Duration.ofSeconds(15));
    assertThat(r.checked()).isEqualTo(recorded.size());
    assertThat(r.incomplete() + r.missing()).isBetween(refused.size() - 1L, refused.size() + 1L);
    assertThat(r.complete()).isEqualTo(r.checked() - r.incomplete() - r.missing());
    // nothing beyond the truth: every span Zipkin has of a complete trace was counted
    assertThat(r.spansFound()).isLessThanOrEqualTo(r.spansExpected());
    assertThat(r.spansOrphaned()).isLessThanOrEqualTo(r.spansMissing());
    assertThat(r.spansWrongParent()).isZero();
    assertThat(r.spansDuplicated()).isZero();
    assertThat(r.sender().failed()).isPositive();
    // the run's own last lines count the same refusals as the truth's summary
    assertThat(run.spans().to()).isEqualTo("Zipkin " + proxyUrl + "/api/v2/spans");
    assertThat(run.spans().failed()).isEqualTo(r.sender().failed());
    assertThat(run.spans().delivered()).isEqualTo(r.sender().exported());
    assertThat(run.spans().dropped()).isZero();
    assertThat(Simarch.execute("verify", "--truth", truth.toString(), "--zipkin", zipkin.url()))
        .isEqualTo(3);
    assertThat(
            Simarch.execute(
                "verify",
                "--truth",
                truth.toString(),
                "--zipkin",
                zipkin.url(),
                "--max-loss",
                "100"))
        .isEqualTo(0);
  }

  @Test
  void stressRunsEachRateVerifiesItAndPrintsTheTable() throws Exception {
    var out = new java.io.StringWriter();
    var err = new java.io.StringWriter();
    var cl = Simarch.commandLine();
    cl.setOut(new java.io.PrintWriter(out));
    cl.setErr(new java.io.PrintWriter(err));
    int code =
        cl.execute(
            "stress",
            lamp().toString(),
            "--zipkin",
            zipkin.url(),
            "--rates",
            "5,10",
            "--step",
            "3s",
            "--max-lag",
            "60s",
            "--truth-dir",
            tmp.toString());

    assertThat(code).as(err.toString()).isEqualTo(0);
    assertThat(out.toString())
        .contains("RATE", "SPANS/S", "MISSING%", "LAG P99")
        .containsPattern("(?m)^ +5 +[1-9][0-9]* ")
        .containsPattern("(?m)^ +10 +[1-9][0-9]* ")
        .contains("no knee");
    assertThat(tmp.resolve("step-5.jsonl")).exists();
    assertThat(tmp.resolve("step-10.jsonl")).exists();
  }

  @Test
  void stressRunsAGeneratedArchitectureOfServicesN() {
    var r =
        SimarchCliTest.run(
            "stress",
            "--services",
            "12",
            "--seed",
            "3",
            "--zipkin",
            zipkin.url(),
            "--rates",
            "5",
            "--step",
            "3s",
            "--max-lag",
            "60s");

    assertThat(r.code()).as(r.err()).isEqualTo(0);
    assertThat(r.out()).containsPattern("(?m)^ +5 +[1-9][0-9]* ").contains("no knee");
  }
}
