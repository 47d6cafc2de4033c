package io.simarch.stub.core;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/** An HTTP response for the listener to write. */
public record HttpOut(
    int status, String contentType, List<Map.Entry<String, String>> headers, byte[] body) {
  public static HttpOut text(int status, String text) {
    return new HttpOut(
        status, "text/plain; charset=utf-8", List.of(), text.getBytes(StandardCharsets.UTF_8));
  }

  public static HttpOut json(int status, String json) {
    return new HttpOut(
        status, "application/json", List.of(), json.getBytes(StandardCharsets.UTF_8));
  }
}
