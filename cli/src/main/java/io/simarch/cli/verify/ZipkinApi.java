package io.simarch.cli.verify;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;

/**
 * Zipkin's public query API v2, the parts verification and import read: {@code /api/v2/trace/{id}},
 * {@code /api/v2/traces} and {@code /api/v2/dependencies}. Every request has a timeout, so a
 * backend that stops answering fails the verification instead of hanging it.
 */
public final class ZipkinApi {
  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(15);
  private static final ObjectMapper JSON = new ObjectMapper();

  /** The backend could not be asked or did not answer as Zipkin does. */
  public static final class BackendException extends RuntimeException {
    /** Whether the backend was not reachable at all (rather than answering wrongly). */
    public final boolean unreachable;

    BackendException(String message, boolean unreachable) {
      super(message);
      this.unreachable = unreachable;
    }
  }

  private final URI base;
  private final HttpClient http;
  private final Duration timeout;

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
    URI uri;
    try {
      uri = URI.create(u + "/");
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("not a URL: " + e.getMessage());
    }
    if (!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme())) {
      throw new IllegalArgumentException("not an http(s) URL, e.g. http://127.0.0.1:9411");
    }
    if (uri.getHost() == null) {
      throw new IllegalArgumentException("no host, e.g. http://127.0.0.1:9411");
    }
    this.base = uri;
    this.timeout = timeout;
    this.http =
        HttpClient.newBuilder()
            .connectTimeout(timeout)
            .version(HttpClient.Version.HTTP_1_1)
            .build();
  }

  public Duration timeout() {
    return timeout;
  }

  public URI base() {
    return base;
  }

  /** The trace's spans, or null when Zipkin does not know it (404). */
  public JsonNode trace(String traceId) {
    return join(traceAsync(traceId));
  }

  /** As {@link #trace}, without blocking. */
  public CompletableFuture<JsonNode> traceAsync(String traceId) {
    return get("api/v2/trace/" + traceId, true);
  }

  /** The dependency links of the {@code lookbackMs} before {@code endTsMs}. */
  public JsonNode dependencies(long endTsMs, long lookbackMs) {
    JsonNode links =
        join(get("api/v2/dependencies?endTs=" + endTsMs + "&lookback=" + lookbackMs, false));
    if (!links.isArray()) {
      throw new BackendException(
          base + "api/v2/dependencies answered " + abbreviate(links.toString()) + ", not a list",
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
        join(
            get(
                "api/v2/traces?endTs=" + endTsMs + "&lookback=" + lookbackMs + "&limit=" + limit,
                false));
    if (!traces.isArray()) {
      throw new BackendException(
          base + "api/v2/traces answered " + abbreviate(traces.toString()) + ", not a list", false);
    }
    return traces;
  }

  private CompletableFuture<JsonNode> get(String path, boolean notFoundIsNull) {
    URI uri = base.resolve(path);
    var request = HttpRequest.newBuilder(uri).timeout(timeout).GET().build();
    return http.sendAsync(request, HttpResponse.BodyHandlers.ofByteArray())
        .handle(
            (resp, error) -> {
              if (error != null) {
                Throwable c = error.getCause() != null ? error.getCause() : error;
                boolean unreachable = c instanceof ConnectException;
                String why =
                    c instanceof HttpTimeoutException
                        ? "no answer within " + timeout.toMillis() + " ms"
                        : c.toString();
                throw new BackendException("GET " + uri + ": " + why, unreachable);
              }
              if (resp.statusCode() == 404 && notFoundIsNull) {
                return null;
              }
              if (resp.statusCode() != 200) {
                throw new BackendException(
                    "GET " + uri + ": HTTP " + resp.statusCode() + " " + body(resp.body()), false);
              }
              try {
                JsonNode node = JSON.readTree(resp.body());
                if (node == null || node.isMissingNode()) {
                  throw new IOException("empty body");
                }
                return node;
              } catch (IOException e) {
                throw new BackendException(
                    "GET " + uri + ": not Zipkin's JSON: " + body(resp.body()), false);
              }
            });
  }

  private static String body(byte[] b) {
    return abbreviate(new String(b, java.nio.charset.StandardCharsets.UTF_8));
  }

  private static String abbreviate(String s) {
    s = s.replaceAll("\\s+", " ").trim();
    return s.length() > 120 ? s.substring(0, 120) + "…" : s;
  }

  private static <T> T join(CompletableFuture<T> f) {
    try {
      return f.join();
    } catch (java.util.concurrent.CompletionException e) {
      if (e.getCause() instanceof BackendException b) {
        throw b;
      }
      throw e;
    }
  }
}
