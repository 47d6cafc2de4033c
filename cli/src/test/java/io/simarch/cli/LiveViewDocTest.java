package io.simarch.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.simarch.api.model.ArchitectureFiles;
import io.simarch.api.model.ChaosSchedule;
import io.simarch.api.model.ManualKill;
import java.nio.file.Files;
import java.time.Instant;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * docs/live-view.md shows the Role the repo ships for {@code simarch ui}, not a second copy, and
 * the kill button's refusals as {@link ManualKill} words them.
 */
class LiveViewDocTest {
  @Test
  void theDocsRefusalsAreTheRulesWords() throws Exception {
    String doc = Files.readString(SimarchCliTest.repo().resolve("docs/live-view.md"));
    var spec =
        ArchitectureFiles.parse(
                "apiVersion: simarch.io/v1alpha1\nkind: SimulatedArchitecture\n"
                    + "metadata: {name: t}\nspec:\n  victim: web\n"
                    + "  chaos: {quietTimes: {timesOfDay: ['22:00-08:00']}}\n"
                    + "  services:\n    - {name: web, package: monolith, count: 1}\n",
                "t")
            .resource()
            .getSpec();
    var chaos = new ChaosSchedule(spec, 0);
    Instant quiet = Instant.parse("2026-11-30T23:00:00Z");

    // the doc's placeholders (S, …, T) where the rule has this example's values
    String notAVictim =
        ManualKill.of(chaos, "S", Instant.parse("2026-11-30T12:00:00Z"))
            .reason()
            .replace("(victims: web)", "(victims: …)");
    String paused =
        ManualKill.of(chaos, "web", quiet)
            .reason()
            .replace(chaos.quietUntil(quiet).orElseThrow().toString(), "T");
    assertThat(doc).contains("`409`: `" + notAVictim + "`", "`409`: `" + paused + "`");
  }

  @Test
  void theDocsRoleIsTheShippedRole() throws Exception {
    String doc = Files.readString(SimarchCliTest.repo().resolve("docs/live-view.md"));
    String file =
        Files.readString(SimarchCliTest.repo().resolve("examples/rbac/simarch-ui-role.yaml"));
    var m =
        Pattern.compile(
                "```yaml\n(apiVersion: rbac\\.authorization\\.k8s\\.io/v1\nkind: Role\n.*?)```",
                Pattern.DOTALL)
            .matcher(doc);
    assertThat(m.find()).as("a Role in docs/live-view.md").isTrue();
    // the file's leading comments say how to bind it; the Role itself is the same text
    assertThat(file.substring(file.indexOf("apiVersion:"))).isEqualTo(m.group(1));
    assertThat(m.group(1)).contains("name: simarch-ui", "pods/proxy");
  }
}
