package io.simarch.cli;

import static io.simarch.cli.SimarchCliTest.run;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** simarch stress's choice of architecture, checked before any step runs (nothing listens). */
class StressCommandTest {
  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "neither FILE nor --services | '' | give FILE or --services N (one of them)",
        "both | examples/lamp.yaml --services 5 | give FILE or --services N (one of them)",
        "too few services | --services 0 | --services is 0: must be 1 to 10000",
        "too many services | --services 10001 | --services is 10001: must be 1 to 10000"
      })
  void theArchitectureIsAFileOrGenerated(String what, String args, String message) {
    String line =
        "stress --zipkin http://127.0.0.1:9 --rates 5 "
            + args.replace("examples/", SimarchCliTest.repo().resolve("examples") + "/");
    var r = run(line.trim().split(" +"));

    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err()).contains(message);
  }
}
