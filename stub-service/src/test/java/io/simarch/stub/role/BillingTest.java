package io.simarch.stub.role;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.simarch.api.model.Defaults;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** AWS Lambda's arithmetic: duration rounded up to 1 ms, times memory, priced. */
class BillingTest {
  @ParameterizedTest(name = "{0} ns at {1} MiB: {2} ms, {3} GB-s, ${4}")
  @CsvSource({
    // nanoseconds, MiB, billed ms, GB-seconds, USD at the default prices
    "1,             128,   1,    0.000125,  0.0000002020833",
    "1000000,       128,   1,    0.000125,  0.0000002020833",
    "1000001,       128,   2,    0.00025,   0.0000002041667",
    "250000000,     1024,  250,  0.25,      0.000004366675",
    "1500000000,    512,   1500, 0.75,      0.000012700025",
    "999999999999,  10240, 1000000, 10000,  0.1666672"
  })
  void billsTheDurationRoundedUpToAMillisecondTimesMemory(
      long nanos, int memoryMb, long billedMs, double gbSeconds, double usd) {
    var billing =
        new Billing(
            memoryMb, Defaults.FUNCTION_PRICE_PER_GB_SECOND, Defaults.FUNCTION_PRICE_PER_REQUEST);
    Billing.Bill bill = billing.bill(nanos);
    assertThat(bill.billedMs()).isEqualTo(billedMs);
    assertThat(bill.gbSeconds()).isCloseTo(gbSeconds, within(1e-12));
    assertThat(bill.costUsd()).isCloseTo(usd, within(1e-12));
  }

  @ParameterizedTest(name = "${1}/GB-s and ${2}/request at {0} MiB")
  @CsvSource({"2048, 0.00001, 0.000001, 0.000021", "128, 0, 0, 0", "1024, 0.0001, 0, 0.0001"})
  void usesThePricesItIsGiven(int memoryMb, double perGbS, double perRequest, double usd) {
    // one second
    assertThat(new Billing(memoryMb, perGbS, perRequest).bill(1_000_000_000L).costUsd())
        .isCloseTo(usd, within(1e-15));
  }

  @ParameterizedTest
  @CsvSource({"128, 134217728", "10240, 10737418240"})
  void statesMemoryInBytesForTheSpan(int memoryMb, long bytes) {
    assertThat(new Billing(memoryMb, 0, 0).maxMemoryBytes()).isEqualTo(bytes);
  }
}
