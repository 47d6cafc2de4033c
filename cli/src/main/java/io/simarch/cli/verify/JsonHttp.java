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
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * GETs JSON from a backend's public API. Every request has a timeout, so a backend that stops
 * answering fails the verification instead of hanging it; what is not an answer of the API becomes
 * a {@link BackendException} quoting what came back.
 */
final class JsonHttp {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final URI base;
  private final HttpClient http;
  private final Duration timeout;
  private final String api;
  private final boolean errorsAsJson;

  /**
   * @param url the backend's base URL
   * @param example a base URL to show in errors, e.g. {@code http://127.0.0.1:9411}
   * @param api what answers, for errors: "Zipkin's", "Prometheus's"
   * @param errorsAsJson whether the API answers a bad request 400 or 422 with a JSON body to pass
   *     on (Prometheus does, with its reason); otherwise any status but 200 is an error here
   * @throws IllegalArgumentException when it is not an http(s) URL
   */
  JsonHttp(String url, String example, String api, boolean errorsAsJson, Duration timeout) {
    URI uri;
    try {
      uri = URI.create(url.replaceAll("/+$", "") + "/");
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("not a URL: " + e.getMessage());
    }
    if (!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme())) {
      throw new IllegalArgumentException("not an http(s) URL, e.g. " + example);
    }
    if (uri.getHost() == null) {
      throw new IllegalArgumentException("no host, e.g. " + example);
    }
    this.base = uri;
    this.api = api;
    this.errorsAsJson = errorsAsJson;
    this.timeout = timeout;
    this.http =
        HttpClient.newBuilder()
            .connectTimeout(timeout)
            .version(HttpClient.Version.HTTP_1_1)
            .build();
  }

  URI base() {
    return base;
  }

  Duration timeout() {
    return timeout;
  }

  /** The JSON at {@code path} (relative to the base); null on a 404 when {@code notFoundIsNull}. */
  CompletableFuture<JsonNode> get(String path, boolean notFoundIsNull) {
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
              JsonNode node;
              try {
                node = JSON.readTree(resp.body());
                if (node == null || node.isMissingNode()) {
                  throw new IOException("empty body");
                }
              } catch (IOException e) {
                node = null;
              }
              boolean apiError =
                  errorsAsJson
                      && node != null
                      && (resp.statusCode() == 400 || resp.statusCode() == 422);
              if (resp.statusCode() != 200 && !apiError) {
                throw new BackendException(
                    "GET " + uri + ": HTTP " + resp.statusCode() + " " + body(resp.body()), false);
              }
              if (node == null) {
                throw new BackendException(
                    "GET " + uri + ": not " + api + " JSON: " + body(resp.body()), false);
              }
              return node;
            });
  }

  static String body(byte[] b) {
    return abbreviate(new String(b, StandardCharsets.UTF_8));
  }

  static String abbreviate(String s) {
    s = s.replaceAll("\\s+", " ").trim();
    return s.length() > 120 ? s.substring(0, 120) + "…" : s;
  }

  static <T> T join(CompletableFuture<T> f) {
    try {
      return f.join();
    } catch (CompletionException e) {
      if (e.getCause() instanceof BackendException b) {
        throw b;
      }
      throw e;
    }
  }
}
