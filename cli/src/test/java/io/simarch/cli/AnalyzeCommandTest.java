package io.simarch.cli;

import static io.simarch.cli.SimarchCliTest.repo;
import static io.simarch.cli.SimarchCliTest.run;
import static org.assertj.core.api.Assertions.assertThat;

import io.simarch.api.model.ArchitectureFiles;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** validate's warnings and --strict, and analyze's report, on the retry-storm variants. */
class AnalyzeCommandTest {
  static String storm(String variant) {
    return repo().resolve("examples/retry-storm").resolve(variant + ".yaml").toString();
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource({
    "bad-config, false, 0, 3 warnings:",
    "bad-config, true, 2, 3 warnings:",
    "budgeted, true, 0, valid",
    "failover, true, 0, valid"
  })
  void validateWarnsAndStrictFails(String variant, boolean strict, int code, String printed) {
    var r = strict ? run("validate", "--strict", storm(variant)) : run("validate", storm(variant));

    assertThat(r.code()).isEqualTo(code);
    assertThat(r.out()).contains(printed);
    if (variant.equals("bad-config")) {
      assertThat(r.out())
          .contains(
              "warning (timeout-below-retries): edge waits 2000ms for api, which may take"
                  + " 3 × 2000ms = 6000ms on mid; fix: ")
          .contains("retries multiply to 27 calls to data");
    } else {
      assertThat(r.out()).doesNotContain("warning");
    }
  }

  @Test
  void analyzePrintsPathsWarningsAndFixes() {
    var r = run("analyze", storm("bad-config"));

    assertThat(r.code()).isZero();
    assertThat(r.out())
        .contains("retry-storm: root edge, 1 root-to-leaf path")
        .containsPattern("edge → api → mid → data +6000ms +api 3, mid 9, data 27")
        .contains("→ data                 3 × 2000ms immediate")
        .contains("3 warnings:")
        .contains("to fix the worst path (edge → api → mid → data):")
        .contains("  - amplification 27 at data");
  }

  @Test
  void analyzeSaysWhyTheBudgetedVariantIsFine() {
    var r = run("analyze", storm("failover"));

    assertThat(r.code()).isZero();
    assertThat(r.out())
        .containsPattern("edge → api → mid → data +806ms +api 2, mid 4, data 8")
        .contains("no warnings")
        .contains(
            "  - nothing: every caller's deadline bounds the work below it, and at most 8 calls"
                + " reach a tier per request (≤ 10)");
  }

  @Test
  void analyzeJsonReadsBack() throws Exception {
    var r = run("analyze", storm("bad-config"), "-o", "json", "--max-amplification", "30");

    assertThat(r.code()).isZero();
    var json = ArchitectureFiles.json().readTree(r.out());
    assertThat(json.get("maxAmplification").asInt()).isEqualTo(30);
    assertThat(json.get("paths").get(0).get("worstCaseMs").asLong()).isEqualTo(6000);
    assertThat(json.get("warnings")).hasSize(2);
  }

  @Test
  void analyzeRejectsAZeroThreshold() {
    var r = run("analyze", storm("bad-config"), "--max-amplification", "0");

    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err()).contains("--max-amplification");
  }

  @Test
  void analyzeOfAnInvalidFileExits2() {
    var r = run("analyze", Path.of("no-such-file.yaml").toString());

    assertThat(r.code()).isEqualTo(2);
  }
}
