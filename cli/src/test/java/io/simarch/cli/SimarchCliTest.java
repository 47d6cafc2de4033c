package io.simarch.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.simarch.api.model.ArchitectureFiles;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The CLI in process: output, error messages and exit codes. */
class SimarchCliTest {
  record Result(int code, String out, String err) {}

  static Result run(String... args) {
    var out = new StringWriter();
    var err = new StringWriter();
    var cl = Simarch.commandLine();
    cl.setOut(new PrintWriter(out));
    cl.setErr(new PrintWriter(err));
    int code = cl.execute(args);
    return new Result(code, out.toString(), err.toString());
  }

  static Path repo() {
    for (Path d = Path.of("").toAbsolutePath(); d != null; d = d.getParent()) {
      if (Files.isDirectory(d.resolve("examples")) && Files.exists(d.resolve("pom.xml"))) {
        return d;
      }
    }
    throw new IllegalStateException("no repository root");
  }

  static Path spigo(String name) {
    return repo().resolve("examples/spigo-json").resolve(name);
  }

  @Test
  void convertPrintsAResourceThatReadsBack() {
    var r = run("convert", spigo("netflixoss_arch.json").toString());

    assertThat(r.code()).isZero();
    var back = ArchitectureFiles.parse(r.out(), "stdout");
    assertThat(back.ok()).isTrue();
    assertThat(back.resource().getMetadata().getName()).isEqualTo("netflixoss");
    assertThat(back.resource().getSpec().getVictim()).isEqualTo("homepage");
  }

  @Test
  void convertWritesIntoOutput(@TempDir Path dir) throws Exception {
    Path f = dir.resolve("lamp.yaml");

    var r = run("convert", spigo("lamp_arch.json").toString(), "--output", f.toString());

    assertThat(r.code()).isZero();
    assertThat(r.out()).isEmpty();
    assertThat(Files.readString(f)).contains("kind: SimulatedArchitecture").contains("webserver");
  }

