package io.simarch.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.simarch.api.model.Problem;
import io.simarch.api.model.SpecSchema;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The CRD's schema, read from the classpath, as the one statement of field rules. */
class SpecSchemaTest {
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

  private static ObjectNode spec(String yaml) throws IOException {
    return (ObjectNode) YAML.readTree(yaml);
  }

  @Test
  void kubernetesStructuralSchemaExtensionsAreTolerated() throws IOException {
    // resources are x-kubernetes-int-or-string quantities: both forms are valid
    var ok =
        spec(
            """
            services: [{name: a, package: store}]
            stub:
              resources:
                limits: {cpu: 500m, memory: 256Mi}
                requests: {cpu: 1}
            """);

    assertThat(SpecSchema.check(ok)).isEmpty();
  }

  @Test
  void aQuantityOfTheWrongTypeIsOneProblem() throws IOException {
    var bad =
        spec(
            """
            services: [{name: a, package: store}]
            stub: {resources: {limits: {cpu: true}}}
            """);

    assertThat(SpecSchema.check(bad))
        .singleElement()
        .satisfies(
            p ->
                assertThat(p)
                    .hasToString(
                        "spec.stub.resources.limits.cpu = \"true\": must be a whole number or a"
                            + " quantity; fix: write it like 1, 500m or 256Mi"));
  }

  /** The JSON the stub reads at start is the CRD's own spec schema, whole and unchanged. */
  @Test
  void theSchemaReadAtStartIsTheCrdsSpec() throws IOException {
    JsonNode crd = YAML.readTree(SpecSchema.crd()).at(SpecSchema.SPEC_IN_CRD);
    try (var in = SpecSchema.class.getResourceAsStream(SpecSchema.SPEC_RESOURCE)) {
      assertThat(in).as(SpecSchema.SPEC_RESOURCE).isNotNull();
      JsonNode json = new ObjectMapper().readTree(in);
      assertThat(json.path("properties").size()).isGreaterThan(5);
      assertThat(json).isEqualTo(crd);
    }
  }

  /** Every field with a minimum or a maximum, found in the CRD itself, with a value beyond it. */
  static Stream<Arguments> boundedFields() throws IOException {
    JsonNode crd = YAML.readTree(SpecSchema.crd());
    JsonNode spec = crd.at(SpecSchema.SPEC_IN_CRD);
    List<Arguments> out = new ArrayList<>();
    collect(spec, "", out);
    assertThat(out).as("bounded fields in the CRD").hasSizeGreaterThan(15);
    return out.stream();
  }

  private static void collect(JsonNode schema, String path, List<Arguments> out) {
    if (schema.has("minimum")) {
      out.add(Arguments.of(path, schema.get("minimum").asDouble() - 1, schema));
    }
    if (schema.has("maximum")) {
      out.add(Arguments.of(path, schema.get("maximum").asDouble() + 1, schema));
    }
    for (Map.Entry<String, JsonNode> e : schema.path("properties").properties()) {
      collect(e.getValue(), path.isEmpty() ? e.getKey() : path + "." + e.getKey(), out);
    }
  }

  @ParameterizedTest(name = "{0} = {1}")
  @MethodSource("boundedFields")
  void aValueBeyondABoundIsOneProblemNamingPathValueAndFix(
      String field, double value, JsonNode schema) throws IOException {
    ObjectNode tree = spec("services: [{name: a, package: store}]\n");
    ObjectNode at = tree;
    String[] names = field.split("\\.");
    for (int i = 0; i < names.length - 1; i++) {
      at = at.has(names[i]) ? (ObjectNode) at.get(names[i]) : at.putObject(names[i]);
    }
    if (schema.path("type").asText().equals("integer")) {
      at.put(names[names.length - 1], (long) value);
    } else {
      at.put(names[names.length - 1], value);
    }

    List<Problem> problems = SpecSchema.check(tree);

    assertThat(problems)
        .singleElement()
        .satisfies(
            p -> {
              assertThat(p.path()).isEqualTo("spec." + field);
              assertThat(Double.parseDouble(p.value())).isEqualTo(value);
              assertThat(p.message()).startsWith("must be");
              assertThat(p.fix()).startsWith("use ");
            });
  }

  @Test
  void aSingleFieldIsCheckedByTheSameRule() {
    assertThat(SpecSchema.checkField("callPolicy.backoff.multiplier", "policy.multiplier", 0.5))
        .hasValueSatisfying(
            p ->
                assertThat(p)
                    .hasToString(
                        "policy.multiplier = \"0.5\": must be between 1 and 10; fix: use a value"
                            + " from 1 to 10"));
    assertThat(SpecSchema.checkField("callPolicy.backoff.multiplier", "m", 2.0)).isEmpty();
    assertThat(SpecSchema.checkField("services.package", "package", "mainframe")).isPresent();
    assertThat(SpecSchema.checkField("services.package", "package", "store")).isEmpty();
  }
}
