package io.simarch.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import io.simarch.api.model.ArchitectureFiles;
import io.simarch.api.model.Durations;
import io.simarch.api.v1alpha1.BehaviorSpec;
import io.simarch.api.v1alpha1.LatencySpec;
import io.simarch.api.v1alpha1.ServiceSpec;
import io.simarch.api.v1alpha1.SimulatedArchitecture;
import io.simarch.cli.verify.ZipkinApi;
import io.simarch.testkit.ZipkinServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The round trip: lamp runs into the real Zipkin server, {@code simarch import --zipkin} reads its
 * traces back, and the derived architecture has lamp's services, edges, packages and instance
 * counts, and each service's configured latency and error rate within a stated tolerance.
 *
 * <p>With {@code -Dsimarch.import.update=true} it also rewrites the fixture {@code
 * src/test/resources/imports/lamp-zipkin.json} (some of this run's traces) that {@code
 * TraceImportFixtureTest} imports.
 */
class ZipkinImportIT {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** Service times given to lamp's services (lamp itself has none, so nothing to compare to). */
  static final Map<String, String[]> LATENCY =
      Map.of(
          "webserver", new String[] {"8ms", "30ms"},
          "rds-mysql", new String[] {"4ms", "12ms"},
          "memcache", new String[] {"2ms", "6ms"});

  static final double MEMCACHE_ERRORS = 0.2;

  /** Traces of the run's first seconds are not imported: the warm-up, then cold code. */
  static final long WARM_MS = 5_000;

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

  /**
   * examples/lamp.yaml with service times and memcache's injected errors. It runs with {@code
   * --no-chaos}: lamp's monkey would kill a webserver halfway, so the count seen would depend on
   * whether the replacement served before the end.
   */
  static SimulatedArchitecture timedLamp() {
    SimulatedArchitecture arch = ArchitectureFiles.load(ZipkinVerifyIT.lamp()).resource();
    for (ServiceSpec s : arch.getSpec().getServices()) {
      String[] l = LATENCY.get(s.getName());
      if (l != null) {
        var latency = new LatencySpec();
        latency.setDistribution("lognormal");
        latency.setP50(l[0]);
        latency.setP99(l[1]);
        var behavior = new BehaviorSpec();
        behavior.setLatency(latency);
        if (s.getName().equals("memcache")) {
          behavior.setErrorRate(MEMCACHE_ERRORS);
        }
        s.setBehavior(behavior);
      }
    }
    return arch;
  }

  @Test
  void lampRunIntoZipkinImportsBackAsLamp() throws Exception {
    SimulatedArchitecture lamp = timedLamp();
    Path file = tmp.resolve("lamp-timed.yaml");
    Files.writeString(file, ArchitectureFiles.toYaml(lamp));
    Path truth = tmp.resolve("truth.jsonl");
    long started = System.currentTimeMillis();
    int run =
        Simarch.execute(
            "run",
            file.toString(),
            "--duration",
            "12s",
            "--warmup",
            "2s",
            "--rate",
            "15",
            "--no-chaos",
            "--zipkin",
            zipkin.url(),
            "--truth",
            truth.toString());
    assertThat(run).isZero();
    long traces =
        Files.readAllLines(truth).stream()
            .filter(l -> l.contains("\"type\":\"trace\"") && l.contains("\"sampled\":true"))
            .count();
    assertThat(traces).isGreaterThan(100);

    var api = new ZipkinApi(zipkin.url());
    // the truth's summary line tells a miss's cause: spans the sender failed or the queue dropped
    String summary =
        Files.readAllLines(truth).stream()
            .filter(l -> l.contains("\"type\":\"summary\""))
            .findFirst()
            .orElse("no summary line");
    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () ->
                assertThat((long) api.traces(System.currentTimeMillis(), 600_000, 100_000).size())
                    .as("traces Zipkin holds of the run's %d; the run's truth: %s", traces, summary)
                    .isGreaterThanOrEqualTo(traces));

