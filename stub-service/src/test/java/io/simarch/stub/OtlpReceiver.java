package io.simarch.stub;

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

/** An OTLP/HTTP (protobuf) trace receiver on loopback that tests query. */
public final class OtlpReceiver implements AutoCloseable {
  /** A received span with its resource's attributes. */
  public record Received(
      String traceId,
      String spanId,
      String parentId,
      String name,
      Span.SpanKind kind,
      long startNanos,
      long endNanos,
      Map<String, String> attributes,
      Map<String, String> resource) {
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

  public OtlpReceiver() throws IOException {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 64);
    server.createContext(
        "/v1/traces",
        exchange -> {
          byte[] body = exchange.getRequestBody().readAllBytes();
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
                        resource));
              }
            }
          }
          requests.incrementAndGet();
          exchange.getResponseHeaders().set("Content-Type", "application/x-protobuf");
          exchange.sendResponseHeaders(200, -1);
          exchange.close();
        });
    server.setExecutor(java.util.concurrent.Executors.newFixedThreadPool(2));
    server.start();
  }

  public String endpoint() {
    return "http://127.0.0.1:" + server.getAddress().getPort() + "/v1/traces";
  }

  public List<Received> spans() {
    return new ArrayList<>(spans);
  }

  public Map<String, List<Received>> traces() {
    return spans().stream().collect(Collectors.groupingBy(Received::traceId));
  }

  public long count() {
    return spans.size();
  }

  public void clear() {
    spans.clear();
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
