package io.simarch.stub.truth;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A root pod's truth: totals of every request, trace lines of the last few only. */
class TruthRingTest {
  private static RootTruth request(int i) {
    var tally = new SpanTally("www");
    tally.attempt("elb", true, 1, i % 5 == 0, "1;elb=1;;0;0", false);
    tally.ownSpan(false);
    return new RootTruth(
        String.format("%032x", i),
        true,
        "GET",
        1_000L * i,
        1_000L * i + 500,
        200,
        false,
        tally.seal());
  }

  @Test
  void keepsTheLastTracesAndTheTotalsOfAll() throws Exception {
    var ring = new TruthRing("lamp", "www", "www-0", 1.0, 3);
    for (int i = 1; i <= 10; i++) {
      ring.record(request(i));
    }
    List<String> lines = ring.document().lines().toList();

    assertThat(lines).hasSize(1 + 3 + 1);
    JsonNode header = TruthFile.JSON.readTree(lines.get(0));
    assertThat(header.get("type").asText()).isEqualTo(TruthFile.HEADER);
    assertThat(header.get("architecture").asText()).isEqualTo("lamp");
    assertThat(header.get("root").asText()).isEqualTo("www");
    assertThat(header.get("version").asInt()).isEqualTo(TruthFile.VERSION);
    assertThat(lines.subList(1, 4))
        .extracting(l -> TruthFile.JSON.readTree(l).get("trace").asText())
        .containsExactly(
            String.format("%032x", 8), String.format("%032x", 9), "%032x".formatted(10));
    TruthFile.Summary s = TruthFile.JSON.readValue(lines.get(4), TruthFile.Summary.class);
    assertThat(s.requests()).isEqualTo(10);
    assertThat(s.spans()).isEqualTo(30);
    assertThat(s.services()).containsEntry("www", 20L).containsEntry("elb", 10L);
    assertThat(s.edges().get("www>elb")).containsExactly(10, 2);
  }
}
