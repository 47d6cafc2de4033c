package io.simarch.cli.imports;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.simarch.cli.imports.ZipkinSpans.BadTracesException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Reading Zipkin v2 JSON: the shapes accepted, and a message naming what is wrong otherwise. */
class ZipkinSpansTest {
  static final String SPAN =
      "{\"traceId\":\"t1\",\"id\":\"a\",\"kind\":\"SERVER\",\"timestamp\":10,\"duration\":5,"
          + "\"localEndpoint\":{\"serviceName\":\"api\",\"ipv4\":\"10.0.0.1\",\"port\":8080},"
          + "\"remoteEndpoint\":{\"serviceName\":\"www\"},\"tags\":{\"error\":\"\"}}";

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "traces (GET /api/v2/traces) | [[" + "SPAN" + "],[" + "SPAN" + "]] | 2",
        "a flat span array | [" + "SPAN" + "," + "SPAN" + "] | 2",
        "one span | SPAN | 1"
      })
  void acceptsTracesSpanArraysAndOneSpan(String what, String json, int spans) {
    var parsed = ZipkinSpans.parse(json.replace("SPAN", SPAN), "f.json");

    assertThat(parsed).hasSize(spans);
    var s = parsed.get(0);
    assertThat(s.service()).isEqualTo("api");
    assertThat(s.address()).isEqualTo("10.0.0.1:8080");
    assertThat(s.remoteService()).isEqualTo("www");
    assertThat(s.isServer()).isTrue();
    assertThat(s.isError()).isTrue();
    assertThat(s.timestamp()).isEqualTo(10);
    assertThat(s.duration()).isEqualTo(5);
    assertThat(s.parentId()).isNull();
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "not JSON | <html>zipkin</html> | f.json: not JSON",
        "empty | '' | f.json: empty; give Zipkin v2 JSON",
        "a number | 42 | f.json: is number, not Zipkin v2 JSON",
        "no traces | [] | f.json: holds no spans",
        "empty traces | [[],[]] | f.json: holds no spans",
        "not spans | [1,2] | f.json: $[0] is 1, not a span",
        "a span without traceId | [{\"id\":\"a\"}] | f.json: $[0] has no traceId",
        "a span without id | [[{\"traceId\":\"t\"}]] | f.json: $[0][0] has no id"
      })
  void badInputIsNamedWithTheFix(String what, String json, String message) {
    assertThatThrownBy(() -> ZipkinSpans.parse(json, "f.json"))
        .isInstanceOf(BadTracesException.class)
        .hasMessageContaining(message);
  }

  @Test
  void aMissingServiceNameIsNullNotBlank() {
    var s =
        ZipkinSpans.parse(
                "[{\"traceId\":\"t\",\"id\":\"a\",\"localEndpoint\":{\"serviceName\":\"\"}}]", "x")
            .get(0);

    assertThat(s.service()).isNull();
    assertThat(s.address()).isNull();
    assertThat(s.kind()).isNull();
  }
}
