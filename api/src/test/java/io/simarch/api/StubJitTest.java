package io.simarch.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.simarch.api.model.StubJit;
import io.simarch.api.v1alpha1.Patterns;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class StubJitTest {
  @ParameterizedTest
  @CsvSource(
      nullValues = "null",
      value = {
        "null, C1, -XX:TieredStopAtLevel=1",
        "c1, C1, -XX:TieredStopAtLevel=1",
        "c2, C2, null"
      })
  void theSpecsValueGivesTheJvmItsOptions(String value, StubJit jit, String options) {
    assertThat(StubJit.of(value)).isEqualTo(jit);
    assertThat(jit.jvmOptions()).isEqualTo(options);
  }

  @ParameterizedTest
  @CsvSource({"1, C1", "2, C1", "3, C1", "4, C2"})
  void aRunningJvmIsNamedByWhereItsTiersStop(int tieredStopAtLevel, StubJit jit) {
    assertThat(StubJit.running(tieredStopAtLevel)).isEqualTo(jit);
  }

  @Test
  void theCrdPatternAdmitsExactlyTheValues() {
    assertThat(Patterns.STUB_JIT)
        .isEqualTo(
            "^("
                + String.join("|", Arrays.stream(StubJit.values()).map(StubJit::value).toList())
                + ")$");
    assertThatThrownBy(() -> StubJit.of("c3")).hasMessageContaining("spec.stub.jit: c3");
  }
}
