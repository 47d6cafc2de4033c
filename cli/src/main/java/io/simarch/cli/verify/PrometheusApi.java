package io.simarch.cli.verify;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * Prometheus's HTTP API, the part verification reads: instant queries ({@code /api/v1/query}).
 * Every request has a timeout.
 */
public final class PrometheusApi {
  private final JsonHttp http;

  /**
   * @param url Prometheus's base URL, e.g. {@code http://127.0.0.1:9090}
   * @throws IllegalArgumentException when it is not an http(s) URL
   */
  public PrometheusApi(String url, Duration timeout) {
    this.http = new JsonHttp(url, "http://127.0.0.1:9090", "Prometheus's", true, timeout);
  }

  public URI base() {
    return http.base();
  }

  /**
   * The {@code data.result} of an instant query at {@code timeSeconds}: a list of series, each with
   * its {@code metric} labels and a {@code value} (a vector) or {@code values} (a range selector).
   */
  public JsonNode query(String promql, double timeSeconds) {
    String path =
        "api/v1/query?query="
            + URLEncoder.encode(promql, StandardCharsets.UTF_8)
            + "&time="
            + String.format(java.util.Locale.ROOT, "%.3f", timeSeconds);
    JsonNode answer = JsonHttp.join(http.get(path, false));
    String where = "GET " + base() + "api/v1/query " + promql;
    if (!"success".equals(answer.path("status").asText())) {
      throw new BackendException(
          where
              + ": "
              + (answer.has("error")
                  ? answer.path("errorType").asText() + ": " + answer.path("error").asText()
                  : "not Prometheus's answer: " + JsonHttp.abbreviate(answer.toString())),
          false);
    }
    JsonNode result = answer.path("data").path("result");
    if (!result.isArray()) {
      throw new BackendException(
          where + ": no result list in " + JsonHttp.abbreviate(answer.toString()), false);
    }
    return result;
  }

  /** A sample's value: Prometheus writes numbers as strings ("12", "NaN"). */
  static double value(JsonNode sample) {
    try {
      return Double.parseDouble(sample.path(1).asText());
    } catch (NumberFormatException e) {
      throw new BackendException("not a sample: " + sample, false);
    }
  }
}
