package io.simarch.operator.architecture.desired;

import static org.assertj.core.api.Assertions.assertThat;

import io.simarch.operator.testing.Architectures;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The stub.json the operator writes for examples/lamp.yaml, byte for byte: the contract the stub
 * service reads. After an intended change: {@code mvn -pl operator test -Dtest=StubConfigGoldenTest
 * -Dsimarch.updateGolden=true}, and review the diff.
 */
class StubConfigGoldenTest {
  static final Path GOLDEN = Path.of("src/test/resources/golden");

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"webserver", "www"})
  void testStubJsonOfLamp(String service) throws IOException {
    var lamp = Architectures.example("examples/lamp.yaml");
    lamp.getMetadata().setNamespace("sim");
    lamp.getMetadata().setUid("uid");
    String json = Architectures.desired(lamp).service(service).configJson();
    Path file = GOLDEN.resolve("lamp-" + service + ".stub.json");

    if (Boolean.getBoolean("simarch.updateGolden")) {
      Files.writeString(file, json);
    }
    assertThat(json).isEqualTo(Files.readString(file));
  }
}
