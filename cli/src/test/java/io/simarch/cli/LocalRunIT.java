package io.simarch.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.simarch.api.model.ArchitectureFiles;
import io.simarch.api.model.ChaosSchedule;
import io.simarch.api.model.ChaosStrike;
import io.simarch.cli.run.LocalRun;
import io.simarch.cli.run.PortRange;
import io.simarch.cli.run.RunLog;
import io.simarch.testkit.OtlpReceiver;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Whole architectures on loopback, as {@code simarch run} runs them: real stub instances, real
 * HTTP, a real OTLP receiver, spigo's chaos monkey, GraphJSON.
 */
class LocalRunIT {

  /** As in a cluster, a kill due in quiet times waits for their end, here never. */
  @Test
  void aKillDueInQuietTimesWaitsForTheirEnd() throws Exception {
    var arch =
        ArchitectureFiles.parse(
                "apiVersion: simarch.io/v1alpha1\nkind: SimulatedArchitecture\n"
                    + "metadata: {name: quiet}\nspec:\n  victim: db\n"
                    + "  chaos: {startDelay: 500ms, interval: 1s,"
                    + " quietTimes: {weekdays: [Mon, Tue, Wed, Thu, Fri, Sat, Sun]}}\n"
                    + "  services:\n"
                    + "    - {name: db, package: store, count: 2}\n"
                    + "    - {name: www, package: denominator, count: 0, regions: 0,"
                    + " dependencies: [db]}\n",
                "quiet")
            .resource();
    var logBytes = new ByteArrayOutputStream();

    var result =
        new LocalRun(
                arch,
                LocalRun.Options.defaults(Duration.ofSeconds(2)),
                new RunLog(new PrintStream(logBytes, true, StandardCharsets.UTF_8)))
            .run();

    String log = logBytes.toString(StandardCharsets.UTF_8);
    assertThat(result.killed()).isEmpty();
    assertThat(log).containsOnlyOnce("chaosmonkey: kill paused by spec.chaos.quietTimes for good");
    assertThat(log).doesNotContain("chaosmonkey delete");
  }

  @ParameterizedTest
  @ValueSource(strings = {"examples/lamp.yaml", "examples/spigo/netflixoss.yaml"})
  void runsEveryServiceKillsTheVictimOnceAndTracesTheCalls(String example, @TempDir Path tmp)
      throws Exception {
    var arch = ArchitectureFiles.load(SimarchCliTest.repo().resolve(example)).resource();
    if (arch.getSpec().getVictim() == null) {
      arch.getSpec().setVictim("homepage");
    }
    Path graph = tmp.resolve("graph.json");
    var logBytes = new ByteArrayOutputStream();
    try (var receiver = new OtlpReceiver()) {
      var options =
          new LocalRun.Options(
              Duration.ofSeconds(4),
              7L,
              receiver.base(),
              null,
              null,
              graph,
              null,
              PortRange.ephemeral(),
              null,
              Duration.ZERO);

      var result =
          new LocalRun(
                  arch,
                  options,
                  new RunLog(new PrintStream(logBytes, true, StandardCharsets.UTF_8)))
              .run();

      String log = logBytes.toString(StandardCharsets.UTF_8);
      // every service but the root receives traffic
      assertThat(result.services())
          .filteredOn(s -> !s.service().equals(result.plan().root()))
          .allSatisfy(s -> assertThat(s.requests()).as(s.service()).isPositive());
      assertThat(result.root().rootRequests()).isGreaterThan(100);
      // spigo's chaos monkey: the victim once, halfway
      assertThat(result.killed()).hasSize(1);
      assertThat(log).containsOnlyOnce("chaosmonkey delete: ");
      assertThat(log)
          .contains("Starting: {" + result.plan().root() + " denominator 0 0 ")
          .contains("asgard: Shutdown");
      String victim = arch.getSpec().getVictim();
      assertThat(result.killed().get(0)).contains("." + victim);
      // the victim the operator takes first with this seed: one stream, one choice
      var schedule = new ChaosSchedule(arch.getSpec(), 0);
      assertThat(result.killed())
          .containsExactly(
              ChaosStrike.local(schedule, result.plan(), i -> true, schedule.random(0))
                  .victims()
                  .get(0)
                  .name());

      // spans with correct parent/child links: every parent id is a span of the same trace
      var spans = receiver.spans();
      assertThat(spans).hasSizeGreaterThan(50);
      Map<String, OtlpReceiver.Received> byId = new HashMap<>();
      spans.forEach(s -> byId.put(s.spanId(), s));
      long linked =
          spans.stream()
              .filter(s -> s.parentId() != null && byId.containsKey(s.parentId()))
              .count();
      assertThat(linked).isGreaterThan(spans.size() / 2);
      assertThat(spans.stream().filter(s -> s.parentId() != null && byId.containsKey(s.parentId())))
          .allSatisfy(s -> assertThat(byId.get(s.parentId()).traceId()).isEqualTo(s.traceId()));
      Set<String> services =
          spans.stream().map(OtlpReceiver.Received::service).collect(Collectors.toSet());
      assertThat(services)
          .containsAll(
              result.plan().services().stream()
                  .map(p -> p.name())
                  .filter(n -> !n.equals(victim))
                  .toList());

      // the kill is on the same timeline as the requests: a span from the chaos monkey
      assertThat(spans)
          .filteredOn(s -> "chaosmonkey".equals(s.service()))
          .singleElement()
          .satisfies(s -> assertThat(s.attr("simarch.victim.service")).isEqualTo(victim));

      // GraphJSON well formed: nodes, edges, a forget or done for the victim, done for the rest
      JsonNode g = ArchitectureFiles.json().readTree(Files.readString(graph));
      assertThat(g.get("version").asText()).isEqualTo("spigo-0.4");
      Set<String> nodes = new HashSet<>();
      int dones = 0;
      for (JsonNode e : g.get("graph")) {
        assertThat(e.has("timestamp")).isTrue();
        if (e.has("node")) {
          nodes.add(e.get("node").asText());
        } else if (e.has("edge")) {
          assertThat(nodes).contains(e.get("source").asText(), e.get("target").asText());
        } else if (e.has("done")) {
          dones++;
        }
      }
      assertThat(nodes).hasSize(result.plan().instances().size());
      assertThat(dones).isEqualTo(nodes.size());
    }
  }
}
