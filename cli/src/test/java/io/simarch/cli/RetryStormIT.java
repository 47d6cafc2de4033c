package io.simarch.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.simarch.api.model.ArchitectureFiles;
import io.simarch.cli.run.RetryStorm;
import io.simarch.cli.run.RunLog;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A shortened retry-storm experiment: the ordering the talk claims must hold. */
class RetryStormIT {
  @Test
  void badConfigStormsAndStallsWhileFailoverKeepsTheEdgeSucceeding() throws Exception {
    var storm =
        new RetryStorm(
            Duration.ofSeconds(3),
            Duration.ofSeconds(8),
            Duration.ofSeconds(2),
            42,
            null,
            new RunLog(System.out));
    Map<String, RetryStorm.Row> rows = new LinkedHashMap<>();
    for (String v : new String[] {"bad-config", "budgeted", "failover"}) {
      var arch =
          ArchitectureFiles.load(
                  SimarchCliTest.repo().resolve("examples/retry-storm/" + v + ".yaml"))
              .resource();
      rows.put(v, storm.run(v, arch));
    }
    RetryStorm.printTable(java.util.List.copyOf(rows.values()), System.out);
    var bad = rows.get("bad-config");
    var budgeted = rows.get("budgeted");
    var failover = rows.get("failover");

    // bad-config: retries pile onto the failed instance and the edge stalls
    assertThat(bad.retriesToFailed()).isPositive();
    assertThat(bad.p99DuringMs()).isGreaterThan(1000);
    assertThat(bad.p99DuringMs()).isGreaterThan(failover.p99DuringMs() * 3);
    assertThat(bad.amplification().get("data")).isGreaterThan(failover.amplification().get("data"));
    // budgeted: fails fast, nobody waits past the edge's deadline
    assertThat(budgeted.p99DuringMs()).isLessThan(bad.p99DuringMs());
    // failover: no retry goes to the failed instance, the edge keeps succeeding
    assertThat(failover.retriesToFailed()).isZero();
    assertThat(failover.successPercent()).isGreaterThan(99.0);
    assertThat(failover.successPercent()).isGreaterThanOrEqualTo(bad.successPercent());
  }
}
