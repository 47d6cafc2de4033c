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
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

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

  @ParameterizedTest
  @org.junit.jupiter.params.provider.ValueSource(
      strings = {"lambda", "apigateway", "dynamodb", "kinesis"})
  void aServerlessConfigRoundTripsWithItsSettings(String pkg) throws Exception {
    StubConfig config = TestArch.arch("cfg").service("x", pkg, 1).configs().get("x00");
    assertThat(config.faas()).isNotNull();
    assertThat(ConfigValidator.validate(config)).isEmpty();
    assertThat(ConfigLoader.parse(ConfigLoader.json().writeValueAsString(config)))
        .isEqualTo(config);
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

  private static ObjectNode policy0(ObjectNode json) {
    return (ObjectNode) dep0(json).get("policy");
  }

  /**
   * Settings that keep an architecture field's unit break that field's rule in the CRD schema:
   * exactly one problem each, naming the setting, the value and the fix.
   */
  static Stream<Arguments> fieldsOfTheSpec() {
    return Stream.of(
        Arguments.of(
            (Consumer<ObjectNode>) j -> j.put("package", "mainframe"),
            "package",
            "'mainframe' must be one of denominator, elb, zuul, karyon, monolith, staash, store,"
                + " cache, volume, priamCassandra, riak, apigateway, lambda, dynamodb, s3 or kinesis; fix: use one of them"),
        Arguments.of(
            (Consumer<ObjectNode>) j -> dep0(j).put("package", "mainframe"),
            "dependencies[0].package",
            "'mainframe' must be one of"),
        Arguments.of(
            (Consumer<ObjectNode>) j -> policy0(j).remove("retryMode"),
            "dependencies[0].policy.retryMode",
            "'' must be one of none, immediate or failover; fix: use one of them"),
        Arguments.of(
            (Consumer<ObjectNode>) j -> policy0(j).put("retries", 11),
            "dependencies[0].policy.retries",
            "'11' must be between 0 and 10; fix: use a value from 0 to 10"),
        Arguments.of(
            (Consumer<ObjectNode>)
                j -> ((ObjectNode) policy0(j).get("backoff")).put("multiplier", 0.5),
            "dependencies[0].policy.backoff.multiplier",
            "'0.5' must be between 1 and 10; fix: use a value from 1 to 10"),
        Arguments.of(
            (Consumer<ObjectNode>)
                j -> ((ObjectNode) policy0(j).get("backoff")).put("multiplier", 50),
            "dependencies[0].policy.backoff.multiplier",
            "'50.0' must be between 1 and 10"),
        Arguments.of(
            (Consumer<ObjectNode>) j -> ((ObjectNode) policy0(j).get("backoff")).put("jitter", 2),
            "dependencies[0].policy.backoff.jitter",
            "'2.0' must be between 0 and 1"),
        Arguments.of(
            (Consumer<ObjectNode>)
                j ->
                    ((ObjectNode) policy0(j).get("circuitBreaker"))
                        .put("enabled", true)
                        .put("failureRateThreshold", 0),
            "dependencies[0].policy.circuitBreaker.failureRateThreshold",
            "'0' must be between 1 and 100"),
        Arguments.of(
            (Consumer<ObjectNode>) j -> j.putObject("behavior").put("errorRate", 2),
            "behavior.errorRate",
            "'2.0' must be between 0 and 1; fix: use a value from 0 to 1"),
        Arguments.of(
            (Consumer<ObjectNode>) j -> j.putObject("behavior").put("responseSize", -1),
            "behavior.responseSize",
            "'-1' must be between 0 and 10485760"),
        Arguments.of(
            (Consumer<ObjectNode>)
                j -> j.putObject("behavior").putObject("latency").put("distribution", "uniform"),
            "behavior.latency.distribution",
            "'uniform' must be one of fixed, normal or lognormal; fix: use one of them"),
        Arguments.of(
            (Consumer<ObjectNode>)
                j ->
                    j.putObject("faas")
                        .putObject("function")
                        .put("memoryMb", 64)
                        .put("concurrency", 1),
            "faas.function.memoryMb",
            "'64' must be between 128 and 10240"),
        Arguments.of(
            (Consumer<ObjectNode>)
                j ->
                    j.putObject("faas")
                        .putObject("table")
                        .put("provisioned", true)
                        .put("readCapacity", 0)
                        .put("writeCapacity", 1),
            "faas.table.readCapacity",
            "'0' must be between 1 and 1000000"),
        Arguments.of(
            (Consumer<ObjectNode>)
                j -> j.putObject("tracing").put("enabled", true).put("sampling", 3),
            "tracing.sampling",
            "'3.0' must be between 0 and 1"));
  }

  @ParameterizedTest(name = "{1}")
  @MethodSource("fieldsOfTheSpec")
  void aSettingThatCarriesASpecFieldBreaksThatFieldsRule(
      Consumer<ObjectNode> change, String setting, String text) {
    StubConfig config = ConfigLoader.parse(json(change));

    assertThat(ConfigValidator.validate(config))
        .singleElement()
        .satisfies(
            p -> {
              assertThat(p.setting()).isEqualTo(setting);
              assertThat(p.message()).startsWith(text);
            });
    rejects(change, setting, text);
  }

  @Test
  void invalidDurationsAreNamed() {
    rejects(
        j -> ((ObjectNode) dep0(j).get("policy")).put("timeoutMs", "2s"),
        "dependencies[0].policy.timeoutMs",
        "'2s' is not a valid long");
    rejects(
        j -> ((ObjectNode) dep0(j).get("policy").get("backoff")).put("maxMs", -1),
        "dependencies[0].policy.backoff.maxMs",
        "must not be negative");
    rejects(
        j -> ((ObjectNode) dep0(j).get("policy")).put("deadlineMs", -1),
        "dependencies[0].policy.deadlineMs",
        "must not be negative");
  }

  @Test
  void otherBadValuesAreNamed() {
    rejects(
        j -> ((ObjectNode) dep0(j).get("policy")).put("retryMode", "sometimes"),
        "dependencies[0].policy.retryMode",
        "");
    rejects(j -> j.put("colour", "red"), "colour", "unknown setting");
    rejects(
        j -> j.putObject("behavior").putObject("latency").put("meanMs", -3),
        "behavior.latency.meanMs",
        "must not be negative");
  }
}
