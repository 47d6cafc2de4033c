package io.simarch.api.model;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import io.simarch.api.v1alpha1.SimulatedArchitecture;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;

/**
 * Reads architecture files, a {@code SimulatedArchitecture} YAML/JSON or a spigo JSON, and writes
 * custom-resource YAML. Reading never throws for bad input: problems come back with the result.
 */
public final class ArchitectureFiles {
  private static final ObjectMapper STRICT_YAML =
      new ObjectMapper(new YAMLFactory())
          .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, true);
  private static final ObjectMapper SPIGO_JSON =
      new ObjectMapper().configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);
  private static final ObjectMapper YAML_OUT =
      new ObjectMapper(
              new YAMLFactory()
                  .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
                  .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
                  .enable(YAMLGenerator.Feature.INDENT_ARRAYS_WITH_INDICATOR))
          .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);

  private ArchitectureFiles() {}

  /** The input formats. */
  public enum Format {
    RESOURCE,
    SPIGO
  }

  /** A loaded file: the resource when it parsed, and the problems found while reading. */
  public record Loaded(SimulatedArchitecture resource, Format format, List<Problem> problems) {
    public boolean ok() {
      return resource != null && problems.isEmpty();
    }
  }

  public static Loaded load(Path file) {
    String text;
    try {
      text = Files.readString(file);
    } catch (NoSuchFileException e) {
      return failed(
          new Problem(
              "file", file.toString(), "no such file", "give the path of an existing file"));
    } catch (IOException e) {
      return failed(
          new Problem("file", file.toString(), "cannot be read: " + e.getMessage(), null));
    }
    return parse(text, file.toString());
  }

  /** Parses {@code text}; {@code source} names it in problems. */
  public static Loaded parse(String text, String source) {
    JsonNode tree;
    // JSON first when it looks like JSON: spigo's files indent with tabs, which YAML forbids
    boolean json = text.stripLeading().startsWith("{");
    try {
      tree = (json ? SPIGO_JSON : STRICT_YAML).readTree(text);
    } catch (JsonProcessingException e) {
      return failed(
          new Problem(
              "file",
              source,
              (json ? "is not valid JSON: " : "is not valid YAML or JSON: ")
                  + e.getOriginalMessage()
                  + location(e),
              "correct the syntax at that line"));
    }
    if (tree == null || !tree.isObject()) {
      return failed(
          new Problem(
              "file",
              source,
              "holds no architecture object",
              "write a SimulatedArchitecture resource or a spigo architecture JSON object"));
    }
    if (tree.has("kind") || tree.has("apiVersion")) {
      return parseResource(tree, source);
    }
    if (tree.has("services") || tree.has("arch")) {
      return parseSpigo(tree, source);
    }
    return failed(
        new Problem(
            "file",
            source,
            "is neither a SimulatedArchitecture (no kind/apiVersion) nor a spigo architecture (no"
                + " arch/services)",
            "add `apiVersion: simarch.io/v1alpha1` and `kind: SimulatedArchitecture`"));
  }

  private static Loaded parseResource(JsonNode tree, String source) {
    String kind = tree.path("kind").asText("");
    String apiVersion = tree.path("apiVersion").asText("");
    if (!SimulatedArchitecture.KIND.equals(kind)) {
      return failed(
          new Problem(
              "kind", kind, "is not SimulatedArchitecture", "set kind: SimulatedArchitecture"));
    }
    if (!SimulatedArchitecture.API_VERSION.equals(apiVersion)) {
      return failed(
          new Problem(
              "apiVersion",
              apiVersion,
              "is not " + SimulatedArchitecture.API_VERSION,
              "set apiVersion: " + SimulatedArchitecture.API_VERSION));
    }
    try {
      var r = STRICT_YAML.treeToValue(tree, SimulatedArchitecture.class);
      if (r.getSpec() == null) {
        return new Loaded(
            r,
            Format.RESOURCE,
            List.of(
                new Problem("spec", null, "is missing", "add a spec with at least one service")));
      }
      return new Loaded(r, Format.RESOURCE, List.of());
    } catch (UnrecognizedPropertyException e) {
      return failed(
          new Problem(
              path(e),
              e.getPropertyName(),
              "is not a field of " + e.getReferringClass().getSimpleName() + " in " + source,
              "remove it or correct its spelling; known fields: " + e.getKnownPropertyIds()));
    } catch (JsonProcessingException e) {
      // a value of the wrong type: the schema names the field, the value and what it must be
      List<Problem> fields = tree.has("spec") ? SpecSchema.check(tree.get("spec")) : List.of();
      if (!fields.isEmpty()) {
        return new Loaded(null, Format.RESOURCE, fields);
      }
      return failed(
          new Problem(
              path(e), null, "has the wrong type: " + e.getOriginalMessage(), "correct the value"));
    }
  }

  private static Loaded parseSpigo(JsonNode tree, String source) {
    try {
      var spigo = SPIGO_JSON.treeToValue(tree, SpigoArchitecture.class);
      return new Loaded(spigo.toResource(), Format.SPIGO, List.of());
    } catch (JsonProcessingException e) {
      return failed(
          new Problem(
              path(e),
              null,
              "has the wrong type in " + source + ": " + e.getOriginalMessage(),
              "correct the value"));
    }
  }

  /** The resource as YAML, without status and without empty metadata. */
  public static String toYaml(SimulatedArchitecture resource) {
    var node = YAML_OUT.createObjectNode();
    node.put("apiVersion", SimulatedArchitecture.API_VERSION);
    node.put("kind", SimulatedArchitecture.KIND);
    var meta = node.putObject("metadata");
    meta.put("name", resource.getMetadata().getName());
    if (resource.getMetadata().getNamespace() != null) {
      meta.put("namespace", resource.getMetadata().getNamespace());
    }
    if (resource.getMetadata().getLabels() != null
        && !resource.getMetadata().getLabels().isEmpty()) {
      meta.set("labels", YAML_OUT.valueToTree(resource.getMetadata().getLabels()));
    }
    node.set("spec", YAML_OUT.valueToTree(resource.getSpec()));
    try {
      return YAML_OUT.writeValueAsString(node);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A shared mapper for JSON output (plans, stub configs). */
  public static ObjectMapper json() {
    return SPIGO_JSON;
  }

  private static String path(JsonProcessingException e) {
    if (e instanceof com.fasterxml.jackson.databind.JsonMappingException m) {
      var sb = new StringBuilder();
      for (var ref : m.getPath()) {
        if (ref.getFieldName() != null) {
          if (sb.length() > 0) {
            sb.append('.');
          }
          sb.append(ref.getFieldName());
        } else if (ref.getIndex() >= 0) {
          sb.append('[').append(ref.getIndex()).append(']');
        }
      }
      if (sb.length() > 0) {
        return sb.toString();
      }
    }
    return "file";
  }

  private static String location(JsonProcessingException e) {
    var loc = e.getLocation();
    return loc == null ? "" : " (line " + loc.getLineNr() + ", column " + loc.getColumnNr() + ")";
  }

  private static Loaded failed(Problem p) {
    return new Loaded(null, null, List.of(p));
  }
}
