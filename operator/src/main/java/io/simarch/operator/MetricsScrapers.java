package io.simarch.operator;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Map;

/**
 * Who may scrape the stubs' {@code /metrics} through their NetworkPolicies: the pods whose labels
 * include {@code podLabels} in the namespaces whose labels include {@code namespaceLabels} (an
 * empty map matches every pod, or every namespace). The default admits pods labelled {@value
 * Labels#METRICS_SCRAPER}=true anywhere; a Prometheus in its own namespace (kube-prometheus-stack's
 * {@code monitoring}, say) is admitted by that namespace's labels instead, with no label on its
 * pods.
 */
public record MetricsScrapers(Map<String, String> namespaceLabels, Map<String, String> podLabels) {
  public static final String NAMESPACE_ENV = "SIMARCH_SCRAPER_NAMESPACE_LABELS";
  public static final String POD_ENV = "SIMARCH_SCRAPER_POD_LABELS";

  public static final MetricsScrapers DEFAULT =
      new MetricsScrapers(Map.of(), Map.of(Labels.METRICS_SCRAPER, "true"));

  public MetricsScrapers {
    namespaceLabels = Map.copyOf(namespaceLabels);
    podLabels = Map.copyOf(podLabels);
    if (namespaceLabels.isEmpty() && podLabels.isEmpty()) {
      throw new IllegalArgumentException(
          "metrics scrapers: "
              + NAMESPACE_ENV
              + " and "
              + POD_ENV
              + " are both empty, which would let every pod of every namespace reach the stub port;"
              + " name the Prometheus namespace's labels or its pods' labels");
    }
  }

  /**
   * Reads {@value #NAMESPACE_ENV} and {@value #POD_ENV}, each a JSON object of labels (the chart
   * writes them with {@code toJson}); an absent variable keeps the default.
   */
  public static MetricsScrapers fromEnv(Map<String, String> env) {
    return new MetricsScrapers(
        labels(env, NAMESPACE_ENV, DEFAULT.namespaceLabels()),
        labels(env, POD_ENV, DEFAULT.podLabels()));
  }

  private static Map<String, String> labels(
      Map<String, String> env, String name, Map<String, String> fallback) {
    String value = env.get(name);
    if (value == null) {
      return fallback;
    }
    if (value.isBlank()) {
      return Map.of();
    }
    try {
      return new ObjectMapper().readValue(value, new TypeReference<Map<String, String>>() {});
    } catch (Exception e) {
      throw new IllegalArgumentException(
          name
              + "="
              + value
              + " is not a JSON object of labels; write e.g. "
              + name
              + "='{\"kubernetes.io/metadata.name\":\"monitoring\"}' or {} for none",
          e);
    }
  }
}
