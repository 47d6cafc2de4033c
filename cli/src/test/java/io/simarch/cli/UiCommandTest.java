package io.simarch.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** {@code simarch ui}'s bad input: exit 2 naming the argument and the fix, before any request. */
class UiCommandTest {
  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "a/b/c --port 0                   | a/b/c: give [NAMESPACE/]NAME of a SimulatedArchitecture",
        "ns/ --port 0                     | ns/: give [NAMESPACE/]NAME",
        "lamp --port 70000                | --port 70000: not a port; give 1-65535, or 0",
      })
  void badArgumentsExit2(String args, String message) {
    var r = SimarchCliTest.run(("ui " + args.trim()).split("\\s+"));
    assertThat(r.code()).isEqualTo(Simarch.BAD_INPUT);
    assertThat(r.err()).contains(message.trim());
  }

  @Test
  void aKubeconfigThatIsNotThereIsNamed(@TempDir Path tmp) {
    Path missing = tmp.resolve("nope.kubeconfig");
    var r = SimarchCliTest.run("ui", "lamp", "--kubeconfig", missing.toString());
    assertThat(r.code()).isEqualTo(Simarch.BAD_INPUT);
    assertThat(r.err()).contains("--kubeconfig", missing.toString());
  }

  @Test
  void helpNamesTheRoleDoc() {
    var r = SimarchCliTest.run("ui", "--help");
    assertThat(r.code()).isZero();
    assertThat(r.out()).contains("[NAMESPACE/]NAME", "--port", "--context", "--kubeconfig");
    assertThat(r.out()).contains("docs/live-view.md");
  }
}
