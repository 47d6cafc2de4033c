package io.simarch.api.build;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.simarch.api.model.SpecSchema;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Build step (api's pom, after the CRD generator): copies the {@code spec} schema out of the
 * generated CRD into {@value SpecSchema#SPEC_RESOURCE} as JSON. Every stub pod checks its config
 * against that schema at start, and reading the CRD's YAML there cost about a fifth of a stub's
 * start CPU (SnakeYAML loaded, interpreted and compiled for one document); JSON is read by the
 * Jackson the stub has already warmed on its config. The CRD stays the one statement of the rules.
 *
 * <p>{@code SpecSchemaJson CLASSES_DIR}
 */
public final class SpecSchemaJson {
  private SpecSchemaJson() {}

  public static void main(String[] args) throws IOException {
    Path classes = Path.of(args[0]);
    Path crd = classes.resolve(SpecSchema.CRD_RESOURCE.substring(1));
    JsonNode spec =
        new ObjectMapper(new YAMLFactory()).readTree(crd.toFile()).at(SpecSchema.SPEC_IN_CRD);
    if (spec.isMissingNode()) {
      throw new IllegalStateException(crd + " has no " + SpecSchema.SPEC_IN_CRD);
    }
    Path out = classes.resolve(SpecSchema.SPEC_RESOURCE.substring(1));
    Files.createDirectories(out.getParent());
    new ObjectMapper().writeValue(out.toFile(), spec);
  }
}
