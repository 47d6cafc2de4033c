package io.simarch.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.simarch.api.model.ArchitectureFiles;
import io.simarch.api.model.Planner;
import io.simarch.api.model.StubConfig;
import io.simarch.api.model.StubConfigs;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class StubConfigsTest {
  @ParameterizedTest(name = "{0}: {1} generates traffic: {2}")
  @CsvSource({
    "lamp_arch.json, www, true",
    "lamp_arch.json, webserver, false",
    // spigo sends the traffic start to the last service; only a denominator acts on it
    "testyaml_arch.json, db, false",
    "composeV2_arch.json, db-data, false",
    "netflix_arch.json, api, true",
  })
  void onlyADenominatorRootGeneratesTraffic(String file, String service, boolean traffic) {
    var arch = ArchitectureFiles.load(Repo.spigoArch().resolve(file)).resource();
    var plan = Planner.plan(arch.getMetadata().getName(), arch.getSpec());

    StubConfig c =
        StubConfigs.forService(
            arch.getSpec(), plan, service, dep -> StubConfig.Discovery.of(List.of()));

    assertThat(c.traffic() != null).isEqualTo(traffic);
  }
}
