package io.simarch.operator;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class LabelsTest {

  @ParameterizedTest(name = "region {0} zone {1} → {2} {3}")
  @CsvSource({
    "us-east-1, zoneA, us-east-1, zoneA",
    "us-east-1, *, us-east-1, any",
    "*, *, global, any",
    "'Europe (Paris)', 'zone_1.', europe-paris, zone-1",
  })
  void testRegionAndZoneLabelValues(
      String region, String zone, String regionLabel, String zoneLabel) {
    assertThat(Labels.region(region)).isEqualTo(regionLabel);
    assertThat(Labels.zone(zone)).isEqualTo(zoneLabel);
  }
}
