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

  /**
   * One bad field each: exactly one problem, naming the field, its value and the fix. Field rules
   * come from the CRD schema, the others from the graph rules; the table does not care which.
   */
  static Stream<Arguments> badSpecs() {
    return Stream.of(
        Arguments.of(
            "unknown package",
            "  services:\n    - {name: a, package: mainframe}\n",
            "spec.services[0].package = \"mainframe\": Unknown package name in architecture: mainframe; fix: use one of [denominator, elb, zuul, karyon, monolith, staash, store, cache, volume, priamCassandra, riak, apigateway, lambda, dynamodb, s3, kinesis]"),
        Arguments.of(
            "missing package",
            "  services:\n    - {name: a}\n",
            "spec.services[0].package: is missing; fix: set one of [denominator, elb, zuul, karyon, monolith, staash, store, cache,"
                + " volume, priamCassandra, riak, apigateway, lambda, dynamodb, s3, kinesis]"),
        Arguments.of(
            "missing service name",
            "  services:\n    - {package: store}\n",
            "spec.services[0].name: is missing; fix: add name: Service name, unique in the architecture"),
        Arguments.of(
            "service name with a space",
            "  services:\n    - {name: my db, package: store}\n",
            "spec.services[0].name = \"my db\": is not a valid service name; fix: use letters, digits, '-', '_' and '.', starting with a letter or digit"),
        Arguments.of(
            "duplicate service name",
            "  services:\n    - {name: a, package: store}\n    - {name: a, package: store}\n",
            "spec.services[1].name = \"a\": Duplicate service name in architecture: a (also spec.services[0].name); fix: rename one of the two services"),
        Arguments.of(
            "unknown dependency",
            "  services:\n    - {name: a, package: monolith, dependencies: [nowhere]}\n",
            "spec.services[0].dependencies[0] = \"nowhere\": Unknown dependency name in architecture: nowhere; fix: name one of the services [a] or remove it"),
        Arguments.of(
            "empty dependency",
            "  services:\n    - {name: a, package: monolith, dependencies: ['']}\n",
            "spec.services[0].dependencies[0] = \"\": is not a valid service name; fix: use letters, digits, '-', '_' and '.', starting with a letter or digit"),
        Arguments.of(
            "name collision after DNS mapping",
            "  services:\n    - {name: cassSubscriber, package: store}\n    - {name: cass-subscriber, package: store}\n",
            "spec.services[1].name = \"cass-subscriber\": maps to the Kubernetes name 'cass-subscriber', as spec.services[0].name 'cassSubscriber' does; fix: rename one so their DNS forms differ"),
        Arguments.of(
            "name too long once prefixed",
            "  services:\n    - {name: aVeryLongServiceNameThatNoClusterCanHold, package: store}\n",
            "spec.services[0].name = \"aVeryLongServiceNameThatNoClusterCanHold\": is too long once prefixed: 't-a-very-long-service-name-that-no-cluster-can-hold' has 51 characters, at most 38 fit Kubernetes names with their suffixes; fix: shorten the service name or metadata.name by 13"),
        Arguments.of(
            "victim that names no service",
            "  victim: ghost\n  services:\n    - {name: a, package: store}\n",
            "spec.victim = \"ghost\": names no service; fix: name one of [a], or leave it empty for no chaos"),
        Arguments.of(
            "negative count",
            "  services:\n    - {name: a, package: store, count: -3}\n",
            "spec.services[0].count = \"-3\": must be at least 0; fix: use 0 or more, or leave it out for the default 1"),
        Arguments.of(
            "negative regions",
            "  services:\n    - {name: a, package: store, regions: -1}\n",
            "spec.services[0].regions = \"-1\": must be at least 0; fix: use 0 or more"),
        Arguments.of(
            "absurd count",
            "  services:\n    - {name: a, package: store, count: 50000}\n",
            "spec.services[0].count = \"50000\": is more than the 10000 instances allowed; fix: lower it, or raise spec.maxInstances explicitly"),
        Arguments.of(
            "more than 10000 instances in total",
            "  services:\n    - {name: a, package: store, count: 6000, regions: 2}\n",
            "spec.services = \"12000 instances\": resolve to more than the 10000 instances allowed; fix: lower counts or spec.scale, or raise spec.maxInstances explicitly"),
        Arguments.of(
            "more regions than region names",
            "  topology: {replicateRegions: 4, regionNames: [a, b]}\n  services:\n    - {name: a, package: store}\n",
            "spec.services[0].regions = \"1\": needs 4 regions (× replicateRegions) but only 2 region names exist; fix: lower regions or add names to spec.topology.regionNames"),
        Arguments.of(
            "zero scale",
            "  scale: 0\n  services:\n    - {name: a, package: store}\n",
            "spec.scale = \"0\": must be between 1 and 100000; fix: use a value from 1 to 100000, or leave it out for the default 100"),
        Arguments.of(
            "zero maxInstances",
            "  maxInstances: 0\n  services:\n    - {name: a, package: store}\n",
            "spec.maxInstances = \"0\": must be at least 1; fix: use 1 or more, or leave it out for the"
                + " default 10000"),
        Arguments.of(
            "replicateRegions above 64",
            "  topology: {replicateRegions: 65}\n  services:\n    - {name: a, package: store}\n",
            "spec.topology.replicateRegions = \"65\": must be between 1 and 64; fix: use a value from 1 to 64, or leave it out for the default 1"),
        Arguments.of(
            "bad timeout duration",
            "  callPolicy: {timeout: 2 seconds}\n  services:\n    - {name: a, package: store}\n",
            "spec.callPolicy.timeout = \"2 seconds\": is not a duration; fix: write it like 500ms, 2s or 1m30s"),
        Arguments.of(
            "a duration too long to hold",
            "  chaos: {startDelay: 99999999999999h}\n  services:\n    - {name: a, package: store}\n",
            "spec.chaos.startDelay = \"99999999999999h\": is too long a duration; fix: write a"
                + " shorter one, like 500ms, 2s or 1h"),
        Arguments.of(
            "zero timeout",
            "  callPolicy: {timeout: 0s}\n  services:\n    - {name: a, package: store}\n",
            "spec.callPolicy.timeout = \"0s\": must be more than 0; fix: use e.g. 500ms"),
        Arguments.of(
            "bad traffic interval",
            "  traffic: {interval: 10}\n  services:\n    - {name: a, package: store}\n",
            "spec.traffic.interval = \"10\": is not a duration; fix: write it like 500ms, 2s or 1m30s"),
        Arguments.of(
            "traffic interval out of range",
            "  traffic: {interval: 2h}\n  services:\n    - {name: a, package: store}\n",
            "spec.traffic.interval = \"2h\": must be between 100us and 1h; fix: use e.g. 10ms (spigo's default)"),
        Arguments.of(
            "traffic rate above 10000",
            "  traffic: {rate: 20000}\n  services:\n    - {name: a, package: store}\n",
            "spec.traffic.rate = \"20000.0\": must be between 0 and 10000; fix: use a value from 0 to 10000"),
        Arguments.of(
            "request mix of nothing",
            "  traffic: {mix: {getKnown: 0, getRecent: 0, put: 0}}\n  services:\n    - {name: a, package: store}\n",
            "spec.traffic.mix = \"0, 0, 0\": weighs every request kind 0, so the root would send nothing; fix: give at least one of getKnown, getRecent and put a weight above 0"),
        Arguments.of(
            "bad per-dependency duration",
            "  services:\n    - {name: a, package: store}\n    - {name: b, package: monolith, dependencies: [a], dependencyPolicies: {a: {timeout: soon}}}\n",
            "spec.services[1].dependencyPolicies.a.timeout = \"soon\": is not a duration; fix: write it like 500ms, 2s or 1m30s"),
        Arguments.of(
            "policy for a service that is not a dependency",
            "  services:\n    - {name: a, package: store}\n    - {name: b, package: monolith, dependencyPolicies: {a: {retries: 1}}}\n",
            "spec.services[1].dependencyPolicies.a = \"a\": is not a dependency of b; fix: add it to dependencies or remove the policy"),
        Arguments.of(
            "unknown retry mode",
            "  callPolicy: {retryMode: sometimes}\n  services:\n    - {name: a, package: store}\n",
            "spec.callPolicy.retryMode = \"sometimes\": must be one of none, immediate or failover; fix: use one of them, or leave it out for the default none"),
        Arguments.of(
            "retries above 10",
            "  services:\n    - {name: a, package: store, callPolicy: {retries: 11}}\n",
            "spec.services[0].callPolicy.retries = \"11\": must be between 0 and 10; fix: use a value from 0 to 10, or leave it out for the default 0"),
        Arguments.of(
            "backoff multiplier below 1",
            "  callPolicy: {backoff: {multiplier: 0.5}}\n  services:\n    - {name: a, package: store}\n",
            "spec.callPolicy.backoff.multiplier = \"0.5\": must be between 1 and 10; fix: use a value from 1 to 10, or leave it out for the default 2"),
        Arguments.of(
            "backoff multiplier above 10",
            "  callPolicy: {backoff: {multiplier: 12}}\n  services:\n    - {name: a, package: store}\n",
            "spec.callPolicy.backoff.multiplier = \"12.0\": must be between 1 and 10; fix: use a value from 1 to 10, or leave it out for the default 2"),
        Arguments.of(
            "backoff jitter above 1",
            "  callPolicy: {backoff: {jitter: 1.5}}\n  services:\n    - {name: a, package: store}\n",
            "spec.callPolicy.backoff.jitter = \"1.5\": must be between 0 and 1; fix: use a value from 0 to 1, or leave it out for the default 0.2"),
        Arguments.of(
            "backoff max below initial",
            "  callPolicy: {backoff: {initial: 2s}}\n  services:\n    - {name: a, package: store}\n    - {name: b, package: monolith, dependencies: [a]}\n",
            "spec.callPolicy.backoff.max = \"1s\": is below backoff.initial (2s) for calls from b to a; fix: raise backoff.max to at least backoff.initial, or lower initial"),
        Arguments.of(
            "zero deadline",
            "  callPolicy: {budget: true, deadline: '0'}\n  services:\n    - {name: a, package: store}\n",
            "spec.callPolicy.deadline = \"0\": must be more than 0; fix: use e.g. 2s"),
        Arguments.of(
            "breaker threshold 0",
            "  callPolicy: {circuitBreaker: {failureRateThreshold: 0}}\n  services:\n    - {name: a, package: store}\n",
            "spec.callPolicy.circuitBreaker.failureRateThreshold = \"0\": must be between 1 and 100; fix: use a value from 1 to 100, or leave it out for the default 50"),
        Arguments.of(
            "breaker minimumCalls 0",
            "  callPolicy: {circuitBreaker: {minimumCalls: 0}}\n  services:\n    - {name: a, package: store}\n",
            "spec.callPolicy.circuitBreaker.minimumCalls = \"0\": must be at least 1; fix: use 1 or more, or leave it out for the default 10"),
        Arguments.of(
            "breaker open for no time",
            "  callPolicy: {circuitBreaker: {enabled: true, openDuration: 0s}}\n  services:\n    - {name: a, package: store}\n",
            "spec.callPolicy.circuitBreaker.openDuration = \"0s\": must be more than 0; fix: use e.g. 5s"),
        Arguments.of(
            "dependency cycle",
            "  services:\n    - {name: a, package: monolith, dependencies: [b]}\n    - {name: b, package: karyon, dependencies: [c]}\n    - {name: c, package: zuul, dependencies: [a]}\n",
            "spec.services[2].dependencies = \"a → b → c → a\": form a request cycle: requests would loop forever; fix: remove one of these dependencies (only a self-dependency, spigo's replication, may loop)"),
        Arguments.of(
            "empty service list",
            "  services: []\n",
            "spec.services: is empty; fix: add at least one entry"),
        Arguments.of(
            "error rate above one",
            "  behavior: {errorRate: 5}\n  services:\n    - {name: a, package: store}\n",
            "spec.behavior.errorRate = \"5.0\": must be between 0 and 1; fix: use a value from 0 to 1, or leave it out for the default 0"),
        Arguments.of(
            "negative response size",
            "  services:\n    - {name: a, package: store, behavior: {responseSize: -1}}\n",
            "spec.services[0].behavior.responseSize = \"-1\": must be between 0 and 10485760; fix: use a value from 0 to 10485760, or leave it out for the default 0"),
        Arguments.of(
            "unknown latency distribution",
            "  behavior: {latency: {distribution: uniform, mean: 1ms}}\n  services:\n    - {name: a, package: store}\n",
            "spec.behavior.latency.distribution = \"uniform\": must be one of fixed, normal or lognormal; fix: use one of them, or leave it out for the default fixed"),
        Arguments.of(
            "lognormal p99 below p50",
            "  behavior: {latency: {distribution: lognormal, p50: 10ms, p99: 5ms}}\n  services:\n    - {name: a, package: store}\n",
            "spec.behavior.latency.p99 = \"5ms\": must be greater than p50 (10ms), which must be more than 0; fix: raise p99 above p50"),
        Arguments.of(
            "lognormal with a bad p50",
            "  behavior: {latency: {distribution: lognormal, p50: ten, p99: 5ms}}\n  services:\n    - {name: a, package: store}\n",
            "spec.behavior.latency.p50 = \"ten\": is not a duration; fix: write it like 500ms, 2s or 1m30s"),
        Arguments.of(
            "chaos victim unknown",
            "  chaos: {victims: [ghost]}\n  services:\n    - {name: a, package: store}\n",
            "spec.chaos.victims[0] = \"ghost\": names no service; fix: name one of [a]"),
        Arguments.of(
            "chaos mode unknown",
            "  chaos: {mode: nuke}\n  services:\n    - {name: a, package: store}\n",
            "spec.chaos.mode = \"nuke\": must be one of delete, kill, zone-outage or region-outage; fix: use one of them,"
                + " or leave it out for the default delete"),
        Arguments.of(
            "chaos interval below one second",
            "  chaos: {interval: 200ms}\n  services:\n    - {name: a, package: store}\n",
            "spec.chaos.interval = \"200ms\": is below the 1s minimum between kills; fix: use 1s or more"),
        Arguments.of(
            "negative maxKills",
            "  chaos: {maxKills: -1}\n  services:\n    - {name: a, package: store}\n",
            "spec.chaos.maxKills = \"-1\": must be at least 0; fix: use 0 or more"),
        Arguments.of(
            "chaos zone that does not exist",
            "  chaos: {mode: zone-outage, zone: zoneQ}\n  services:\n    - {name: a, package: store}\n",
            "spec.chaos.zone = \"zoneQ\": is not a zone of this architecture; fix: use one of [zoneA]"),
        Arguments.of(
            "chaos region that does not exist",
            "  chaos: {mode: region-outage, region: mars-1}\n  services:\n    - {name: a, package: store}\n",
            "spec.chaos.region = \"mars-1\": is not a region of this architecture; fix: use one of [us-east-1]"),
        Arguments.of(
            "quiet time that is not a range",
            "  chaos: {quietTimes: {timesOfDay: [late]}}\n  services:\n    - {name: a, package: store}\n",
            "spec.chaos.quietTimes.timesOfDay[0] = \"late\": is not a time range; fix: write it like 22:00-08:00"),
        Arguments.of(
            "quiet weekday that is not a weekday",
            "  chaos: {quietTimes: {weekdays: [Mon, Someday]}}\n  services:\n    - {name: a, package: store}\n",
            "spec.chaos.quietTimes.weekdays[1] = \"Someday\": must be one of Mon, Tue, Wed, Thu, Fri, Sat or Sun; fix: use one of them"),
        Arguments.of(
            "quiet time zone unknown",
            "  chaos: {quietTimes: {timeZone: Mars/Olympus}}\n  services:\n    - {name: a, package: store}\n",
            "spec.chaos.quietTimes.timeZone = \"Mars/Olympus\": is not a time zone; fix: use an IANA name like Europe/Berlin or UTC"),
        Arguments.of(
            "fault error rate above one",
            "  chaos: {fault: {errorRate: 2}}\n  services:\n    - {name: a, package: store}\n",
            "spec.chaos.fault.errorRate = \"2.0\": must be between 0 and 1; fix: use a value from 0 to 1"),
        Arguments.of(
            "tracing endpoint that is not a URL",
            "  tracing: {endpoint: 'collector:4318'}\n  services:\n    - {name: a, package: store}\n",
            "spec.tracing.endpoint = \"collector:4318\": is not an http(s) URL; fix: write it like http://otel-collector:4318"),
        Arguments.of(
            "tracing sampling above one",
            "  tracing: {sampling: 2}\n  services:\n    - {name: a, package: store}\n",
            "spec.tracing.sampling = \"2.0\": must be between 0 and 1; fix: use a value from 0 to 1, or leave it out for the default 1"),
        Arguments.of(
            "tracing protocol unknown",
            "  tracing: {protocol: thrift}\n  services:\n    - {name: a, package: store}\n",
            "spec.tracing.protocol = \"thrift\": must be one of http/protobuf, grpc or zipkin; fix: use one of them"),
        Arguments.of(
            "image pull policy unknown",
            "  stub: {imagePullPolicy: Sometimes}\n  services:\n    - {name: a, package: store}\n",
            "spec.stub.imagePullPolicy = \"Sometimes\": must be one of Always, IfNotPresent or Never; fix: use one of them, or leave it out for the default IfNotPresent"),
        Arguments.of(
            "stub jit unknown",
            "  stub: {jit: graal}\n  services:\n    - {name: a, package: store}\n",
            "spec.stub.jit = \"graal\": must be one of c1 or c2; fix: use one of them, or leave it out for the default c1"),
        Arguments.of(
            "function settings on a store",
            "  services:\n    - {name: a, package: store, function: {memoryMb: 512}}\n",
            "spec.services[0].function: is only read for package lambda, and this service is store; fix: remove it, or set package: lambda"),
        Arguments.of(
            "function memory below AWS's smallest",
            "  services:\n    - {name: a, package: lambda, function: {memoryMb: 64}}\n",
            "spec.services[0].function.memoryMb = \"64\": must be between 128 and 10240; fix: use a value from 128 to 10240, or leave it out for the default 128"),
        Arguments.of(
            "cold start lognormal without p99",
            "  services:\n    - {name: a, package: lambda, function: {coldStart: {distribution: lognormal, p50: 200ms}}}\n",
            "spec.services[0].function.coldStart: a lognormal distribution needs p50 and p99; fix: set e.g. p50: 10ms and p99: 80ms"),
        Arguments.of(
            "gateway rate limit of zero",
            "  services:\n    - {name: a, package: apigateway, gateway: {rateLimit: 0}}\n",
            "spec.services[0].gateway.rateLimit = \"0.0\": must be between 0.001 and 1000000; fix: use a value from 0.001 to 1000000"),
        Arguments.of(
            "table mode unknown",
            "  services:\n    - {name: a, package: dynamodb, table: {mode: reserved}}\n",
            "spec.services[0].table.mode = \"reserved\": must be one of onDemand or provisioned; fix: use one of them, or leave it out for the default onDemand"),
        Arguments.of(
            "reserved service name",
            "  services:\n    - {name: eureka, package: store}\n",
            "spec.services[0].name = \"eureka\": is reserved: `eureka` is spigo's cross-region pseudo-dependency; fix: rename the service"),
        Arguments.of(
            "metadata name that is no label",
            null,
            "metadata.name = \"My_Arch\": is not a DNS-1123 label; fix: use lower-case letters, digits and '-', at most 63 characters"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("badSpecs")
  void reportsTheFieldTheValueAndAFixOncePerBadField(String title, String specBody, String line) {
    String text =
        specBody == null
            ? HEAD.replace("{name: t}", "{name: My_Arch}") + OK_SERVICES
            : HEAD + specBody;
    var loaded = ArchitectureFiles.parse(text, title);
    assertThat(loaded.problems()).as("parses").isEmpty();

    List<Problem> problems = ArchitectureValidator.validate(loaded.resource());

    assertThat(problems)
        .as("problems of %s", title)
        .singleElement()
        .satisfies(
            p -> {
              assertThat(p).hasToString(line);
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
            "spec.services[0].count = \"many\": must be a whole number; fix: write it like 1"),
        Arguments.of(
            "wrong type in metadata",
            "apiVersion: simarch.io/v1alpha1\nkind: SimulatedArchitecture\nmetadata: {name: [x]}\nspec:\n"
                + OK_SERVICES,
            "has the wrong type"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("malformed")
  void malformedInputIsAProblemNotACrash(String title, String text, String message) {
    var loaded = ArchitectureFiles.parse(text, "input.yaml");

    assertThat(loaded.ok()).isFalse();
    assertThat(loaded.problems())
        .singleElement()
        .satisfies(p -> assertThat(p.toString()).contains(message));
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
