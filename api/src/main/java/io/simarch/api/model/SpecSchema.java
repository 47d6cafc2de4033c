package io.simarch.api.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.JsonMetaSchema;
import com.networknt.schema.JsonNodePath;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.NonValidationKeyword;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.ValidationMessage;
import com.networknt.schema.oas.OpenApi30;
import io.simarch.api.v1alpha1.Patterns;
import io.simarch.api.v1alpha1.SimulatedArchitectureSpec;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URL;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;

/**
 * The field rules of an architecture: the {@code spec} schema of the generated CRD (from the
 * {@code @Min}, {@code @Max}, {@code @Pattern}, {@code @Required}, {@code @Size} annotations of
 * {@code io.simarch.api.v1alpha1}), checked with a JSON-schema library and told in simarch's words:
 * the field's path, its value, and a fix derived from the schema keyword it breaks. The schema is
 * read from the classpath, where the build put it in this jar (crd-generator-maven-plugin's CRD,
 * its {@code spec} copied to JSON by {@code SpecSchemaJson}); the API server enforces the same
 * schema in a cluster.
 */
public final class SpecSchema {
  /** Where the api jar carries the generated CRD. */
  public static final String CRD_RESOURCE =
      "/META-INF/fabric8/simulatedarchitectures.simarch.io-v1.yml";

  /** Where the CRD keeps the {@code spec} schema. */
  public static final String SPEC_IN_CRD =
      "/spec/versions/0/schema/openAPIV3Schema/properties/spec";

  /** The CRD's {@code spec} schema as JSON, which {@code SpecSchemaJson} writes at build time. */
  public static final String SPEC_RESOURCE = "/META-INF/simarch/spec-schema.json";

  private static final JsonNode SPEC = load();
  private static final JsonSchemaFactory FACTORY = factory();
  private static final SchemaValidatorsConfig CONFIG =
      SchemaValidatorsConfig.builder().failFast(false).nullableKeywordEnabled(true).build();
  private static final Map<String, JsonSchema> FIELDS = new ConcurrentHashMap<>();
  private static final java.util.regex.Pattern ENUMERATION =
      java.util.regex.Pattern.compile("^\\^\\(([^()\\[\\]\\\\*+?]+)\\)\\$$");
  private static final java.util.regex.Pattern DEFAULT =
      java.util.regex.Pattern.compile("\\bDefault (\\S+?)[.;](?:\\s|$)");

  private SpecSchema() {}

  /** Built on first use: the stub checks single fields only. */
  private static final class WholeSpec {
    static final JsonSchema SCHEMA = FACTORY.getSchema(SPEC, CONFIG);
  }

  /** The CRD on the classpath. */
  public static URL crd() {
    URL url = SpecSchema.class.getResource(CRD_RESOURCE);
    if (url == null) {
      throw new IllegalStateException(
          CRD_RESOURCE
              + " is missing from the classpath: build simarch-api with its CRD generator");
    }
    return url;
  }

  /** Every field of {@code spec} that breaks the schema, one problem per field. */
  public static List<Problem> check(SimulatedArchitectureSpec spec) {
    return check(ArchitectureFiles.json().valueToTree(spec));
  }

  /** As {@link #check(SimulatedArchitectureSpec)}, for a spec as read from a file. */
  public static List<Problem> check(JsonNode spec) {
    Map<String, Problem> byPath = new LinkedHashMap<>();
    WholeSpec.SCHEMA.validate(spec).stream()
        .sorted(Comparator.comparing(m -> m.getInstanceLocation().toString()))
        .forEach(
            m -> {
              Problem p = problem("spec", SPEC, m, true);
              byPath.putIfAbsent(p.path(), p);
            });
    return List.copyOf(byPath.values());
  }

  /**
   * Checks one value against the rules of one spec field, for a form derived from the spec (the
   * stub's configuration) that keeps the field's unit. A derived form has every value set, so the
   * fix offers no default.
   *
   * @param field the field below spec, dotted, lists and maps left out: {@code
   *     callPolicy.backoff.multiplier}, {@code services.count}
   * @param path what the problem names the value by
   */
  public static Optional<Problem> checkField(String field, String path, Object value) {
    JsonNode fragment = field(field);
    JsonSchema schema = FIELDS.computeIfAbsent(field, f -> FACTORY.getSchema(fragment, CONFIG));
    JsonNode node = ArchitectureFiles.json().valueToTree(value);
    return schema.validate(node).stream()
        .min(Comparator.comparing(m -> m.getInstanceLocation().toString()))
        .map(m -> problem(path, fragment, m, false));
  }

