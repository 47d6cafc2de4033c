package io.simarch.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.simarch.api.model.ArchitectureFiles;
import io.simarch.api.model.ArchitectureValidator;
import io.simarch.api.model.Generator;
import io.simarch.api.model.Generator.Options;
import io.simarch.api.model.Generator.Shape;
import io.simarch.api.model.Planner;
import io.simarch.api.model.TimeoutAnalysis;
import io.simarch.api.v1alpha1.PackageNames;
import io.simarch.api.v1alpha1.ServiceSpec;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class GeneratorTest {
  static Options options(int n, int depth, int fanout, Shape shape, int regions, long seed) {
    return new Options(n, depth, fanout, shape, regions, seed, "gen");
  }

  static Stream<Arguments> sizes() {
    return Stream.of(
        Arguments.of(options(1, 0, 3, Shape.LAYERED, 1, 1), 0),
        Arguments.of(options(2, 0, 3, Shape.TREE, 1, 1), 1),
        Arguments.of(options(4, 0, 3, Shape.LAYERED, 1, 1), 3),
        Arguments.of(options(10, 0, 3, Shape.LAYERED, 1, 1), 5),
        Arguments.of(options(10, 0, 3, Shape.TREE, 1, 7), 5),
        Arguments.of(options(10, 6, 2, Shape.MESH, 2, 7), 6),
        Arguments.of(options(40, 0, 4, Shape.MESH, 3, 3), 5),
        Arguments.of(options(30, 0, 2, Shape.LAYERED, 8, 5), 5),
        Arguments.of(options(1000, 0, 3, Shape.LAYERED, 1, 1), 6),
        Arguments.of(options(1000, 3, 6, Shape.MESH, 1, 2), 3),
        Arguments.of(options(1000, 0, 10, Shape.TREE, 2, 9), 5),
        Arguments.of(options(10_000, 0, 3, Shape.LAYERED, 1, 1), 9),
        Arguments.of(options(10_000, 0, 4, Shape.MESH, 2, 4), 7));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("sizes")
  void generatedArchitecturesAreValidPlannableAndWarnNothing(Options o, int depth) {
    var arch = Generator.generate(o);
    var spec = arch.getSpec();

    assertThat(ArchitectureValidator.validate(arch)).isEmpty();
    assertThat(spec.getServices()).hasSize(o.services());
    ServiceSpec root = spec.getServices().get(spec.getServices().size() - 1);
    assertThat(root.getPackageName())
        .isEqualTo(io.simarch.api.model.PackageRole.DENOMINATOR.packageName());
    assertThat(spec.getDescription()).contains(depth + " tiers");
    var plan = Planner.plan(arch.getMetadata().getName(), spec);
    assertThat(plan.services()).hasSize(o.services());
    assertThat(plan.root()).isEqualTo("www");
    assertThat(TimeoutAnalysis.warnings("gen", spec)).isEmpty();
    // every service but the root has a caller: nothing generated is unreachable
    var called =
        spec.getServices().stream()
            .flatMap(s -> s.getDependencies().stream())
            .collect(Collectors.toSet());
    assertThat(spec.getServices())
        .filteredOn(s -> s != root)
        .allSatisfy(s -> assertThat(called).contains(s.getName()));
  }

  @Test
  void rolesFollowSpigosTiers() {
    var spec = Generator.generate(options(40, 5, 3, Shape.TREE, 1, 1)).getSpec();
    Map<String, ServiceSpec> byName =
        spec.getServices().stream()
            .collect(Collectors.toMap(ServiceSpec::getName, Function.identity()));

    // root → elb → zuul → karyon → staash → stores, each tier calling only the next in a tree
    List<String> chain =
        Stream.iterate(
                "www",
                n -> n != null,
                n -> {
                  var deps =
                      byName.get(n).getDependencies().stream()
                          .filter(d -> !d.equals(n) && !d.equals(PackageNames.EUREKA))
                          .toList();
                  return deps.isEmpty() ? null : deps.get(0);
                })
            .map(n -> byName.get(n).getPackageName())
            .toList();
    assertThat(chain.subList(0, 5))
        .containsExactly("denominator", "elb", "zuul", "karyon", "staash");
    assertThat(chain.get(5)).isIn("priamCassandra", "store", "cache");
    assertThat(spec.getServices())
        .filteredOn(s -> s.getPackageName().equals("priamCassandra"))
        .allSatisfy(s -> assertThat(s.getDependencies()).contains(s.getName()));
  }

  @Test
  void theSameOptionsGiveTheSameFileAndAnotherSeedAnother() {
    var o = options(200, 0, 3, Shape.MESH, 2, 42);
    String first = ArchitectureFiles.toYaml(Generator.generate(o));
    String again = ArchitectureFiles.toYaml(Generator.generate(o));
    String other =
        ArchitectureFiles.toYaml(Generator.generate(options(200, 0, 3, Shape.MESH, 2, 43)));

    assertThat(again).isEqualTo(first);
    assertThat(other).isNotEqualTo(first);
    var back = ArchitectureFiles.parse(first, "generated");
    assertThat(back.problems()).isEmpty();
    assertThat(ArchitectureFiles.toYaml(back.resource())).isEqualTo(first);
  }

  static Stream<Arguments> badOptions() {
    return Stream.of(
        Arguments.of(0, 0, 3, "--services is 0"),
        Arguments.of(10_001, 0, 3, "--services is 10001: must be 1 to 10000"),
        Arguments.of(5, 5, 3, "--depth is 5: must be 0 (automatic) to 4"),
        Arguments.of(5, 0, 0, "--fanout is 0"));
  }

  @ParameterizedTest(name = "{3}")
  @MethodSource("badOptions")
  void badOptionsNameTheOptionAndTheRange(int n, int depth, int fanout, String message) {
    assertThatThrownBy(() -> options(n, depth, fanout, Shape.TREE, 1, 1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith(message);
  }
}
