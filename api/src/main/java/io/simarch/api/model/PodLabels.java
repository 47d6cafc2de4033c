package io.simarch.api.model;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The labels of the operator's stub pods that others select them by: the operator writes them,
 * {@code simarch verify --kube} selects the root's pods by them, and {@code simarch ui} reads the
 * pods' places from them and confines its kill button to the pods they select.
 */
public final class PodLabels {
  public static final String ARCHITECTURE = "simarch.io/architecture";
  public static final String SERVICE = "simarch.io/service";
  public static final String REGION = "simarch.io/region";
  public static final String ZONE = "simarch.io/zone";
  public static final String NAME = "app.kubernetes.io/name";
  public static final String MANAGED_BY = "app.kubernetes.io/managed-by";

  /** {@link #NAME} of a stub pod. */
  public static final String APP_NAME = "stub-service";

  /** {@link #MANAGED_BY} of everything the operator made. */
  public static final String OPERATOR_NAME = "simarch-operator";

  /** Label value of a region that is {@link Plan#ANY} (a global instance). */
  public static final String GLOBAL_REGION = "global";

  /** Label value of a zone that is {@link Plan#ANY} (a cross-zone instance). */
  public static final String ANY_ZONE = "any";

  private PodLabels() {}

  /** Selects the pods of one service of an architecture (all its cells). */
  public static Map<String, String> serviceSelector(String architecture, String service) {
    return Map.of(ARCHITECTURE, architecture, SERVICE, KubeNames.dns(service));
  }

  /**
   * Selects the operator's stub pods of one architecture and nothing else: the confinement of
   * chaos, the operator's and the live view's kill button alike.
   */
  public static Map<String, String> stubPods(String architecture) {
    var labels = new LinkedHashMap<String, String>();
    labels.put(NAME, APP_NAME);
    labels.put(MANAGED_BY, OPERATOR_NAME);
    labels.put(ARCHITECTURE, architecture);
    return labels;
  }

  /** Selects the pods of one cell: one Deployment's pods (and labels them so). */
  public static Map<String, String> cellSelector(
      String architecture, String service, String region, String zone) {
    var labels = new LinkedHashMap<>(serviceSelector(architecture, service));
    labels.put(REGION, region(region));
    labels.put(ZONE, zone(zone));
    return labels;
  }

  /** {@link #cellSelector(String, String, String, String)} of a plan's cell. */
  public static Map<String, String> cellSelector(String architecture, Plan.Cell cell) {
    return cellSelector(architecture, cell.service(), cell.region(), cell.zone());
  }

  /** A plan region as a label value: {@code *} becomes {@value #GLOBAL_REGION}. */
  public static String region(String region) {
    return Plan.ANY.equals(region) ? GLOBAL_REGION : value(region);
  }

  /** A plan zone as a label value: {@code *} becomes {@value #ANY_ZONE}. */
  public static String zone(String zone) {
    return Plan.ANY.equals(zone) ? ANY_ZONE : value(zone);
  }

  /** The labels {@link #SERVICE}, {@link #REGION}, {@link #ZONE} of a cell's pods, in order. */
  public static List<String> cellKey(Plan.Cell c) {
    return List.of(KubeNames.dns(c.service()), region(c.region()), zone(c.zone()));
  }

  /** The {@link #cellKey} a pod's labels give; null when one of them is missing. */
  public static List<String> cellKey(Map<String, String> podLabels) {
    if (podLabels == null
        || podLabels.get(SERVICE) == null
        || podLabels.get(REGION) == null
        || podLabels.get(ZONE) == null) {
      return null;
    }
    return List.of(podLabels.get(SERVICE), podLabels.get(REGION), podLabels.get(ZONE));
  }

  /**
   * Which cell of a plan a pod is of, read from the labels its Deployment gave it: how the
   * operator's chaos and {@code simarch ui} see a pod in the plan's spelling.
   */
  public static final class Cells {
    private final Map<List<String>, Plan.Cell> byKey = new HashMap<>();

    public Cells(Plan plan) {
      for (Plan.Cell c : plan.cells()) {
        byKey.put(cellKey(c), c);
      }
    }

    /** The cell of a pod labelled {@code podLabels}; empty for a pod of no cell of the plan. */
    public Optional<Plan.Cell> of(Map<String, String> podLabels) {
      List<String> key = cellKey(podLabels);
      return key == null ? Optional.empty() : Optional.ofNullable(byKey.get(key));
    }
  }

  /** The name itself when it is a valid label value (so chaos can match spec names), else DNS. */
  private static String value(String name) {
    return name.length() <= KubeNames.MAX_LABEL
            && name.matches("[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?")
        ? name
        : KubeNames.dns(name);
  }
}
