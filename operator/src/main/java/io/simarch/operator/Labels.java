package io.simarch.operator;

import io.simarch.api.model.KubeNames;
import io.simarch.api.model.PodLabels;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Every label key the operator writes, and the label sets of its children. Selectors use only
 * {@code simarch.io/*} keys, which nothing else writes; {@code app.kubernetes.io/*} are for people
 * and tools.
 */
public final class Labels {
  public static final String NAME = PodLabels.NAME;
  public static final String INSTANCE = "app.kubernetes.io/instance";
  public static final String COMPONENT = "app.kubernetes.io/component";
  public static final String PART_OF = "app.kubernetes.io/part-of";
  public static final String MANAGED_BY = PodLabels.MANAGED_BY;

  public static final String ARCHITECTURE = PodLabels.ARCHITECTURE;
  public static final String SERVICE = PodLabels.SERVICE;
  public static final String REGION = PodLabels.REGION;
  public static final String ZONE = PodLabels.ZONE;

  /** Pods (in any namespace) with this label may scrape every stub's /metrics. */
  public static final String METRICS_SCRAPER = "simarch.io/metrics-scraper";

  public static final String APP_NAME = PodLabels.APP_NAME;
  public static final String OPERATOR_NAME = PodLabels.OPERATOR_NAME;

  /** Label selector of everything the operator made; its informers watch only that. */
  public static final String MANAGED_SELECTOR = MANAGED_BY + "=" + OPERATOR_NAME;

  public static final String GLOBAL_REGION = PodLabels.GLOBAL_REGION;
  public static final String ANY_ZONE = PodLabels.ANY_ZONE;

  private Labels() {}

  /** Labels of every object made for one service of the architecture {@code architecture}. */
  public static Map<String, String> forService(
      String architecture, String service, String packageName) {
    var labels = new LinkedHashMap<String, String>();
    labels.put(NAME, APP_NAME);
    labels.put(INSTANCE, KubeNames.base(architecture, service));
    labels.put(COMPONENT, KubeNames.dns(packageName));
    labels.put(PART_OF, architecture);
    labels.put(MANAGED_BY, OPERATOR_NAME);
    labels.put(ARCHITECTURE, architecture);
    labels.put(SERVICE, KubeNames.dns(service));
    return labels;
  }

  /** Selects the pods of one service (all its cells). */
  public static Map<String, String> serviceSelector(String architecture, String service) {
    return PodLabels.serviceSelector(architecture, service);
  }

  /** Selects the pods of one cell: one Deployment's pods. */
  public static Map<String, String> cellSelector(
      String architecture, String service, String region, String zone) {
    return PodLabels.cellSelector(architecture, service, region, zone);
  }

  /** A plan region as a label value: {@code *} becomes {@value #GLOBAL_REGION}. */
  public static String region(String region) {
    return PodLabels.region(region);
  }

  /** A plan zone as a label value: {@code *} becomes {@value #ANY_ZONE}. */
  public static String zone(String zone) {
    return PodLabels.zone(zone);
  }
}