  /** The schema of a field below spec, as {@link #checkField} names it. */
  static JsonNode field(String field) {
    JsonNode node = SPEC;
    for (String name : field.split("\\.")) {
      node = container(node).path("properties").path(name);
      if (node.isMissingNode()) {
        throw new IllegalArgumentException("the CRD has no field spec." + field);
      }
    }
    return node;
  }

  /** Into list items and map values until an object's own schema. */
  private static JsonNode container(JsonNode node) {
    while (true) {
      if (node.has("items")) {
        node = node.get("items");
      } else if (node.path("additionalProperties").isObject()) {
        node = node.get("additionalProperties");
      } else {
        return node;
      }
    }
  }

  /** A message in simarch's words, with the schema of the offending field found from root. */
  private static Problem problem(
      String prefix, JsonNode root, ValidationMessage m, boolean defaults) {
    JsonNodePath at = m.getInstanceLocation();
    var path = new StringBuilder(prefix);
    JsonNode schema = root;
    for (int i = 0; i < at.getNameCount(); i++) {
      Object e = at.getElement(i);
      if (e instanceof Integer index) {
        path.append('[').append(index).append(']');
        schema = schema.path("items");
      } else {
        path.append('.').append(e);
        schema =
            schema.path("properties").has((String) e)
                ? schema.path("properties").path((String) e)
                : schema.path("additionalProperties");
      }
    }
    String keyword = m.getType();
    if ("required".equals(keyword)) {
      String property = m.getProperty();
      JsonNode field = schema.path("properties").path(property);
      return new Problem(path + "." + property, null, "is missing", requiredFix(field, property));
    }
    JsonNode value = m.getInstanceNode();
    String text =
        value == null || value.isNull()
            ? null
            : value.isTextual() ? value.asText() : value.toString();
    if (schema.path("x-kubernetes-int-or-string").asBoolean()) {
      // the library reports the anyOf's two branches; one message says both
      return new Problem(
          path.toString(),
          text,
          "must be a whole number or a quantity",
          "write it like 1, 500m or 256Mi");
    }
    return switch (keyword) {
      case "minimum", "maximum" ->
          new Problem(path.toString(), text, range(schema), rangeFix(schema, defaults));
      case "pattern" -> pattern(path.toString(), text, schema, defaults);
      case "type" ->
          new Problem(
              path.toString(),
              text,
              "must be " + typeName(schema.path("type").asText()),
              example(schema)
                  .map(d -> "write it like " + d)
                  .orElse("write " + typeName(schema.path("type").asText())));
      case "minItems" ->
          schema.path("minItems").asInt() == 1
              ? new Problem(path.toString(), null, "is empty", "add at least one entry")
              : new Problem(
                  path.toString(),
                  null,
                  "needs at least " + schema.path("minItems").asText() + " entries",
                  "add entries");
      default ->
          new Problem(path.toString(), text, stripLocation(m.getMessage()), "correct the value");
    };
  }

  private static Problem pattern(String path, String value, JsonNode schema, boolean defaults) {
    String pattern = schema.path("pattern").asText();
    List<String> values = enumeration(pattern);
    if (values != null) {
      return new Problem(
          path,
          value,
          "must be one of " + words(values),
          "use one of them" + (defaults ? orDefault(schema) : ""));
    }
    Patterns.Hint hint = Patterns.hint(pattern);
    if (hint != null) {
      return new Problem(path, value, hint.message(), hint.fix());
    }
    return new Problem(path, value, "does not match " + pattern, "write it to match");
  }

  private static String requiredFix(JsonNode field, String property) {
    List<String> values = enumeration(field.path("pattern").asText(""));
    if (values != null) {
      return "set " + property + " to one of " + words(values);
    }
    String description = field.path("description").asText("");
    int end = description.indexOf(". ");
    String first = end < 0 ? description : description.substring(0, end);
    return first.isEmpty() ? "add " + property : "add " + property + ": " + first;
  }

  private static String range(JsonNode s) {
    if (s.path("exclusiveMinimum").asBoolean()) {
      return "must be more than "
          + number(s, "minimum")
          + (s.has("maximum") ? " and at most " + number(s, "maximum") : "");
    }
    if (s.has("minimum") && s.has("maximum")) {
      return "must be between " + number(s, "minimum") + " and " + number(s, "maximum");
    }
    return s.has("minimum")
        ? "must be at least " + number(s, "minimum")
        : "must be at most " + number(s, "maximum");
  }

