package io.simarch.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.simarch.api.model.ArchitectureFiles;
import io.simarch.api.model.ArchitectureValidator;
import io.simarch.api.model.Plan;
import io.simarch.api.model.Planner;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Every spigo architecture file loads unchanged, validates and plans to spigo's node counts. */
class SpigoImportTest {

  /** spigo-and-peers.md §2.1: file, services, nodes at -p 100 -w 1, declared dependencies, root. */
  static Stream<Arguments> spigoFiles() {
    return Stream.of(
        Arguments.of("lamp_arch.json", 5, 23, 4, "www"),
        Arguments.of("aws_ac_ra_web_arch.json", 8, 25, 8, null),
        Arguments.of("netflixoss_arch.json", 8, 65, 10, "www"),
        Arguments.of("netflix_arch.json", 21, 98, 34, "api"),
        Arguments.of("cassandra_arch.json", 6, 32, 7, null),
        Arguments.of("riak_arch.json", 15, 51, 17, "stream-api"),
        Arguments.of("yogi_arch.json", 13, 34, 20, null),
        Arguments.of("yow_arch.json", 13, 34, 20, null),
        Arguments.of("storage_arch.json", 5, 6, 4, null),
        Arguments.of("test_arch.json", 6, 19, 6, null),
        Arguments.of("container_arch.json", 7, 22, 8, null),
        Arguments.of("edge_arch.json", 83, 83, 152, null),
        Arguments.of("composeV2_arch.json", 10, 16, 15, "db-data"),
        Arguments.of("simpleV2_arch.json", 6, 10, 5, null),
        Arguments.of("testyaml_arch.json", 3, 9, 2, "db"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("spigoFiles")
  void loadsValidatesAndPlansLikeSpigo(
      String file, int services, int nodes, int declaredDeps, String root) throws Exception {
    var loaded = ArchitectureFiles.load(Repo.spigoArch().resolve(file));

    assertThat(loaded.problems()).isEmpty();
    assertThat(loaded.format()).isEqualTo(ArchitectureFiles.Format.SPIGO);
    var arch = loaded.resource();
    assertThat(ArchitectureValidator.validate(arch)).isEmpty();
    assertThat(arch.getSpec().getServices()).hasSize(services);
    assertThat(
            arch.getSpec().getServices().stream().mapToInt(s -> s.getDependencies().size()).sum())
        .isEqualTo(declaredDeps);

    Plan plan = Planner.plan(arch.getMetadata().getName(), arch.getSpec());
    assertThat(plan.instances()).hasSize(nodes);
    var last = arch.getSpec().getServices().get(services - 1).getName();
    assertThat(plan.root()).isEqualTo(last);
    if (root != null) {
      assertThat(plan.root()).isEqualTo(root);
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("spigoFiles")
  void convertsToResourceYamlThatReadsBackTheSame(String file) throws Exception {
    var spigo = ArchitectureFiles.load(Repo.spigoArch().resolve(file)).resource();

    String yaml = ArchitectureFiles.toYaml(spigo);
    var back = ArchitectureFiles.parse(yaml, file + ".yaml");

    assertThat(back.problems()).isEmpty();
    assertThat(back.format()).isEqualTo(ArchitectureFiles.Format.RESOURCE);
    assertThat(ArchitectureFiles.toYaml(back.resource())).isEqualTo(yaml);
    assertThat(Planner.plan(back.resource().getMetadata().getName(), back.resource().getSpec()))
        .isEqualTo(Planner.plan(spigo.getMetadata().getName(), spigo.getSpec()));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("spigoFiles")
  void everySpigoFileHasAConvertedExample(String file) throws Exception {
    Path example =
        Repo.root().resolve("examples/spigo").resolve(file.replace("_arch.json", ".yaml"));
    var spigo = ArchitectureFiles.load(Repo.spigoArch().resolve(file)).resource();

    assertThat(example).exists();
    assertThat(Files.readString(example)).isEqualTo(ArchitectureFiles.toYaml(spigo));
  }

  @org.junit.jupiter.api.Test
  void keepsUnknownSpigoFieldsWithoutFailing() {
    var loaded =
        ArchitectureFiles.parse(
            """
            {"arch":"x","version":"arch-0.1","future":{"a":1},
             "services":[{"name":"s","package":"store","count":1,"regions":1,"colour":"red"}]}
            """,
            "x.json");

    assertThat(loaded.problems()).isEmpty();
    assertThat(loaded.resource().getSpec().getServices()).hasSize(1);
  }

  @org.junit.jupiter.api.Test
  void readsGoZeroValuesForMissingCountAndRegions() {
    var loaded =
        ArchitectureFiles.parse(
            """
            {"arch":"x","services":[{"name":"dns","package":"denominator","dependencies":null}]}
            """,
            "x.json");

    var plan = Planner.plan("x", loaded.resource().getSpec());
    assertThat(plan.instances()).extracting(Plan.Instance::name).isEqualTo(List.of("x.*.*.dns00"));
  }
}
