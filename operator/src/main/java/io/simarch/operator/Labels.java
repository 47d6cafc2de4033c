package io.simarch.operator;

import io.simarch.api.model.KubeNames;
import io.simarch.api.model.Plan;
import io.simarch.api.model.PodLabels;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Every label key the operator writes, and the label sets of its children. Selectors use only
 * {@code simarch.io/*} keys, which nothing else writes; {@code app.kubernetes.io/*} are for people
 * and tools.
 */
public final class Labels {
  public static final String NAME = "app.kubernetes.io/name";
  public static final String INSTANCE = "app.kubernetes.io/instance";
  public static final String COMPONENT = "app.kubernetes.io/component";
  public static final String PART_OF = "app.kubernetes.io/part-of";
  public static final String MANAGED_BY = "app.kubernetes.io/managed-by";

  public static final String ARCHITECTURE = PodLabels.ARCHITECTURE;
  public static final String SERVICE = PodLabels.SERVICE;
  public static final String REGION = "simarch.io/region";
  public static final String ZONE = "simarch.io/zone";

  /** Pods (in any namespace) with this label may scrape every stub's /metrics. */
  public static final String METRICS_SCRAPER = "simarch.io/metrics-scraper";

  public static final String APP_NAME = "stub-service";
  public static final String OPERATOR_NAME = "simarch-operator";

  /** Label selector of everything the operator made; its informers watch only that. */
  public static final String MANAGED_SELECTOR = MANAGED_BY + "=" + OPERATOR_NAME;

  /** Label value of a region that is {@link Plan#ANY} (a global instance). */
  public static final String GLOBAL_REGION = "global";

  /** Label value of a zone that is {@link Plan#ANY} (a cross-zone instance). */
  public static final String ANY_ZONE = "any";

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
    var labels = new LinkedHashMap<>(serviceSelector(architecture, service));
    labels.put(REGION, region(region));
    labels.put(ZONE, zone(zone));
    return labels;
  }

  /** A plan region as a label value: {@code *} becomes {@value #GLOBAL_REGION}. */
  public static String region(String region) {
    return Plan.ANY.equals(region) ? GLOBAL_REGION : value(region);
  }

  /** A plan zone as a label value: {@code *} becomes {@value #ANY_ZONE}. */
  public static String zone(String zone) {
    return Plan.ANY.equals(zone) ? ANY_ZONE : value(zone);
  }

  /** The name itself when it is a valid label value (so chaos can match spec names), else DNS. */
  private static String value(String name) {
    return name.length() <= KubeNames.MAX_LABEL
            && name.matches("[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?")
        ? name
        : KubeNames.dns(name);
  }
}
