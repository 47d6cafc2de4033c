package io.simarch.cli.run;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.LinkedHashMap;

/**
 * Spans as JSON lines, for runs without a trace receiver: one object per span with trace, span and
 * parent ids, name, kind, service, instance, times and attributes. {@code jq} reads it.
 */
final class TraceFileExporter implements SpanExporter {
  private static final AttributeKey<String> SERVICE = AttributeKey.stringKey("service.name");
  private static final AttributeKey<String> INSTANCE =
      AttributeKey.stringKey("service.instance.id");

  private final ObjectMapper json = new ObjectMapper();
  private final BufferedWriter out;
  private long spans;

  TraceFileExporter(Path file) {
    try {
      out = Files.newBufferedWriter(file);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write --trace-file " + file, e);
    }
  }

  @Override
  public synchronized CompletableResultCode export(Collection<SpanData> batch) {
    try {
      for (SpanData s : batch) {
        var m = new LinkedHashMap<String, Object>();
        m.put("traceId", s.getTraceId());
        m.put("spanId", s.getSpanId());
        if (s.getParentSpanContext().isValid()) {
          m.put("parentSpanId", s.getParentSpanId());
        }
        m.put("name", s.getName());
        m.put("kind", s.getKind().name());
        m.put("service", s.getResource().getAttribute(SERVICE));
        m.put("instance", s.getResource().getAttribute(INSTANCE));
        m.put("startEpochNanos", s.getStartEpochNanos());
        m.put("durationMicros", (s.getEndEpochNanos() - s.getStartEpochNanos()) / 1000);
        m.put("status", s.getStatus().getStatusCode().name());
        var attrs = new LinkedHashMap<String, Object>();
        s.getAttributes().forEach((k, v) -> attrs.put(k.getKey(), v));
        m.put("attributes", attrs);
        out.write(json.writeValueAsString(m));
        out.newLine();
        spans++;
      }
      return CompletableResultCode.ofSuccess();
    } catch (IOException e) {
      return CompletableResultCode.ofFailure();
    }
  }

  synchronized long spans() {
    return spans;
  }

  @Override
  public synchronized CompletableResultCode flush() {
    try {
      out.flush();
      return CompletableResultCode.ofSuccess();
    } catch (IOException e) {
      return CompletableResultCode.ofFailure();
    }
  }

  @Override
  public synchronized CompletableResultCode shutdown() {
    try {
      out.close();
      return CompletableResultCode.ofSuccess();
    } catch (IOException e) {
      return CompletableResultCode.ofFailure();
    }
  }
}
