package io.simarch.operator.testing;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.javaoperatorsdk.operator.api.monitoring.Metrics;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/** JOSDK metrics hook that counts finished reconciles per resource name. */
public final class ReconcileCounter implements Metrics {
  private final Map<String, AtomicInteger> finished = new ConcurrentHashMap<>();

  @Override
  public void finishedReconciliation(HasMetadata resource, Map<String, Object> metadata) {
    finished
        .computeIfAbsent(resource.getMetadata().getName(), k -> new AtomicInteger())
        .incrementAndGet();
  }

  public int finished(String name) {
    var n = finished.get(name);
    return n == null ? 0 : n.get();
  }
}
