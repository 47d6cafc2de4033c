package io.simarch.cli;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.simarch.cli.run.LocalRun;
import io.simarch.cli.run.PortRange;
import io.simarch.cli.run.RunLog;
import io.simarch.cli.truth.TruthRecording;
import io.simarch.cli.verify.MetricsReport;
import io.simarch.stub.local.StubHost;
import io.simarch.testkit.Prometheus;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A local run with {@code --metrics-port} and {@code --truth} scraped by the real Prometheus (every
 * second), then {@code simarch verify --prometheus}: a Prometheus that scraped the whole run has
 * every count within a scrape interval of the truth; one whose scrapes stopped halfway, or began
 * late, reports the loss and exits 3.
 */
class PrometheusVerifyIT {
  @TempDir Path tmp;

  /**
   * Runs lamp (exact counts) for 10 s behind a gate open or closed at first, toggled after {@code
   * toggleAfterS}, then verifies it.
   */
  private void run(boolean openAtStart, Long toggleAfterS) throws Exception {
    int port = StubHost.freePorts(1)[0];
    Path truth = tmp.resolve("lamp.jsonl");
    try (var gate = new ScrapeGate("http://127.0.0.1:" + port, openAtStart);
        var prometheus =
            new Prometheus(List.of(new Prometheus.Job("local", true, List.of(gate.address()))))) {
      // Prometheus applies its targets a few seconds after it starts: scraping must be under way
      // (failing, the run is not up yet) before the run begins, or it truly begins late
      await()
          .atMost(Duration.ofSeconds(60))
          .until(() -> prometheus.query("up{job=\"local\"}").contains("\"value\""));
      var timer = Executors.newSingleThreadScheduledExecutor();
      if (toggleAfterS != null) {
        // counted from when the run serves its metrics (its traffic starts then, no warm-up)
        timer.execute(
            () -> {
              await()
                  .atMost(Duration.ofSeconds(60))
                  .pollInterval(Duration.ofMillis(50))
                  .until(() -> serves("http://127.0.0.1:" + port + "/metrics"));
              timer.schedule(() -> gate.open(!openAtStart), toggleAfterS, TimeUnit.SECONDS);
            });
      }
      try {
        // exact counts: no timeouts, retries or replication (ZipkinVerifyIT.patientLamp)
        new LocalRun(
                ZipkinVerifyIT.patientLamp(),
                new LocalRun.Options(
                    Duration.ofSeconds(10),
                    3L,
                    null,
                    null,
                    null,
                    null,
                    port,
                    PortRange.ephemeral(),
                    null,
                    Duration.ZERO),
                new RunLog(new PrintStream(OutputStream.nullOutputStream(), true, UTF_8)))
            .truth(new TruthRecording(truth, null))
            .run();
      } finally {
        timer.shutdownNow();
      }
      lastReport = VerifyCommand.runPrometheus(truth, prometheus.url(), 0, Duration.ofSeconds(15));
      lastCli =
          SimarchCliTest.run(
              "verify", "--truth", truth.toString(), "--prometheus", prometheus.url());
    }
  }

  private static boolean serves(String url) {
    try {
      var c = (java.net.HttpURLConnection) java.net.URI.create(url).toURL().openConnection();
      c.setConnectTimeout(500);
      c.setReadTimeout(2000);
      try {
        return c.getResponseCode() == 200;
      } finally {
        c.disconnect();
      }
    } catch (java.io.IOException e) {
      return false;
    }
  }

  private MetricsReport lastReport;
  private SimarchCliTest.Result lastCli;

  @Test
  void aPrometheusThatScrapedTheWholeRunHasEveryCount() throws Exception {
    assumeTrue(Prometheus.unavailable() == null, Prometheus.unavailable());
    run(true, null);
    MetricsReport r = lastReport;

    assertThat(r.samples()).isGreaterThanOrEqualTo(5);
    assertThat(r.scrapeIntervalS()).isBetween(0.5, 2.0);
    assertThat(r.rows())
        .extracting(row -> row.subject() + " " + row.what())
        .contains(
            "www traffic requests",
            "www>webserver-elb attempts",
            "webserver-elb requests",
            "webserver requests",
            "webserver>memcache attempts");
    assertThat(r.lowerBoundTraces()).isZero();
    assertThat(r.rows())
        .allSatisfy(row -> assertThat(row.state()).as(row.toString()).isEqualTo("ok"));
    var traffic = r.rows().get(0);
    assertThat(traffic.truth()).isGreaterThan(100);
    // within the tolerance, and the tolerance is a fraction of the count, not all of it
    assertThat(traffic.tolerance()).isLessThan(traffic.truth() / 2);
    assertThat(r.passed()).as(lastCli.out()).isTrue();
    assertThat(lastCli.code()).as(lastCli.err()).isZero();
    assertThat(lastCli.out()).contains("www>webserver-elb", "PASS");
  }

  @Test
  void scrapesThatStoppedHalfwayLoseTheSecondHalf() throws Exception {
    assumeTrue(Prometheus.unavailable() == null, Prometheus.unavailable());
    run(true, 5L);
    MetricsReport r = lastReport;

    assertThat(r.coveredToS()).isLessThan(r.runSeconds() - r.allowedGapS());
    var traffic = r.rows().get(0);
    assertThat(traffic.state()).isEqualTo("short");
    // what it kept is the first half, give or take
    assertThat((double) traffic.backend() / traffic.truth()).isBetween(0.3, 0.7);
    assertThat(r.lossPercent()).isGreaterThan(20);
    assertThat(r.passed()).isFalse();
    assertThat(lastCli.code()).isEqualTo(VerifyCommand.LOST);
    assertThat(lastCli.out()).contains("short", "FAIL");
  }

  @Test
  void scrapesThatBeganLateReportTheUncoveredStart() throws Exception {
    assumeTrue(Prometheus.unavailable() == null, Prometheus.unavailable());
    run(false, 5L);
    MetricsReport r = lastReport;

    assertThat(r.coveredFromS()).isGreaterThan(r.allowedGapS());
    // counters are cumulative: the counts are whole, the first seconds' rates are not
    assertThat(r.rows().get(0).state()).isEqualTo("ok");
    assertThat(r.lossPercent()).isBetween(30.0, 70.0);
    assertThat(r.passed()).isFalse();
    assertThat(lastCli.code()).isEqualTo(VerifyCommand.LOST);
    assertThat(lastCli.out()).contains("FAIL");
  }
}
