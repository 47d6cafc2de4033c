package io.simarch.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.simarch.api.model.ArchitectureFiles;
import io.simarch.api.model.ChaosSchedule;
import io.simarch.api.model.ManualKill;
import java.time.Instant;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ManualKillTest {
  private static ChaosSchedule chaos(String victim, String chaos) {
    var spec =
        ArchitectureFiles.parse(
                "apiVersion: simarch.io/v1alpha1\n"
                    + "kind: SimulatedArchitecture\n"
                    + "metadata: {name: t}\n"
                    + "spec:\n"
                    + (victim.isEmpty() ? "" : "  victim: " + victim + "\n")
                    + (chaos.isEmpty() ? "" : "  chaos: " + chaos + "\n")
                    + "  services:\n"
                    + "    - {name: web, package: monolith, count: 3, dependencies: [db]}\n"
                    + "    - {name: db, package: store, count: 2}\n",
                "t")
            .resource()
            .getSpec();
    return new ChaosSchedule(spec, 0);
  }

  @ParameterizedTest(name = "victim={0} chaos={1} kill {2} at {3}: {4}")
  @CsvSource(
      delimiter = '|',
      nullValues = "-",
      value = {
        "web | - | web | 2026-11-30T12:00:00Z | STRIKE | -",
        "- | {victims: [db]} | db | 2026-11-30T12:00:00Z | STRIKE | -",
        "web | {dryRun: true} | web | 2026-11-30T12:00:00Z | DRY_RUN | -",
        // the victim rule comes first: a dry run does not make any service fair game
        "web | {dryRun: true} | db | 2026-11-30T12:00:00Z | REFUSED"
            + " | service db: not a chaos victim (victims: web); name it in spec.victim or"
            + " spec.chaos.victims",
        "- | - | web | 2026-11-30T12:00:00Z | REFUSED"
            + " | service web: not a chaos victim (victims: none); name it in spec.victim or"
            + " spec.chaos.victims",
        // quiet times refuse even a dry run, as the monkey pauses its dry runs too
        "web | {dryRun: true, quietTimes: {timesOfDay: ['22:00-08:00']}} | web"
            + " | 2026-11-30T23:30:00Z | REFUSED"
            + " | chaos is paused by spec.chaos.quietTimes until 2026-12-01T08:00:00Z; kill then,"
            + " or take now out of spec.chaos.quietTimes",
        "web | {quietTimes: {timesOfDay: ['22:00-08:00']}} | web | 2026-11-30T08:00:00Z"
            + " | STRIKE | -",
        "web | {quietTimes: {weekdays: [Mon, Tue, Wed, Thu, Fri, Sat, Sun]}} | web"
            + " | 2026-11-30T12:00:00Z | REFUSED"
            + " | chaos is paused by spec.chaos.quietTimes for good; take now out of"
            + " spec.chaos.quietTimes",
      })
  void aManualKillFollowsTheMonkeysRules(
      String victim,
      String chaos,
      String service,
      String now,
      ManualKill.Outcome outcome,
      String reason) {
    var kill =
        ManualKill.of(
            chaos(victim == null ? "" : victim, chaos == null ? "" : chaos),
            service,
            Instant.parse(now));

    assertThat(kill.outcome()).isEqualTo(outcome);
    assertThat(kill.reason()).isEqualTo(reason == null ? "" : reason);
    assertThat(kill.refused()).isEqualTo(outcome == ManualKill.Outcome.REFUSED);
    assertThat(kill.dryRun()).isEqualTo(outcome == ManualKill.Outcome.DRY_RUN);
  }
}
