package io.simarch.cli.imports;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads Zipkin v2 JSON: what {@code /api/v2/traces} answers (an array of traces, each an array of
 * spans), a flat array of spans (as {@code /api/v2/trace/{id}} answers or {@code /api/v2/spans}
 * takes), or one span object. Only what the import needs is kept.
 */
public final class ZipkinSpans {
  private static final ObjectMapper JSON = new ObjectMapper();

  private ZipkinSpans() {}

  /** Input that is not Zipkin v2 JSON; the message names what is wrong and the fix. */
  public static final class BadTracesException extends RuntimeException {
    public BadTracesException(String message) {
      super(message);
    }
  }

  /** A Zipkin v2 span; times in microseconds. */
  public record Span(
      String traceId,
      String id,
      String parentId,
      String kind,
      String name,
      long timestamp,
      long duration,
      String service,
      String address,
      String remoteService,
      Map<String, String> tags) {
    public boolean isServer() {
      return "SERVER".equals(kind);
    }

    public boolean isClient() {
      return "CLIENT".equals(kind);
    }

    /** Zipkin's {@code error} tag, which the OpenTelemetry exporter sets for status ERROR. */
    public boolean isError() {
      return tags.containsKey("error");
    }

    public String tag(String key) {
      return tags.get(key);
    }
  }

  /** The spans of {@code text}, whose origin {@code source} names in messages. */
  public static List<Span> parse(String text, String source) {
    JsonNode root;
    try {
      root = JSON.readTree(text);
    } catch (JsonProcessingException e) {
      throw new BadTracesException(
          source
              + ": not JSON ("
              + e.getOriginalMessage()
              + "); give Zipkin v2 JSON as GET /api/v2/traces answers it");
    }
    if (root == null || root.isMissingNode()) {
      throw new BadTracesException(
          source + ": empty; give Zipkin v2 JSON as GET /api/v2/traces answers it");
    }
    var spans = new ArrayList<Span>();
    if (root.isObject()) {
      spans.add(span(root, source, "$"));
    } else if (root.isArray()) {
      for (int i = 0; i < root.size(); i++) {
        JsonNode item = root.get(i);
        if (item.isArray()) {
          for (int j = 0; j < item.size(); j++) {
            spans.add(span(item.get(j), source, "$[" + i + "][" + j + "]"));
          }
        } else {
          spans.add(span(item, source, "$[" + i + "]"));
        }
      }
    } else {
      throw new BadTracesException(
          source
              + ": is "
              + root.getNodeType().toString().toLowerCase(java.util.Locale.ROOT)
              + ", not Zipkin v2 JSON; give an array of traces (each an array of spans) as GET"
              + " /api/v2/traces answers, or an array of spans");
    }
    if (spans.isEmpty()) {
      throw new BadTracesException(
          source
              + ": holds no spans; fetch traces over a longer lookback (GET"
              + " /api/v2/traces?lookback=...) or run traffic first");
    }
    return spans;
  }

  private static Span span(JsonNode n, String source, String where) {
    if (!n.isObject()) {
      throw new BadTracesException(
          source + ": " + where + " is " + abbreviate(n) + ", not a span; " + SPAN_FIX);
    }
    String traceId = text(n, "traceId");
    String id = text(n, "id");
    if (traceId == null || id == null) {
      throw new BadTracesException(
          source
              + ": "
              + where
              + " has no "
              + (traceId == null ? "traceId" : "id")
              + " ("
              + abbreviate(n)
              + "); "
              + SPAN_FIX);
    }
    Map<String, String> tags = new LinkedHashMap<>();
    n.path("tags").fields().forEachRemaining(e -> tags.put(e.getKey(), e.getValue().asText()));
    JsonNode local = n.path("localEndpoint");
    String address = null;
    if (local.hasNonNull("ipv4") || local.hasNonNull("ipv6")) {
      address =
          (local.hasNonNull("ipv4") ? local.get("ipv4").asText() : local.get("ipv6").asText())
              + (local.hasNonNull("port") ? ":" + local.get("port").asText() : "");
    }
    return new Span(
        traceId,
        id,
        text(n, "parentId"),
        text(n, "kind"),
        text(n, "name"),
        n.path("timestamp").asLong(0),
        n.path("duration").asLong(0),
        blankToNull(local.path("serviceName").asText(null)),
        address,
        blankToNull(n.path("remoteEndpoint").path("serviceName").asText(null)),
        tags);
  }

  private static final String SPAN_FIX =
      "Zipkin v2 spans have traceId, id, kind, timestamp, duration and localEndpoint.serviceName";

  private static String text(JsonNode n, String field) {
    return n.hasNonNull(field) ? blankToNull(n.get(field).asText()) : null;
  }

  private static String blankToNull(String s) {
    return s == null || s.isBlank() ? null : s;
  }

  private static String abbreviate(JsonNode n) {
    String s = n.toString();
    return s.length() > 60 ? s.substring(0, 60) + "…" : s;
  }
}
