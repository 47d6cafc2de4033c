package io.simarch.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.simarch.api.model.Tracing;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Upload URLs from what users write: a base URL, with or without a slash, or the full URL. */
class TracingUrlsTest {
  @ParameterizedTest
  @CsvSource({
    "http://c:4318, http://c:4318/v1/traces",
    "http://c:4318/, http://c:4318/v1/traces",
    "http://c:4318/v1/traces, http://c:4318/v1/traces",
    "http://c:4318/v1/traces/, http://c:4318/v1/traces",
    "http://c:4318/otlp, http://c:4318/otlp/v1/traces"
  })
  void otlpTraces(String base, String url) {
    assertThat(Tracing.otlpTraces(base)).isEqualTo(url);
  }

  @ParameterizedTest
  @CsvSource({
    "http://z:9411, http://z:9411/api/v2/spans",
    "http://z:9411//, http://z:9411/api/v2/spans",
    "http://z:9411/api/v2/spans, http://z:9411/api/v2/spans"
  })
  void zipkinSpans(String base, String url) {
    assertThat(Tracing.zipkinSpans(base)).isEqualTo(url);
  }
}
