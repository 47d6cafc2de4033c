package io.simarch.testkit;

import com.sun.net.httpserver.HttpServer;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.resource.v1.Resource;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;

/**
 * A real OTLP/HTTP (protobuf) trace receiver that tests query: on loopback, or on an address pods
 * of a test cluster reach (the kit's gateway).
 */
public final class OtlpReceiver implements AutoCloseable {
  /** A span link: the linked span's trace and span ids, in hex. */
  public record Link(String traceId, String spanId) {}

  /** A received span with its resource's attributes and its links. */
  public record Received(
      String traceId,
      String spanId,
      String parentId,
      String name,
      Span.SpanKind kind,
      long startNanos,
      long endNanos,
      Map<String, String> attributes,
      Map<String, String> resource,
      List<Link> links) {
    public String service() {
      return resource.get("service.name");
    }

    public String instance() {
      return resource.get("service.instance.id");
    }

    public String attr(String key) {
      return attributes.get(key);
    }
  }

  private final HttpServer server;
  private final ConcurrentLinkedQueue<Received> spans = new ConcurrentLinkedQueue<>();
  private final AtomicLong requests = new AtomicLong();
  private final AtomicLong counted = new AtomicLong();
  private final boolean retain;

  public OtlpReceiver() throws IOException {
    this(true);
  }

  public OtlpReceiver(boolean retain) throws IOException {
    this("127.0.0.1", retain);
  }

  /**
   * @param bindAddress where to listen; tests never listen beyond loopback or a test cluster
   * @param retain false to only count spans (a benchmark's receiver must not fill the heap of the
   *     JVM that also generates the load)
   */
  public OtlpReceiver(String bindAddress, boolean retain) throws IOException {
    this.retain = retain;
    server = HttpServer.create(new InetSocketAddress(bindAddress, 0), 64);
    server.createContext(
        "/v1/traces",
        exchange -> {
          byte[] body = exchange.getRequestBody().readAllBytes();
          if (!retain) {
            counted.addAndGet(countSpans(body));
            requests.incrementAndGet();
            exchange.getResponseHeaders().set("Content-Type", "application/x-protobuf");
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
            return;
          }
          ExportTraceServiceRequest req = ExportTraceServiceRequest.parseFrom(body);
          for (ResourceSpans rs : req.getResourceSpansList()) {
            Map<String, String> resource = attrs(rs.getResource());
            for (ScopeSpans ss : rs.getScopeSpansList()) {
              for (Span s : ss.getSpansList()) {
                spans.add(
                    new Received(
                        hex(s.getTraceId().toByteArray()),
                        hex(s.getSpanId().toByteArray()),
                        s.getParentSpanId().isEmpty()
                            ? null
                            : hex(s.getParentSpanId().toByteArray()),
                        s.getName(),
                        s.getKind(),
                        s.getStartTimeUnixNano(),
                        s.getEndTimeUnixNano(),
                        attrs(s.getAttributesList()),
                        resource,
                        s.getLinksList().stream()
                            .map(
                                l ->
                                    new Link(
                                        hex(l.getTraceId().toByteArray()),
                                        hex(l.getSpanId().toByteArray())))
                            .toList()));
              }
            }
          }
          requests.incrementAndGet();
          exchange.getResponseHeaders().set("Content-Type", "application/x-protobuf");
          exchange.sendResponseHeaders(200, -1);
          exchange.close();
        });
    server.setExecutor(java.util.concurrent.Executors.newFixedThreadPool(4));
    server.start();
  }

  /** The full URL of the traces path, as OTLP/HTTP exporters are configured per signal. */
  public String endpoint() {
    return base() + "/v1/traces";
  }

  /** The base URL, as {@code OTEL_EXPORTER_OTLP_ENDPOINT} takes it. */
  public String base() {
    return "http://" + server.getAddress().getHostString() + ":" + server.getAddress().getPort();
  }

  public List<Received> spans() {
    return new ArrayList<>(spans);
  }

  public Map<String, List<Received>> traces() {
    return spans().stream().collect(Collectors.groupingBy(Received::traceId));
  }

  public long count() {
    return retain ? spans.size() : counted.get();
  }

  public void clear() {
    spans.clear();
  }

  /**
   * Counts spans by walking the wire format (request.resource_spans[1] → scope_spans[2] → spans[2])
   * without building them, so the receiver costs the benchmark little CPU.
   */
  static long countSpans(byte[] body) throws IOException {
    long n = 0;
    var request = com.google.protobuf.CodedInputStream.newInstance(body);
    for (int tag; (tag = request.readTag()) != 0; ) {
      if (tag >>> 3 != 1) {
        request.skipField(tag);
        continue;
      }
      var resourceSpans = request.readBytes().newCodedInput();
      for (int t; (t = resourceSpans.readTag()) != 0; ) {
        if (t >>> 3 != 2) {
          resourceSpans.skipField(t);
          continue;
        }
        var scopeSpans = resourceSpans.readBytes().newCodedInput();
        for (int u; (u = scopeSpans.readTag()) != 0; ) {
          if (u >>> 3 == 2) {
            n++;
          }
          scopeSpans.skipField(u);
        }
      }
    }
    return n;
  }

  private static Map<String, String> attrs(Resource r) {
    return attrs(r.getAttributesList());
  }

  private static Map<String, String> attrs(List<KeyValue> kvs) {
    return kvs.stream()
        .collect(Collectors.toMap(KeyValue::getKey, kv -> str(kv.getValue()), (a, b) -> b));
  }

  private static String str(AnyValue v) {
    return switch (v.getValueCase()) {
      case STRING_VALUE -> v.getStringValue();
      case INT_VALUE -> Long.toString(v.getIntValue());
      case BOOL_VALUE -> Boolean.toString(v.getBoolValue());
      case DOUBLE_VALUE -> Double.toString(v.getDoubleValue());
      default -> v.toString();
    };
  }

  private static String hex(byte[] b) {
    return HexFormat.of().formatHex(b);
  }

  @Override
  public void close() {
    server.stop(0);
    ((java.util.concurrent.ExecutorService) server.getExecutor()).shutdownNow();
  }
}
