package io.simarch.cli;

import com.sun.net.httpserver.HttpServer;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.trace.v1.Span;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/** A real OTLP/HTTP (protobuf) trace receiver on loopback that tests query. */
final class OtlpReceiver implements AutoCloseable {
  /** A received span with its resource's service name and instance. */
  record Received(
      String service,
      String instance,
      String traceId,
      String spanId,
      String parentSpanId,
      String name,
      Span span) {}

  private final HttpServer server;
  private final List<Received> spans = new ArrayList<>();

  OtlpReceiver() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext(
        "/v1/traces",
        exchange -> {
          var req = ExportTraceServiceRequest.parseFrom(exchange.getRequestBody().readAllBytes());
          synchronized (spans) {
            for (var rs : req.getResourceSpansList()) {
              String service = attr(rs.getResource().getAttributesList(), "service.name");
              String instance = attr(rs.getResource().getAttributesList(), "service.instance.id");
              for (var ss : rs.getScopeSpansList()) {
                for (Span s : ss.getSpansList()) {
                  spans.add(
                      new Received(
                          service,
                          instance,
                          hex(s.getTraceId().toByteArray()),
                          hex(s.getSpanId().toByteArray()),
                          hex(s.getParentSpanId().toByteArray()),
                          s.getName(),
                          s));
                }
              }
            }
          }
          exchange.sendResponseHeaders(200, -1);
          exchange.close();
        });
    server.start();
  }

  String url() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  List<Received> spans() {
    synchronized (spans) {
      return List.copyOf(spans);
    }
  }

  private static String attr(List<io.opentelemetry.proto.common.v1.KeyValue> attrs, String key) {
    return attrs.stream()
        .filter(a -> a.getKey().equals(key))
        .map(a -> a.getValue().getStringValue())
        .findFirst()
        .orElse(null);
  }

  private static String hex(byte[] b) {
    return b.length == 0 ? "" : HexFormat.of().formatHex(b);
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
