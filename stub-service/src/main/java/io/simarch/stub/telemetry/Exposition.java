package io.simarch.stub.telemetry;

import io.prometheus.metrics.expositionformats.ExpositionFormatWriter;
import io.prometheus.metrics.expositionformats.ExpositionFormats;
import io.prometheus.metrics.model.snapshots.CounterSnapshot;
import io.prometheus.metrics.model.snapshots.DataPointSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.HistogramSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** {@link NodeMetrics} series on the wire, in the format the scraper asks for. */
public final class Exposition {
  private static final ExpositionFormats FORMATS = ExpositionFormats.init();

  /** A response body and its content type. */
  public record Body(String contentType, byte[] bytes) {}

  private Exposition() {}

  /**
   * @param accept the scrape's Accept header (null for the Prometheus text format)
   */
  public static Body write(MetricSnapshots snapshots, String accept) {
    ExpositionFormatWriter writer = FORMATS.findWriter(accept);
    var out = new ByteArrayOutputStream(8192);
    try {
      writer.write(out, snapshots);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return new Body(writer.getContentType(), out.toByteArray());
  }

  /**
   * Many instances' series as one exposition: each family once, with every instance's data points.
   * The instances' series must differ by their constant labels ({@link
   * NodeMetrics#INSTANCE_LABELS}).
   */
  public static MetricSnapshots merge(Iterable<MetricSnapshots> instances) {
    Map<String, List<MetricSnapshot>> byName = new LinkedHashMap<>();
    for (MetricSnapshots s : instances) {
      for (MetricSnapshot m : s) {
        byName.computeIfAbsent(m.getMetadata().getPrometheusName(), k -> new ArrayList<>()).add(m);
      }
    }
    var out = new ArrayList<MetricSnapshot>(byName.size());
    byName.values().forEach(family -> out.add(merged(family)));
    return new MetricSnapshots(out);
  }

  @SuppressWarnings("unchecked")
  private static MetricSnapshot merged(List<MetricSnapshot> family) {
    MetricSnapshot first = family.get(0);
    if (family.size() == 1) {
      return first;
    }
    var points = new ArrayList<DataPointSnapshot>();
    family.forEach(m -> points.addAll(m.getDataPoints()));
    if (first instanceof CounterSnapshot) {
      return new CounterSnapshot(
          first.getMetadata(), (List<CounterSnapshot.CounterDataPointSnapshot>) (List<?>) points);
    }
    if (first instanceof GaugeSnapshot) {
      return new GaugeSnapshot(
          first.getMetadata(), (List<GaugeSnapshot.GaugeDataPointSnapshot>) (List<?>) points);
    }
    if (first instanceof HistogramSnapshot h) {
      return new HistogramSnapshot(
          h.isGaugeHistogram(),
          first.getMetadata(),
          (List<HistogramSnapshot.HistogramDataPointSnapshot>) (List<?>) points);
    }
    throw new IllegalArgumentException(
        "no merge for " + first.getClass().getSimpleName() + " " + first.getMetadata().getName());
  }
}
