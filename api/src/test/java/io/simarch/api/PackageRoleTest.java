package io.simarch.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.simarch.api.model.ArchitectureFiles;
import io.simarch.api.model.ArchitectureValidator;
import io.simarch.api.model.Dot;
import io.simarch.api.model.PackageRole;
import io.simarch.api.model.Planner;
import io.simarch.api.model.Problem;
import io.simarch.api.model.Routing;
import io.simarch.api.v1alpha1.PackageNames;
import java.io.IOException;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The package registry is the only statement of what a package is: what must restate it (the CRD's
 * compile-time pattern and description) equals it, and what reads it behaves as it says.
 */
class PackageRoleTest {
  private static final String HEAD =
      "apiVersion: simarch.io/v1alpha1\nkind: SimulatedArchitecture\nmetadata: {name: t}\nspec:\n";

  @Test
  void theCrdPatternConstantIsTheRegistry() {
    assertThat(PackageNames.PATTERN).isEqualTo(PackageRole.pattern());
  }

  @Test
  void theGeneratedCrdAcceptsAndNamesExactlyTheRegistrysPackages() throws IOException {
    JsonNode crd = new ObjectMapper(new YAMLFactory()).readTree(CrdTest.generated().toFile());
    JsonNode field =
        crd.at(
            "/spec/versions/0/schema/openAPIV3Schema/properties/spec/properties/services/items"
                + "/properties/package");
    assertThat(field.path("pattern").asText()).isEqualTo(PackageRole.pattern());
    Matcher oneOf =
        java.util.regex.Pattern.compile("One of ([^.]+)\\.")
            .matcher(field.path("description").asText());
    assertThat(oneOf.find()).as("the description lists the packages").isTrue();
    assertThat(List.of(oneOf.group(1).split(", "))).isEqualTo(PackageRole.names());
  }

  @Test
  void packageNamesAreUniqueAndNoneIsEureka() {
    assertThat(PackageRole.names()).doesNotHaveDuplicates().doesNotContain(PackageNames.EUREKA);
  }

  /** A two-service loop is a request cycle exactly when the package forwards requests. */
  @ParameterizedTest(name = "{0}")
  @EnumSource(PackageRole.class)
  void theValidatorReportsACycleExactlyForForwardingPackages(PackageRole role) {
    String p = role.packageName();
    var loaded =
        ArchitectureFiles.parse(
            HEAD
                + "  services:\n"
                + "    - {name: a, package: "
                + p
                + ", dependencies: [b]}\n"
                + "    - {name: b, package: "
                + p
                + ", dependencies: [a]}\n",
            role.name());
    List<Problem> problems = ArchitectureValidator.validate(loaded.resource());
    assertThat(problems.stream().anyMatch(x -> x.message().contains("request cycle")))
        .as("%s forwards: %s; problems %s", p, role.forwards(), problems)
        .isEqualTo(role.forwards());
  }

  @ParameterizedTest(name = "{0}")
  @EnumSource(PackageRole.class)
  void routingKeepsToTheZoneExactlyForZoneScopedPackages(PackageRole role) {
    assertThat(Routing.zoneAffine(role.packageName()))
        .isEqualTo(role.scope() == PackageRole.Scope.ZONE);
  }

  @Test
  void theDotGraphDrawsEachPackageWithItsShape() {
    String services =
        Arrays.stream(PackageRole.values())
            .map(
                r ->
                    "    - {name: "
                        + r.name().toLowerCase()
                        + ", package: "
                        + r.packageName()
                        + "}\n")
            .collect(Collectors.joining());
    var loaded = ArchitectureFiles.parse(HEAD + "  services:\n" + services, "dot");
    String dot = Dot.of(Planner.plan("dot", loaded.resource().getSpec()));
    for (PackageRole r : PackageRole.values()) {
      String node = "  \"" + r.name().toLowerCase() + "\" [";
      assertThat(dot.lines().filter(l -> l.startsWith(node)))
          .singleElement(org.assertj.core.api.InstanceOfAssertFactories.STRING)
          .containsPattern("shape=" + r.dotShape() + "[,\\]]");
    }
  }
}
