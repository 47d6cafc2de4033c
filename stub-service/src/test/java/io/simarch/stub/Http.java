package io.simarch.stub;

import io.simarch.stub.core.Keys;
import io.simarch.stub.local.StubInstance;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/** A plain HTTP client for tests, speaking the stub's wire format. */
public final class Http {
  private static final HttpClient CLIENT =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  /** A response: status, the value (padding removed), who answered. */
  public record Answer(int status, String value, String instance, String outcome) {}

  private Http() {}

  public static Answer get(StubInstance to, String key) {
    return get(to.url(), key, false);
  }

  /** {@code forwarded}: a ring node answers from its own map. */
  public static Answer get(String url, String key, boolean forwarded) {
    var b = HttpRequest.newBuilder(URI.create(url + "/kv/" + Keys.encode(key))).GET();
    if (forwarded) {
      b.header("x-simarch-forwarded", "1");
    }
    return send(b.build());
  }

  public static Answer put(StubInstance to, String key, String value) {
    return put(to.url(), key, value);
  }

  public static Answer put(String url, String key, String value) {
    return send(
        HttpRequest.newBuilder(URI.create(url + "/kv/" + Keys.encode(key)))
            .header("Content-Type", "application/octet-stream")
            .PUT(HttpRequest.BodyPublishers.ofString(value))
            .build());
  }

  public static HttpResponse<String> raw(String url) {
    try {
      return CLIENT.send(
          HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private static Answer send(HttpRequest request) {
    try {
      HttpResponse<byte[]> r = CLIENT.send(request, HttpResponse.BodyHandlers.ofByteArray());
      int length =
          r.headers()
              .firstValue("x-simarch-value-length")
              .map(Integer::parseInt)
              .orElse(r.body().length);
      return new Answer(
          r.statusCode(),
          new String(r.body(), 0, Math.min(length, r.body().length), StandardCharsets.UTF_8),
          r.headers().firstValue("x-simarch-instance").orElse(null),
          r.headers().firstValue("x-simarch-outcome").orElse(null));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
