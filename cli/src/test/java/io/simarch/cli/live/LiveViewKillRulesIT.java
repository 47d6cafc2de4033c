package io.simarch.cli.live;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The local kill button under the monkey's dry run and quiet times (ManualKill, the rule simarch
 * ui's button follows too; KubeLiveKillIT): a real {@code simarch run --ui 0} of a small
 * architecture whose monkey would strike only after an hour.
 */
class LiveViewKillRulesIT {
  @TempDir Path dir;

  private LiveRunProcess run(String chaos) throws Exception {
    Path file = dir.resolve("pair.yaml");
    Files.writeString(
        file,
        "apiVersion: simarch.io/v1alpha1\nkind: SimulatedArchitecture\nmetadata: {name: pair}\n"
            + "spec:\n  victim: app\n  chaos: "
            + chaos
            + "\n  services:\n"
            + "    - {name: app, package: monolith, count: 2, regions: 1, dependencies: [db]}\n"
            + "    - {name: db, package: store, count: 1, regions: 1}\n");
    return LiveRunProcess.start(file.toString(), "--duration", "0");
  }

  private static List<JsonNode> events(JsonNode g, String kind) {
    var out = new ArrayList<JsonNode>();
    for (JsonNode e : g.get("events")) {
      if (e.get("kind").asText().equals(kind)) {
        out.add(e);
      }
    }
    return out;
  }

  @Test
  void inADryRunTheButtonLogsAndShowsAKillAndKillsNothing() throws Exception {
    try (var run = run("{dryRun: true, startDelay: 1h}")) {
      HttpResponse<String> r = run.post("api/kill?service=app");

      assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
      String victim = new ObjectMapper().readTree(r.body()).get("killed").get(0).asText();
      JsonNode g = run.graph();
      assertThat(LiveRunProcess.node(g, "app").get("running").asInt()).isEqualTo(2);
      assertThat(events(g, "kill"))
          .singleElement()
          .satisfies(e -> assertThat(e.get("detail").asText()).isEqualTo("delete (dry run) by ui"));
      assertThat(events(g, "stopped")).isEmpty();
      assertThat(run.output()).contains("chaosmonkey dry-run delete: " + victim);
    }
  }

  @Test
  void inQuietTimesTheButtonIsRefusedNamingTheField() throws Exception {
    try (var run =
        run("{startDelay: 1h, quietTimes: {weekdays: [Mon, Tue, Wed, Thu, Fri, Sat, Sun]}}")) {
      HttpResponse<String> r = run.post("api/kill?service=app");

      assertThat(r.statusCode()).isEqualTo(409);
      assertThat(new ObjectMapper().readTree(r.body()).get("error").asText())
          .isEqualTo(
              "chaos is paused by spec.chaos.quietTimes for good; take now out of"
                  + " spec.chaos.quietTimes");
      JsonNode g = run.graph();
      assertThat(LiveRunProcess.node(g, "app").get("running").asInt()).isEqualTo(2);
      assertThat(events(g, "kill")).isEmpty();
    }
  }
}
