package io.simarch.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * docs/architecture-file.md is generated from the CRD's schema (itself generated from the Java
 * classes), so the field reference cannot drift from the code. {@code mvn -pl api verify
 * -Dsimarch.docs.update=true} rewrites it.
 */
class ApiReferenceTest {
  private static final Path DOC = Repo.root().resolve("docs/architecture-file.md");

  @Test
  void fieldReferenceMatchesTheCrd() throws IOException {
    JsonNode crd = new ObjectMapper(new YAMLFactory()).readTree(CrdTest.generated().toFile());
    JsonNode spec = crd.at("/spec/versions/0/schema/openAPIV3Schema/properties/spec");
    var sb = new StringBuilder();
    sb.append("# Architecture file reference\n\n")
        .append("<!-- generated from the CRD by ApiReferenceTest; do not edit: change the Javadoc")
        .append(
            " descriptions in api/ and run mvn -pl api verify -Dsimarch.docs.update=true -->\n\n")
        .append("A `SimulatedArchitecture` (`apiVersion: simarch.io/v1alpha1`, `kind:")
        .append(" SimulatedArchitecture`, short name `simarch`) is read by the operator from the")
        .append(
            " cluster and by `simarch` from a YAML file; `simarch` also reads spigo's JSON files.")
        .append(" Every field below `spec` follows; durations are written like `500ms`, `2s`,")
        .append(" `1m30s`. Fields marked *required* must be set; all others have defaults.\n\n")
        .append("| field | type | description |\n|---|---|---|\n");
    walk("spec", spec, sb, false);
    String doc = sb.toString();
    if (Boolean.getBoolean("simarch.docs.update")) {
      Files.writeString(DOC, doc);
    }
    assertThat(DOC)
        .as("%s is stale: run mvn -pl api verify -Dsimarch.docs.update=true", DOC)
        .exists();
    assertThat(Files.readString(DOC))
        .as("%s is stale: run mvn -pl api verify -Dsimarch.docs.update=true", DOC)
        .isEqualTo(doc);
  }

  private static void walk(String path, JsonNode node, StringBuilder sb, boolean required) {
    if (!path.equals("spec")) {
      sb.append("| `")
          .append(path)
          .append("` | ")
          .append(type(node))
          .append(required ? ", *required*" : "")
          .append(" | ")
          .append(node.path("description").asText("").replace("|", "\\|").replace("\n", " "))
          .append(constraints(node))
          .append(node.has("items") ? constraints(node.get("items")) : "")
          .append(" |\n");
    }
    JsonNode props = node.path("properties");
    if (node.path("type").asText().equals("array")) {
      props = node.path("items").path("properties");
      path = path + "[]";
    } else if (node.has("additionalProperties")
        && node.path("additionalProperties").has("properties")) {
      props = node.path("additionalProperties").path("properties");
      path = path + ".<name>";
    }
    var req = node.path("required");
    if (path.endsWith("[]")) {
      req = node.path("items").path("required");
    }
    // Kubernetes' own types (resources) are documented by Kubernetes
    if (path.endsWith("stub.resources")) {
      return;
    }
    for (Iterator<Map.Entry<String, JsonNode>> it = props.fields(); it.hasNext(); ) {
      var e = it.next();
      boolean r = false;
      for (JsonNode n : req) {
        r |= n.asText().equals(e.getKey());
      }
      walk(path + "." + e.getKey(), e.getValue(), sb, r);
    }
  }

  private static String type(JsonNode n) {
    String t = n.path("type").asText("object");
    if (t.equals("array")) {
      return "list of " + n.path("items").path("type").asText("object");
    }
    if (n.has("additionalProperties")) {
      return "map";
    }
    return t;
  }

  private static String constraints(JsonNode n) {
    var sb = new StringBuilder();
    if (n.has("minimum")) {
      sb.append(" Minimum ").append(n.get("minimum").asText()).append('.');
    }
    if (n.has("maximum")) {
      sb.append(" Maximum ").append(n.get("maximum").asText()).append('.');
    }
    if (n.has("minItems")) {
      int min = n.get("minItems").asInt();
      sb.append(" At least ").append(min).append(min == 1 ? " entry." : " entries.");
    }
    if (n.has("pattern") && !n.get("pattern").asText().contains("[0-9]+(\\.")) {
      sb.append(" Pattern `").append(n.get("pattern").asText().replace("|", "\\|")).append("`.");
    }
    return sb.toString();
  }
}
