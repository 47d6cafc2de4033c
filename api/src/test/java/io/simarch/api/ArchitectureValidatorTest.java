package io.simarch.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.simarch.api.model.ArchitectureFiles;
import io.simarch.api.model.ArchitectureValidator;
import io.simarch.api.model.Problem;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Each bad input gives its own problem, naming the field, the value and a fix. */
class ArchitectureValidatorTest {
  private static final String HEAD =
      "apiVersion: simarch.io/v1alpha1\nkind: SimulatedArchitecture\nmetadata: {name: t}\nspec:\n";
  private static final String OK_SERVICES =
      """
        services:
          - {name: db, package: store, count: 2, regions: 1, dependencies: [db]}
          - {name: app, package: monolith, count: 3, regions: 1, dependencies: [db]}
          - {name: www, package: denominator, count: 0, regions: 0, dependencies: [app]}
      """;

  static Stream<Arguments> badSpecs() {
    return Stream.of(
        Arguments.of(
            "unknown package",
            "  services:\n    - {name: a, package: mainframe}\n",
            "spec.services[0].package",
            "mainframe",
            "Unknown package name in architecture: mainframe"),
        Arguments.of(
            "duplicate service name",
            "  services:\n    - {name: a, package: store}\n    - {name: a, package: store}\n",
            "spec.services[1].name",
            "a",
            "Duplicate service name in architecture: a"),
        Arguments.of(
            "unknown dependency",
            "  services:\n    - {name: a, package: monolith, dependencies: [nowhere]}\n",
            "spec.services[0].dependencies[0]",
            "nowhere",
            "Unknown dependency name in architecture: nowhere"),
        Arguments.of(
            "name collision after DNS mapping",
            "  services:\n    - {name: cassSubscriber, package: store}\n"
                + "    - {name: cass-subscriber, package: store}\n",
            "spec.services[1].name",
            "cass-subscriber",
            "maps to the Kubernetes name 'cass-subscriber'"),
        Arguments.of(
            "name too long once prefixed",
            "  services:\n    - {name: aVeryLongServiceNameThatNoClusterCanHold, package: store}\n",
            "spec.services[0].name",
            "aVeryLongServiceNameThatNoClusterCanHold",
            "is too long once prefixed"),
        Arguments.of(
            "victim that names no service",
            "  victim: ghost\n  services:\n    - {name: a, package: store}\n",
            "spec.victim",
            "ghost",
            "names no service"),
        Arguments.of(
            "negative count",
            "  services:\n    - {name: a, package: store, count: -3}\n",
            "spec.services[0].count",
            "-3",
            "must be 0 or more"),
        Arguments.of(
            "negative regions",
            "  services:\n    - {name: a, package: store, regions: -1}\n",
            "spec.services[0].regions",
            "-1",
            "must be 0 or more"),
        Arguments.of(
            "absurd count",
            "  services:\n    - {name: a, package: store, count: 50000}\n",
            "spec.services[0].count",
            "50000",
            "is more than the 10000 instances allowed"),
        Arguments.of(
            "more than 10000 instances in total",
            "  services:\n    - {name: a, package: store, count: 6000, regions: 2}\n",
            "spec.services",
            "12000 instances",
            "resolve to more than the 10000 instances allowed"),
        Arguments.of(
            "more regions than region names",
            "  topology: {replicateRegions: 4, regionNames: [a, b]}\n"
                + "  services:\n    - {name: a, package: store}\n",
            "spec.services[0].regions",
            "1",
            "needs 4 regions"),
        Arguments.of(
            "bad timeout duration",
            "  callPolicy: {timeout: 2 seconds}\n  services:\n    - {name: a, package: store}\n",
            "spec.callPolicy.timeout",
            "2 seconds",
            "is not a duration"),
        Arguments.of(
            "bad traffic interval",
            "  traffic: {interval: 10}\n  services:\n    - {name: a, package: store}\n",
            "spec.traffic.interval",
            "10",
            "is not a duration"),
        Arguments.of(
            "traffic interval out of range",
            "  traffic: {interval: 2h}\n  services:\n    - {name: a, package: store}\n",
            "spec.traffic.interval",
            "2h",
            "must be between 100us and 1h"),
        Arguments.of(
            "bad per-dependency duration",
            "  services:\n    - {name: a, package: store}\n"
                + "    - {name: b, package: monolith, dependencies: [a],"
                + " dependencyPolicies: {a: {timeout: soon}}}\n",
            "spec.services[1].dependencyPolicies.a.timeout",
            "soon",
            "is not a duration"),
        Arguments.of(
            "policy for a service that is not a dependency",
            "  services:\n    - {name: a, package: store}\n"
                + "    - {name: b, package: monolith, dependencyPolicies: {a: {retries: 1}}}\n",
            "spec.services[1].dependencyPolicies.a",
            "a",
            "is not a dependency of b"),
        Arguments.of(
            "unknown retry mode",
            "  callPolicy: {retryMode: sometimes}\n  services:\n    - {name: a, package: store}\n",
            "spec.callPolicy.retryMode",
            "sometimes",
            "is not a retry mode"),
        Arguments.of(
            "dependency cycle",
            "  services:\n    - {name: a, package: monolith, dependencies: [b]}\n"
                + "    - {name: b, package: karyon, dependencies: [c]}\n"
                + "    - {name: c, package: zuul, dependencies: [a]}\n",
            "spec.services[2].dependencies",
            "a → b → c → a",
            "form a request cycle"),
        Arguments.of("empty service list", "  services: []\n", "spec.services", null, "is empty"),
        Arguments.of(
            "error rate above one",
            "  behavior: {errorRate: 5}\n  services:\n    - {name: a, package: store}\n",
            "spec.behavior.errorRate",
            "5.0",
            "must be a fraction between 0 and 1"),
        Arguments.of(
            "lognormal p99 below p50",
            "  behavior: {latency: {distribution: lognormal, p50: 10ms, p99: 5ms}}\n"
                + "  services:\n    - {name: a, package: store}\n",
            "spec.behavior.latency.p99",
            "5ms",
            "must be greater than p50"),
        Arguments.of(
            "chaos victim unknown",
            "  chaos: {victims: [ghost]}\n  services:\n    - {name: a, package: store}\n",
            "spec.chaos.victims[0]",
            "ghost",
            "names no service"),
        Arguments.of(
            "chaos interval below one second",
            "  chaos: {interval: 200ms}\n  services:\n    - {name: a, package: store}\n",
            "spec.chaos.interval",
            "200ms",
            "is below the 1s minimum"),
        Arguments.of(
            "negative maxKills",
            "  chaos: {maxKills: -1}\n  services:\n    - {name: a, package: store}\n",
            "spec.chaos.maxKills",
            "-1",
            "must be 0 or more"),
        Arguments.of(
            "chaos zone that does not exist",
            "  chaos: {mode: zone-outage, zone: zoneQ}\n  services:\n    - {name: a, package: store}\n",
            "spec.chaos.zone",
            "zoneQ",
            "is not a zone of this architecture"),
        Arguments.of(
            "chaos region that does not exist",
            "  chaos: {mode: region-outage, region: mars-1}\n"
                + "  services:\n    - {name: a, package: store}\n",
            "spec.chaos.region",
            "mars-1",
            "is not a region of this architecture"),
        Arguments.of(
            "quiet time that is not a range",
            "  chaos: {quietTimes: {timesOfDay: [late]}}\n  services:\n    - {name: a, package: store}\n",
            "spec.chaos.quietTimes.timesOfDay[0]",
            "late",
            "is not a time range"),
        Arguments.of(
            "tracing endpoint that is not a URL",
            "  tracing: {endpoint: 'collector:4318'}\n  services:\n    - {name: a, package: store}\n",
            "spec.tracing.endpoint",
            "collector:4318",
            "is not an http(s) URL"),
        Arguments.of(
            "reserved service name",
            "  services:\n    - {name: eureka, package: store}\n",
            "spec.services[0].name",
            "eureka",
            "is reserved"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("badSpecs")
  void reportsTheFieldTheValueAndAFix(
      String title, String specBody, String path, String value, String message) {
    var loaded = ArchitectureFiles.parse(HEAD + specBody, title);
    assertThat(loaded.problems()).as("parses").isEmpty();

    List<Problem> problems = ArchitectureValidator.validate(loaded.resource());

    assertThat(problems)
        .as("problems of %s", title)
        .anySatisfy(
            p -> {
              assertThat(p.path()).isEqualTo(path);
              assertThat(p.value()).isEqualTo(value);
              assertThat(p.message()).contains(message);
              assertThat(p.fix()).isNotBlank();
            });
  }

  @Test
  void acceptsAValidArchitecture() {
    var loaded = ArchitectureFiles.parse(HEAD + "  victim: app\n" + OK_SERVICES, "ok");

    assertThat(ArchitectureValidator.validate(loaded.resource())).isEmpty();
  }

  @Test
  void allowsMoreThan10000InstancesWhenRaisedExplicitly() {
    var loaded =
        ArchitectureFiles.parse(
            HEAD
                + "  maxInstances: 20000\n  services:\n    - {name: a, package: store, count: 12000}\n",
            "big");

    assertThat(ArchitectureValidator.validate(loaded.resource())).isEmpty();
  }

  @Test
  void selfDependencyIsReplicationNotACycle() {
    var loaded =
        ArchitectureFiles.parse(
            HEAD
                + "  services:\n    - {name: a, package: priamCassandra, dependencies: [a, eureka]}\n",
            "self");

    assertThat(ArchitectureValidator.validate(loaded.resource())).isEmpty();
  }

  @Test
  void aStoresDependencyCarriesNoRequestsSoItCannotCloseACycle() {
    // composeV2: db (staash) -> db-data (store) -> db; a store never forwards a request
    var loaded =
        ArchitectureFiles.parse(
            HEAD
                + "  services:\n    - {name: db, package: staash, dependencies: [db-data]}\n"
                + "    - {name: db-data, package: store, dependencies: [db]}\n",
            "compose");

    assertThat(ArchitectureValidator.validate(loaded.resource())).isEmpty();
  }

  @Test
  void reportsEveryProblemNotOnlyTheFirst() {
    var loaded =
        ArchitectureFiles.parse(
            HEAD
                + "  victim: ghost\n  services:\n    - {name: a, package: mainframe, count: -1}\n"
                + "    - {name: a, package: store, dependencies: [nowhere]}\n",
            "many");

    assertThat(ArchitectureValidator.validate(loaded.resource()))
        .extracting(Problem::path)
        .contains(
            "spec.services[0].package",
            "spec.services[0].count",
            "spec.services[1].name",
            "spec.victim");
  }

  static Stream<Arguments> malformed() {
    return Stream.of(
        Arguments.of("broken YAML", HEAD + "  services: [\n", "is not valid YAML or JSON"),
        Arguments.of("broken JSON", "{\"arch\": \"x\", \"services\": [", "is not valid JSON"),
        Arguments.of("not an object", "- just\n- a list\n", "holds no architecture object"),
        Arguments.of(
            "unknown field",
            HEAD + "  servicez: []\n",
            "is not a field of SimulatedArchitectureSpec"),
        Arguments.of(
            "wrong kind",
            "apiVersion: simarch.io/v1alpha1\nkind: Deployment\nmetadata: {name: x}\n",
            "is not SimulatedArchitecture"),
        Arguments.of(
            "wrong type",
            HEAD + "  services: [{name: a, package: store, count: many}]\n",
            "has the wrong type"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("malformed")
  void malformedInputIsAProblemNotACrash(String title, String text, String message) {
    var loaded = ArchitectureFiles.parse(text, "input.yaml");

    assertThat(loaded.ok()).isFalse();
    assertThat(loaded.problems())
        .singleElement()
        .satisfies(p -> assertThat(p.message()).contains(message));
  }

  static Stream<Arguments> spigoFixtures() {
    return Stream.of(
        Arguments.of("testBadPackage_arch.json", "Unknown package name in architecture: unknown"),
        Arguments.of(
            "testDuplicate_arch.json", "Duplicate service name in architecture: signup-node"),
        Arguments.of(
            "testMissingDep_arch.json", "Unknown dependency name in architecture: missing"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("spigoFixtures")
  void spigosOwnFixturesFailAsSpigoDoes(String file, String spigoMessage) {
    var loaded =
        ArchitectureFiles.load(
            Repo.spigoArch().resolve("tooling-architecture-tests").resolve(file));

    assertThat(loaded.problems()).isEmpty();
    assertThat(ArchitectureValidator.validate(loaded.resource()))
        .singleElement()
        .satisfies(p -> assertThat(p.message()).startsWith(spigoMessage));
  }

  @Test
  void spigosValidFixturePasses() {
    var loaded =
        ArchitectureFiles.load(
            Repo.spigoArch().resolve("tooling-architecture-tests/test_arch.json"));

    assertThat(ArchitectureValidator.validate(loaded.resource())).isEmpty();
  }
}
