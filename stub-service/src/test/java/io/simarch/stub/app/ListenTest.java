package io.simarch.stub.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.simarch.stub.config.ConfigException;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Where a pod listens, from the environment the operator (or a test) gives it. */
class ListenTest {
  @ParameterizedTest
  @CsvSource(
      nullValues = "-",
      value = {
        // SIMARCH_HOST, SIMARCH_PORT, SIMARCH_HEALTH_PORT -> host, port, health port
        "-,         -,    -,    0.0.0.0,   8080, 8081",
        "127.0.0.1, 0,    0,    127.0.0.1, 0,    0",
        "-,         9090, ' ',  0.0.0.0,   9090, 8081",
        "-,         -,    65535, 0.0.0.0,  8080, 65535",
      })
  void readsTheEnvironmentOverThePodDefaults(
      String host, String port, String health, String wantHost, int wantPort, int wantHealth) {
    assertThat(PodApp.Listen.fromEnvironment(env(host, port, health)))
        .isEqualTo(new PodApp.Listen(wantHost, wantPort, wantHealth));
  }

  @ParameterizedTest
  @CsvSource({
    "http,  -,     SIMARCH_PORT",
    "-1,    -,     SIMARCH_PORT",
    "-,     65536, SIMARCH_HEALTH_PORT",
    "-,     8081x, SIMARCH_HEALTH_PORT",
  })
  void refusesWhatIsNotAPortNamingTheVariableAndTheFix(String port, String health, String name) {
    String port0 = "-".equals(port) ? null : port;
    String health0 = "-".equals(health) ? null : health;
    assertThatThrownBy(() -> PodApp.Listen.fromEnvironment(env(null, port0, health0)))
        .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.setting()).isEqualTo(name))
        .hasMessageContaining(port0 != null ? port0 : health0)
        .hasMessageContaining("0 (any free port) to 65535");
  }

  private static Map<String, String> env(String host, String port, String health) {
    var env = new java.util.HashMap<String, String>();
    if (host != null) {
      env.put(PodApp.Listen.HOST_ENV, host);
    }
    if (port != null) {
      env.put(PodApp.Listen.PORT_ENV, port);
    }
    if (health != null) {
      env.put(PodApp.Listen.HEALTH_PORT_ENV, health);
    }
    return env;
  }
}
