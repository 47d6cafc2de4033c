package io.simarch.cli;

import static io.simarch.cli.SimarchCliTest.run;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** simarch import on the command line: output, stdin, and bad input with exit code 2. */
class ImportCommandTest {
  static Path fixture() {
    return SimarchCliTest.repo().resolve("cli/src/test/resources/imports/lamp-zipkin.json");
  }

  @Test
  void theImportedFileIsWrittenAndPassesValidate(@TempDir Path dir) throws Exception {
    Path out = dir.resolve("lamp.yaml");

    var r =
        run(
            "import",
            "--zipkin-json",
            fixture().toString(),
            "--name",
            "lamp",
            "-o",
            out.toString());
    var validate = run("validate", out.toString());

    assertThat(r.code()).as(r.err()).isZero();
    assertThat(r.out()).isEmpty();
    assertThat(Files.readString(out)).contains("kind: SimulatedArchitecture", "name: lamp");
    assertThat(validate.code()).as(validate.out() + validate.err()).isZero();
  }

  @Test
  void dashReadsStdin() throws Exception {
    InputStream stdin = System.in;
    try {
      System.setIn(new ByteArrayInputStream(Files.readAllBytes(fixture())));
      var r = run("import", "--zipkin-json", "-");

      assertThat(r.code()).as(r.err()).isZero();
      assertThat(r.out()).contains("name: imported", "package: denominator");
    } finally {
      System.setIn(stdin);
    }
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "not JSON | <html></html> | not JSON",
        "empty | '' | empty; give Zipkin v2 JSON",
        "an object that is no span | {\"data\":[]} | has no traceId",
        "no spans | [[]] | holds no spans",
        "spans without services | [{\"traceId\":\"t\",\"id\":\"a\"}] | none with a"
            + " localEndpoint.serviceName"
      })
  void badInputExits2NamingTheFileAndTheFix(
      String what, String text, String message, @TempDir Path dir) throws Exception {
    Path f = dir.resolve("traces.json");
    Files.writeString(f, text, StandardCharsets.UTF_8);

    var r = run("import", "--zipkin-json", f.toString());

    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err()).startsWith("simarch import: " + f + ": ").contains(message);
    assertThat(r.out()).isEmpty();
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "a missing file | --zipkin-json /nonexistent/t.json | --zipkin-json /nonexistent/t.json: no"
            + " such file",
        "no source | --name x | Missing required argument",
        "two sources | --zipkin-json a --zipkin http://127.0.0.1:9 | mutually exclusive",
        "a bad name | --zipkin-json a --name Big | --name Big: must be a lowercase DNS label",
        "a bad lookback | --zipkin http://127.0.0.1:9 --lookback soon | --lookback soon",
        "nothing listening | --zipkin http://127.0.0.1:9 | cannot connect"
      })
  void badOptionsExit2(String what, String args, String message) {
    var r = run(("import " + args).split(" "));

    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err()).contains(message);
  }
}
