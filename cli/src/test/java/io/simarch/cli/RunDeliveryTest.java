package io.simarch.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.simarch.cli.run.LocalRun;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The line {@code simarch run} ends with about its spans, by what became of them. */
class RunDeliveryTest {
  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "120|0|0|traces: 120 spans delivered to Zipkin http://z/api/v2/spans",
        "100|20|0|traces: 100 of 120 spans delivered to Zipkin http://z/api/v2/spans; 20 failed"
            + " (refused or unanswered), 0 dropped (the export queue was full)",
        "100|0|5|traces: 100 of 105 spans delivered to Zipkin http://z/api/v2/spans; 0 failed"
            + " (refused or unanswered), 5 dropped (the export queue was full)",
        "0|0|0|traces: 0 spans delivered to Zipkin http://z/api/v2/spans",
      })
  void namesWhatWasLostAndWhy(long delivered, long failed, long dropped, String line) {
    var out = new ByteArrayOutputStream();
    RunCommand.printDelivery(
        new LocalRun.Delivery("Zipkin http://z/api/v2/spans", delivered, failed, dropped),
        new PrintStream(out, true, StandardCharsets.UTF_8));
    assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo(line + System.lineSeparator());
  }
}
