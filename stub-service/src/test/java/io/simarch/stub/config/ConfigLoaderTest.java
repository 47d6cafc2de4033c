package io.simarch.stub.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.simarch.api.model.RetryMode;
import io.simarch.api.model.StubConfig;
import io.simarch.stub.TestArch;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigLoaderTest {
  @TempDir Path dir;

  private static final StubConfig VALID =
      TestArch.arch("cfg")
          .policy(TestArch.policy(2000, 2, RetryMode.IMMEDIATE, true))
          .service("store", "store", 1)
          .service("monolith", "monolith", 1, "store")
          .configs()
          .get("monolith00");

  private static StubConfig valid() {
    return VALID;
  }

  private static String json(Consumer<ObjectNode> change) {
    ObjectNode node = ConfigLoader.json().valueToTree(valid());
    change.accept(node);
    return node.toString();
  }

  private static ObjectNode dep0(ObjectNode json) {
    return (ObjectNode) json.withArray("dependencies").get(0);
  }

  private static void rejects(Consumer<ObjectNode> change, String setting, String text) {
    assertThatThrownBy(() -> ConfigLoader.withIdentity(ConfigLoader.parse(json(change)), Map.of()))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining(text)
        .extracting(e -> ((ConfigException) e).setting())
        .isEqualTo(setting);
  }

  @Test
  void aValidConfigRoundTrips() {
    StubConfig parsed = ConfigLoader.parse(json(j -> {}));
    assertThat(parsed).isEqualTo(valid());
  }

  @Test
  void theIdentityComesFromTheEnvironmentWhenTheFileLeavesItOut() throws Exception {
    Path file = dir.resolve("stub.json");
    Files.writeString(
        file,
        json(
            j -> {
              j.remove("instance");
              j.remove("region");
              j.remove("zone");
            }));
    StubConfig c =
        ConfigLoader.fromEnvironment(
            Map.of(
                "SIMARCH_CONFIG",
                file.toString(),
                "HOSTNAME",
                "monolith-6c9d8",
                "SIMARCH_REGION",
                "eu-west-1",
                "SIMARCH_ZONE",
                "zoneC"));
    assertThat(c.instance()).isEqualTo("monolith-6c9d8");
    assertThat(c.region()).isEqualTo("eu-west-1");
    assertThat(c.zone()).isEqualTo("zoneC");
  }

  @Test
  void aMissingIdentityIsNamed() {
    rejects(j -> j.remove("zone"), "zone", "SIMARCH_ZONE");
  }

  @Test
  void aMissingFileIsNamed() {
    assertThatThrownBy(
            () ->
                ConfigLoader.fromEnvironment(
                    Map.of("SIMARCH_CONFIG", dir.resolve("absent.json").toString())))
        .hasMessageStartingWith("SIMARCH_CONFIG: no configuration file");
  }

  @Test
  void aMissingDependencyAddressIsNamed() {
    rejects(
        j -> dep0(j).remove("discovery"),
        "dependencies[0].discovery",
        "no address for dependency 'store'");
    rejects(
        j -> ((ObjectNode) dep0(j).get("discovery")).putNull("endpoints"),
        "dependencies[0].discovery",
        "set dns and port, or endpoints");
    rejects(
        j -> ((ObjectNode) dep0(j).get("discovery")).removeAll().put("dns", "store"),
        "dependencies[0].discovery.port",
        "needs a port");
    rejects(
        j -> ((ObjectNode) dep0(j).get("discovery").get("endpoints").get(0)).put("url", "store:80"),
        "dependencies[0].discovery.endpoints[0].url",
        "is not http://host:port");
  }

  @Test
  void anUnknownPackageIsNamed() {
    rejects(j -> j.put("package", "mainframe"), "package", "unknown package 'mainframe'");
    rejects(j -> dep0(j).put("package", "mainframe"), "dependencies[0].package", "unknown package");
  }

  @Test
  void invalidDurationsAreNamed() {
    rejects(
        j -> ((ObjectNode) dep0(j).get("policy")).put("timeoutMs", "2s"),
        "dependencies[0].policy.timeoutMs",
        "'2s' is not a valid long");
    rejects(
        j -> ((ObjectNode) dep0(j).get("policy")).put("timeoutMs", 0),
        "dependencies[0].policy.timeoutMs",
        "must be positive");
    rejects(
        j -> ((ObjectNode) dep0(j).get("policy").get("backoff")).put("maxMs", -1),
        "dependencies[0].policy.backoff.maxMs",
        "must be at least initialMs");
    rejects(
        j -> ((ObjectNode) dep0(j).get("policy")).put("deadlineMs", -1),
        "dependencies[0].policy.deadlineMs",
        "must be positive");
  }

  @Test
  void otherBadValuesAreNamed() {
    rejects(
        j -> ((ObjectNode) dep0(j).get("policy")).put("retryMode", "sometimes"),
        "dependencies[0].policy.retryMode",
        "");
    rejects(j -> j.put("colour", "red"), "colour", "unknown setting");
    rejects(
        j -> j.putObject("behavior").put("errorRate", 2).put("responseSize", 0),
        "behavior.errorRate",
        "between 0 and 1");
    rejects(
        j ->
            j.putObject("behavior")
                .put("errorRate", 0)
                .put("responseSize", 0)
                .putObject("latency")
                .put("distribution", "lognormal")
                .put("p50Ms", 10)
                .put("p99Ms", 5),
        "behavior.latency.p99Ms",
        "must exceed p50");
  }
}