  @Test
  void validatePrintsEveryProblemOfEveryFileAndExits2() {
    var r =
        run(
            "validate",
            spigo("tooling-architecture-tests/testBadPackage_arch.json").toString(),
            spigo("tooling-architecture-tests/testMissingDep_arch.json").toString(),
            spigo("lamp_arch.json").toString());

    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err())
        .contains("spec.services[2].package = \"unknown\": Unknown package name in architecture")
        .contains("spec.services[3].dependencies[2] = \"missing\": Unknown dependency name")
        .contains("fix:");
    assertThat(r.out()).contains("lamp_arch.json: valid");
  }

  static Stream<Arguments> badFields() {
    return Stream.of(
        Arguments.of(
            "  callPolicy: {retries: 11}\n",
            "spec.callPolicy.retries = \"11\": must be between 0 and 10; fix: use a value from 0 to"
                + " 10, or leave it out for the default 0"),
        Arguments.of(
            "  callPolicy: {backoff: {multiplier: 0.5}}\n",
            "spec.callPolicy.backoff.multiplier = \"0.5\": must be between 1 and 10; fix: use a"
                + " value from 1 to 10, or leave it out for the default 2"),
        Arguments.of(
            "  chaos: {mode: nuke}\n",
            "spec.chaos.mode = \"nuke\": must be one of delete, kill, zone-outage or region-outage;"
                + " fix: use one of them, or leave it out for the default delete"),
        Arguments.of(
            "  traffic: {interval: soon}\n",
            "spec.traffic.interval = \"soon\": is not a duration; fix: write it like 500ms, 2s or"
                + " 1m30s"),
        Arguments.of(
            "  behavior: {responseSize: lots}\n",
            "spec.behavior.responseSize = \"lots\": must be a whole number; fix: write it like 0"));
  }

  static Stream<Arguments> badFieldsInEveryCommand() {
    return badFields()
        .flatMap(
            a ->
                Stream.of("validate", "plan", "graph", "convert", "run")
                    .map(c -> Arguments.of(c, a.get()[0], a.get()[1])));
  }

  @ParameterizedTest(name = "{0}: {2}")
  @MethodSource("badFieldsInEveryCommand")
  void everyCommandThatLoadsAFileReportsABadFieldOnceAndExits2(
      String command, String field, String line, @TempDir Path dir) throws Exception {
    Path f = dir.resolve("bad.yaml");
    Files.writeString(
        f,
        "apiVersion: simarch.io/v1alpha1\nkind: SimulatedArchitecture\nmetadata: {name: bad}\n"
            + "spec:\n"
            + field
            + "  services:\n    - {name: db, package: store}\n"
            + "    - {name: www, package: denominator, dependencies: [db]}\n");

    var r = run(command, f.toString());

    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err()).contains(f + ": 1 problem\n  " + line);
  }

  @Test
  void aMissingFileIsBadInput() {
    var r = run("plan", "/nonexistent/arch.yaml");

    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err()).contains("/nonexistent/arch.yaml").contains("no such file");
  }

  @Test
  void planJsonHasInstancesAndEdgesForScripts() throws Exception {
    var r = run("plan", spigo("lamp_arch.json").toString(), "-o", "json");

    assertThat(r.code()).isZero();
    JsonNode plan = ArchitectureFiles.json().readTree(r.out());
    assertThat(plan.get("instances")).hasSize(23);
    JsonNode first = plan.get("instances").get(0);
    assertThat(first.get("name").asText()).isEqualTo("lamp.us-east-1.zoneA.rds-mysql00");
    assertThat(first.get("service").asText()).isEqualTo("rds-mysql");
    assertThat(first.get("package").asText()).isEqualTo("store");
    assertThat(first.get("region").asText()).isEqualTo("us-east-1");
    assertThat(first.get("zone").asText()).isEqualTo("zoneA");
    assertThat(plan.get("edges")).hasSize(4);
    assertThat(plan.get("edges").get(0).get("from").asText()).isEqualTo("webserver");
  }

  @Test
  void planScaleAndRegionsOverrideTheFile() throws Exception {
    var r =
        run(
            "plan",
            spigo("lamp_arch.json").toString(),
            "--scale",
            "50",
            "--regions",
            "2",
            "-o",
            "json");

    JsonNode plan = ArchitectureFiles.json().readTree(r.out());
    // webserver 18 -> 9 per region, 2 regions; stores 2 -> 1 and 1 -> 0 (cross-zone) per region
    assertThat(plan.get("instances")).hasSize(2 * (1 + 1 + 9 + 1) + 1);
  }

  @ParameterizedTest
  @ValueSource(strings = {"0", "-5"})
  void aBadScaleIsBadInputNamingTheField(String scale) {
    var r = run("plan", spigo("lamp_arch.json").toString(), "--scale", scale);

    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err()).contains("spec.scale = \"" + scale + "\"");
  }

  @ParameterizedTest
  @ValueSource(strings = {"-1", "65536"})
  void aUiPortOutOfRangeIsBadInputNamingTheOption(String port) {
    var r = run("run", "--ui", port, "--duration", "1s");

    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err()).contains("--ui " + port + ": not a port");
  }

  @Test
  void planTableListsNodes() {
    var r = run("plan", spigo("lamp_arch.json").toString());

    assertThat(r.out())
        .contains("architecture lamp: 5 services, 23 instances")
        .contains("lamp.us-east-1.zoneC.webserver17")
        .contains("webserver -> memcache");
  }

  @Test
  void graphDotNamesEveryServiceAndEdge() {
    var r = run("graph", spigo("netflixoss_arch.json").toString(), "--format", "dot");

    assertThat(r.code()).isZero();
    assertThat(r.out())
        .startsWith("digraph \"netflixoss\" {")
        .contains("\"wwwproxy\" -> \"homepage\";")
        .contains("\"cassSubscriber\" -> \"cassSubscriber\" [style=dashed");
  }

  @Test
  void graphJsonIsSpigosFormat() throws Exception {
    var r = run("graph", spigo("lamp_arch.json").toString(), "--format", "graphjson");

    JsonNode g = ArchitectureFiles.json().readTree(r.out());
    assertThat(g.get("arch").asText()).isEqualTo("lamp");
    assertThat(g.get("version").asText()).isEqualTo("spigo-0.4");
    long nodes =
        Stream.of(g.get("graph"))
            .flatMap(n -> Stream.of(toArray(n)))
            .filter(e -> e.has("node"))
            .count();
    long edges = Stream.of(toArray(g.get("graph"))).filter(e -> e.has("edge")).count();
    assertThat(nodes).isEqualTo(23);
    // www -> elb (1), elb -> 18 webservers, 18 webservers -> 3 store instances
    assertThat(edges).isEqualTo(1 + 18 + 18 * 3);
    assertThat(toArray(g.get("graph"))).allSatisfy(e -> assertThat(e.has("timestamp")).isTrue());
  }

  static Stream<String> subcommands() {
    return Stream.of("convert", "validate", "plan", "graph", "run");
  }

  @ParameterizedTest
  @MethodSource("subcommands")
  void everySubcommandHasHelp(String sub) {
    var r = run(sub, "--help");

    assertThat(r.code()).isZero();
    assertThat(r.out()).contains("Usage: simarch " + sub);
  }

  @Test
  void anUnknownOptionIsBadInput() {
    var r = run("plan", "x.yaml", "--frobnicate");

    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err()).contains("Unknown option");
  }

  private static JsonNode[] toArray(JsonNode array) {
    var out = new JsonNode[array.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = array.get(i);
    }
    return out;
  }
}
