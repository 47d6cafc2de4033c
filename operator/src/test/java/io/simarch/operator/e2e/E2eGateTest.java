package io.simarch.operator.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * The gate's skip is AssertJ's assumption (opentest4j's or JUnit 4's exception, whichever is on the
 * path; Jupiter aborts the test on either), so only its message is checked.
 */
class E2eGateTest {
  /** What {@code run} printed. */
  private static String printed(Runnable run) {
    var out = new ByteArrayOutputStream();
    PrintStream was = System.out;
    System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
    try {
      run.run();
    } finally {
      System.setOut(was);
    }
    return out.toString(StandardCharsets.UTF_8);
  }

  @Test
  void anOpenGateLetsEachTestRun() {
    var gate = new E2eGate(E2eGateTest.class);

    assertThat(gate.open()).isTrue();
    assertThatCode(() -> gate.beforeEach(null)).doesNotThrowAnyException();
  }

  @Test
  void theFirstReasonIsPrintedOnceWithTheClassAndSkipsEachTest() {
    var gate = new E2eGate(E2eGateTest.class);

    String out =
        printed(
            () -> {
              assertThat(gate.close("no cluster here")).isFalse();
              gate.close("a later reason");
            });

    assertThat(out).isEqualTo("SKIPPED (E2eGateTest): no cluster here" + System.lineSeparator());
    assertThat(gate.open()).isFalse();
    for (int test = 0; test < 2; test++) {
      assertThatThrownBy(() -> gate.beforeEach(null))
          .hasMessageContaining("E2E skipped: no cluster here");
    }
  }

  @Test
  void aMissingPropertyClosesTheGateSayingWhatToPass() {
    var gate = new E2eGate(E2eGateTest.class);
    String name = "simarch.e2eGateTest.unset";
    System.clearProperty(name);

    printed(() -> assertThat(gate.property(name, "no " + name + ": pass -D" + name)).isNull());

    assertThatThrownBy(() -> gate.beforeEach(null)).hasMessageContaining("pass -D" + name);
  }

  @Test
  void aGivenPropertyKeepsItOpen() {
    var gate = new E2eGate(E2eGateTest.class);
    String name = "simarch.e2eGateTest.set";
    System.setProperty(name, "value");
    try {
      assertThat(gate.property(name, "unused")).isEqualTo("value");
    } finally {
      System.clearProperty(name);
    }
    assertThat(gate.open()).isTrue();
  }
}
