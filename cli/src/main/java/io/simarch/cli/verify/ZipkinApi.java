package io.simarch.cli.verify;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;

/**
 * Zipkin's public query API v2, the parts verification reads: {@code /api/v2/trace/{id}}, {@code
 * /api/v2/traces} (for import) and {@code /api/v2/dependencies}. Every request has a timeout, so a
 * backend that stops answering fails the verification instead of hanging it.
 */
public final class ZipkinApi {
  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(15);

  private final JsonHttp http;

  /**
   * @param url Zipkin's base URL, e.g. {@code http://127.0.0.1:9411}; a trailing {@code
   *     /api/v2/spans} (the collector endpoint) is accepted too
   * @throws IllegalArgumentException when it is not an http(s) URL
   */
  public ZipkinApi(String url) {
    this(url, DEFAULT_TIMEOUT);
  }

  /**
   * @param timeout for connecting and for each answer
   */
  public ZipkinApi(String url, Duration timeout) {
    String u = url.replaceAll("/+$", "").replaceAll("/api/v2/spans$", "");
    this.http = new JsonHttp(u, "http://127.0.0.1:9411", "Zipkin's", false, timeout);
  }

  public Duration timeout() {
    return http.timeout();
  }

  public URI base() {
    return http.base();
  }

  /** The trace's spans, or null when Zipkin does not know it (404). */
  public JsonNode trace(String traceId) {
    return JsonHttp.join(traceAsync(traceId));
  }

  /** As {@link #trace}, without blocking. */
  public CompletableFuture<JsonNode> traceAsync(String traceId) {
    return http.get("api/v2/trace/" + traceId, true);
  }

  /** The dependency links of the {@code lookbackMs} before {@code endTsMs}. */
  public JsonNode dependencies(long endTsMs, long lookbackMs) {
    JsonNode links =
        JsonHttp.join(
            http.get("api/v2/dependencies?endTs=" + endTsMs + "&lookback=" + lookbackMs, false));
    if (!links.isArray()) {
      throw new BackendException(
          base()
              + "api/v2/dependencies answered "
              + JsonHttp.abbreviate(links.toString())
              + ", not a list",
          false);
    }
    return links;
  }

  /**
   * Up to {@code limit} traces of every service from the {@code lookbackMs} before {@code endTsMs},
   * as {@code /api/v2/traces} answers them: an array of traces, each an array of spans.
   */
  public JsonNode traces(long endTsMs, long lookbackMs, int limit) {
    JsonNode traces =
        JsonHttp.join(
            http.get(
                "api/v2/traces?endTs=" + endTsMs + "&lookback=" + lookbackMs + "&limit=" + limit,
                false));
    if (!traces.isArray()) {
      throw new BackendException(
          base()
              + "api/v2/traces answered "
              + JsonHttp.abbreviate(traces.toString())
              + ", not a list",
          false);
    }
    return traces;
  }
}
