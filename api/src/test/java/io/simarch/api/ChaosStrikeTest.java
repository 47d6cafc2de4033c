package io.simarch.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.simarch.api.model.ChaosStrike;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.stream.IntStream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ChaosStrikeTest {
  record Victim(String name, String region, String zone) {}

  // two regions, two zones each; web02 is alone in us-west-2/zoneB
  private static final List<Victim> ALIVE =
      List.of(
          new Victim("web00", "us-east-1", "zoneA"),
          new Victim("web01", "us-east-1", "zoneB"),
          new Victim("web03", "us-east-1", "zoneA"),
          new Victim("web02", "us-west-2", "zoneB"),
          new Victim("web04", "us-west-2", "zoneC"));

  private static final ChaosStrike<Victim> STRIKE =
      new ChaosStrike<>(v -> ChaosStrike.Place.of("t", "web", v.region(), v.zone(), v.name()));

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        // mode         | zone  | region    | scope     | victims
        "zone-outage    | zoneA |           | zoneA     | web00 web03",
        "zone-outage    | zoneB |           | zoneB     | web01 web02",
        "region-outage  |       | us-west-2 | us-west-2 | web02 web04",
        // ordered by cell (service, region, zone), then name
        "region-outage  |       | us-east-1 | us-east-1 | web00 web03 web01",
        "zone-outage    | zoneX |           | zoneX     |",
      })
  void outagesTakeEveryVictimOfTheNamedPlace(
      String mode, String zone, String region, String scope, String victims) {
    var targets = STRIKE.choose(mode, zone, region, ALIVE, new Random(1));

    assertThat(targets.scope()).isEqualTo(scope);
    assertThat(targets.victims().stream().map(Victim::name))
        .containsExactlyElementsOf(victims == null ? List.of() : Arrays.asList(victims.split(" ")));
  }

  @ParameterizedTest
  @CsvSource({"zone-outage", "region-outage"})
  void anUnnamedOutagePicksOnePlaceThatHasVictimsAndTakesAllOfIt(String mode) {
    for (int seed = 0; seed < 50; seed++) {
      var targets = STRIKE.choose(mode, null, null, ALIVE, new Random(seed));

      var in =
          ALIVE.stream()
              .filter(
                  v -> (mode.equals("zone-outage") ? v.zone() : v.region()).equals(targets.scope()))
              .toList();
      assertThat(targets.victims()).isNotEmpty().containsExactlyInAnyOrderElementsOf(in);
    }
  }

  @ParameterizedTest
  @CsvSource({"delete", "kill"})
  void deleteAndKillTakeOneVictimAndASeedReplaysTheSameOnes(String mode) {
    var first =
        IntStream.range(0, 20)
            .mapToObj(seed -> STRIKE.choose(mode, null, null, ALIVE, new Random(seed)))
            .toList();
    var again =
        IntStream.range(0, 20)
            .mapToObj(seed -> STRIKE.choose(mode, null, null, ALIVE, new Random(seed)))
            .toList();

    assertThat(first).allSatisfy(t -> assertThat(t.victims()).hasSize(1));
    assertThat(first).isEqualTo(again);
    // over 20 seeds a uniform pick reaches more than one victim
    assertThat(first.stream().map(t -> t.victims().get(0)).distinct().count()).isGreaterThan(1);
  }

  @ParameterizedTest
  @CsvSource({"delete", "kill", "zone-outage", "region-outage"})
  void noVictimNoStrike(String mode) {
    assertThat(STRIKE.choose(mode, null, null, List.of(), new Random(1)).isEmpty()).isTrue();
  }

  /** The order the runtime lists its victims in (pods come in no order) makes no difference. */
  @ParameterizedTest
  @CsvSource({"delete", "kill", "zone-outage", "region-outage"})
  void theOrderVictimsComeInDoesNotChangeTheStrike(String mode) {
    for (int seed = 0; seed < 20; seed++) {
      var shuffled = new ArrayList<>(ALIVE);
      Collections.shuffle(shuffled, new Random(seed + 100));

      assertThat(STRIKE.choose(mode, null, null, shuffled, new Random(seed)))
          .isEqualTo(STRIKE.choose(mode, null, null, ALIVE, new Random(seed)));
    }
  }
}
