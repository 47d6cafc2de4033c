package io.simarch.cli.imports;

import static org.assertj.core.api.Assertions.assertThat;

import io.simarch.api.model.ArchitectureFiles;
import io.simarch.api.model.ArchitectureValidator;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * Importing lamp-zipkin.json, traces of a real run of lamp into the real Zipkin ({@code
 * ZipkinImportIT} wrote it), gives the committed lamp-imported.yaml byte for byte. Regenerate that
 * with {@code -Dsimarch.import.update=true} after changing the import on purpose.
 */
class TraceImportFixtureTest {
  static String resource(String name) throws IOException {
    try (InputStream in = TraceImportFixtureTest.class.getResourceAsStream("/imports/" + name)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  @Test
  void lampsTracesImportToTheCommittedYaml() throws Exception {
    var spans = ZipkinSpans.parse(resource("lamp-zipkin.json"), "lamp-zipkin.json");

    var r = TraceImport.derive(spans, "lamp");

    if (Boolean.getBoolean("simarch.import.update")) {
      Files.writeString(golden(), r.yaml());
    }
    assertThat(r.yaml()).isEqualTo(Files.readString(golden()));
    var loaded = ArchitectureFiles.parse(r.yaml(), "lamp-imported.yaml");
    assertThat(loaded.problems()).isEmpty();
    assertThat(ArchitectureValidator.validate(loaded.resource())).isEmpty();
    assertThat(loaded.resource().getSpec().getServices())
        .extracting(s -> s.getName() + ":" + s.getPackageName() + ":" + s.getDependencies())
        .containsExactly(
            "memcache:store:[]",
            "rds-mysql:store:[rds-mysql]",
            "webserver:monolith:[memcache, rds-mysql]",
            "webserver-elb:elb:[webserver]",
            "www:denominator:[webserver-elb]");
  }

  private static Path golden() {
    Path p = Path.of("").toAbsolutePath();
    while (!Files.isDirectory(p.resolve("examples"))) {
      p = p.getParent();
    }
    return p.resolve("cli/src/test/resources/imports/lamp-imported.yaml");
  }
}