  private static String rangeFix(JsonNode s, boolean defaults) {
    String use =
        s.path("exclusiveMinimum").asBoolean()
            ? "use a value above " + number(s, "minimum")
            : s.has("minimum") && s.has("maximum")
                ? "use a value from " + number(s, "minimum") + " to " + number(s, "maximum")
                : s.has("minimum")
                    ? "use " + number(s, "minimum") + " or more"
                    : "use " + number(s, "maximum") + " or less";
    return defaults ? use + orDefault(s) : use;
  }

  private static String orDefault(JsonNode s) {
    return example(s).map(d -> ", or leave it out for the default " + d).orElse("");
  }

  /** The default the field's description states, when it passes the field's own rules. */
  private static Optional<String> example(JsonNode s) {
    Matcher m = DEFAULT.matcher(s.path("description").asText(""));
    if (!m.find()) {
      return Optional.empty();
    }
    String d = m.group(1);
    JsonNode node;
    try {
      node =
          switch (s.path("type").asText()) {
            case "integer", "number" -> ArchitectureFiles.json().readTree(d);
            case "boolean" -> ArchitectureFiles.json().readTree(d);
            default -> ArchitectureFiles.json().getNodeFactory().textNode(d);
          };
    } catch (IOException e) {
      return Optional.empty();
    }
    if (node == null || node.isMissingNode()) {
      return Optional.empty();
    }
    boolean fits = FACTORY.getSchema(stripDescription(s), CONFIG).validate(node).isEmpty();
    return fits ? Optional.of(d) : Optional.empty();
  }

  private static JsonNode stripDescription(JsonNode s) {
    var copy = s.deepCopy();
    if (copy.isObject()) {
      ((com.fasterxml.jackson.databind.node.ObjectNode) copy).remove("description");
    }
    return copy;
  }

  /** The values of a pattern that only lists them, {@code ^(a|b|c)$}; null otherwise. */
  static List<String> enumeration(String pattern) {
    Matcher m = ENUMERATION.matcher(pattern);
    return m.matches() ? List.of(m.group(1).split("\\|")) : null;
  }

  private static String words(List<String> values) {
    return values.size() == 1
        ? values.get(0)
        : String.join(", ", values.subList(0, values.size() - 1))
            + " or "
            + values.get(values.size() - 1);
  }

  private static String number(JsonNode s, String keyword) {
    JsonNode n = s.get(keyword);
    return n.canConvertToExactIntegral() ? String.valueOf(n.asLong()) : n.asText();
  }

  private static String typeName(String type) {
    return switch (type) {
      case "integer" -> "a whole number";
      case "number" -> "a number";
      case "boolean" -> "true or false";
      case "string" -> "text";
      case "array" -> "a list";
      case "object" -> "a map of fields";
      default -> "a " + type;
    };
  }

  private static String stripLocation(String message) {
    int colon = message.indexOf(": ");
    return colon < 0 ? message : message.substring(colon + 2);
  }

  private static JsonSchemaFactory factory() {
    // the CRD is OpenAPI 3.0 (nullable) with Kubernetes' structural-schema extensions, which
    // describe storage and pruning, not validity: known here so that nothing warns about them
    JsonMetaSchema openApi =
        JsonMetaSchema.builder(OpenApi30.getInstance())
            .keywords(
                List.of(
                    new NonValidationKeyword("x-kubernetes-int-or-string"),
                    new NonValidationKeyword("x-kubernetes-preserve-unknown-fields"),
                    new NonValidationKeyword("x-kubernetes-embedded-resource"),
                    new NonValidationKeyword("x-kubernetes-list-type"),
                    new NonValidationKeyword("x-kubernetes-list-map-keys"),
                    new NonValidationKeyword("x-kubernetes-map-type")))
            .build();
    return JsonSchemaFactory.builder()
        .metaSchema(openApi)
        .defaultMetaSchemaIri(openApi.getIri())
        .build();
  }

  private static JsonNode load() {
    InputStream in = SpecSchema.class.getResourceAsStream(SPEC_RESOURCE);
    if (in == null) {
      throw new IllegalStateException(
          SPEC_RESOURCE
              + " is missing from the classpath: build simarch-api (mvn -pl api install)");
    }
    try (in) {
      return new ObjectMapper().readTree(in);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + SPEC_RESOURCE, e);
    }
  }
}