    // the traces after the warm-up (2 s) and the first seconds of cold code: a service time is a
    // steady state's
    long lookbackMs = System.currentTimeMillis() - started - WARM_MS;
    Path out = tmp.resolve("imported.yaml");
    var imported =
        SimarchCliTest.run(
            "import",
            "--zipkin",
            zipkin.url(),
            "--lookback",
            lookbackMs + "ms",
            "--limit",
            "100000",
            "--name",
            "lamp",
            "-o",
            out.toString());
    assertThat(imported.code()).as(imported.err()).isZero();
    // the figures, for the log: what the import saw per service and per edge
    Files.readAllLines(out).stream().filter(l -> l.startsWith("#")).forEach(System.out::println);
    var validate = SimarchCliTest.run("validate", out.toString());
    assertThat(validate.code()).as(validate.out() + validate.err()).isZero();

    SimulatedArchitecture back = ArchitectureFiles.load(out).resource();
    Map<String, ServiceSpec> want = byName(lamp);
    Map<String, ServiceSpec> got = byName(back);
    assertThat(got.keySet()).isEqualTo(want.keySet());
    for (String name : want.keySet()) {
      ServiceSpec w = want.get(name);
      ServiceSpec g = got.get(name);
      assertThat(g.getDependencies()).as(name + " dependencies").isEqualTo(w.getDependencies());
      assertThat(g.getPackageName()).as(name + " package").isEqualTo(w.getPackageName());
      // instances are seen through the callers' simarch.peer.instance: the failover picks reach
      // every one of webserver's 18 within a few hundred requests
      assertThat(g.getCount()).as(name + " count").isEqualTo(w.getCount());
      assertThat(g.getRegions()).as(name + " regions").isEqualTo(w.getRegions());
    }
    for (var e : LATENCY.entrySet()) {
      LatencySpec l = got.get(e.getKey()).getBehavior().getLatency();
      assertThat(l.getDistribution()).isEqualTo("lognormal");
      // self time = the configured service time + the stub's own handling and its timer's
      // lateness: well under a millisecond on a quiet machine. p50 from 0.7× to 1.5× + 3 ms: the
      // median of ~60 lognormal draws (sigma ~0.47) has a standard error of ~8% in log space, and
      // 0.9× failed a CI run at 0.885×; 0.7× is over four standard errors below. The
      // p99 is the tail a machine loaded far beyond its cores stretches (webserver's 30 ms came
      // back as 28 ms at load average 11 and 217 ms at 20): from 0.7× to 10× + 50 ms, and at
      // least 1.5× the p50, for the lognormal's spread (3× to 3.75× here)
      double p50 = millis(l.getP50());
      double p99 = millis(l.getP99());
      assertWithin(e.getKey() + " p50", p50, e.getValue()[0], 0.7, 1.5, 3);
      assertWithin(e.getKey() + " p99", p99, e.getValue()[1], 0.7, 10, 50);
      assertThat(p99).as(e.getKey() + " p99 over p50").isGreaterThanOrEqualTo(1.5 * p50);
    }
    // memcache's injected errors are its own; webserver's 502s over them are not webserver's
    // (about 50 memcache requests: 3 to 18 errors of them is well within the binomial's reach)
    assertThat(got.get("memcache").getBehavior().getErrorRate()).isBetween(0.05, 0.40);
    assertThat(got.get("webserver").getBehavior().getErrorRate()).isNull();
    assertThat(back.getSpec().getTraffic().getRate()).isBetween(8.0, 17.0);

    if (Boolean.getBoolean("simarch.import.update")) {
      writeFixture(api);
    }
  }

  private static double millis(String duration) {
    return Durations.parse(duration).toNanos() / 1e6;
  }

  private static void assertWithin(
      String what, double got, String configured, double below, double above, long slackMs) {
    double c = millis(configured);
    assertThat(got)
        .as(what + " " + got + "ms (configured " + configured + ")")
        .isBetween(c * below, c * above + slackMs);
  }

  private static Map<String, ServiceSpec> byName(SimulatedArchitecture a) {
    return a.getSpec().getServices().stream()
        .collect(
            Collectors.toMap(ServiceSpec::getName, Function.identity(), (x, y) -> x, TreeMap::new));
  }

  /** 24 traces of the run, the first that Zipkin answers, for TraceImportFixtureTest. */
  private static void writeFixture(ZipkinApi api) throws Exception {
    JsonNode all = api.traces(System.currentTimeMillis(), 600_000, 24);
    ArrayNode traces = JSON.createArrayNode();
    all.forEach(traces::add);
    Path fixture = SimarchCliTest.repo().resolve("cli/src/test/resources/imports/lamp-zipkin.json");
    Files.writeString(fixture, JSON.writeValueAsString(traces) + "\n");
  }
}
