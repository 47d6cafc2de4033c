package io.simarch.api.model;

import java.util.Locale;

/**
 * Deterministic DNS-1123 names for spigo names. spigo uses camelCase ({@code cassSubscriber});
 * Kubernetes wants lower-case labels, so a capital starts a new dash-separated word.
 */
public final class KubeNames {
  /** A DNS-1123 label: Services and the label values that carry names. */
  public static final int MAX_LABEL = 63;

  /**
   * Longest {@code <architecture>-<service>} base name: leaves room for the longest cell suffix
   * {@code -<region>-<zone>} (e.g. {@code -ap-southeast-2-zone-a}, 22) and the headless suffix.
   */
  public static final int MAX_BASE = 38;

  private KubeNames() {}

  /**
   * {@code cassSubscriber} → {@code cass-subscriber}; {@code rds_MySQL.1} → {@code rds-my-sql-1}.
   */
  public static String dns(String name) {
    var sb = new StringBuilder();
    char prev = 0;
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      boolean upper = Character.isUpperCase(c);
      boolean prevLower = Character.isLowerCase(prev) || Character.isDigit(prev);
      boolean nextLower = i + 1 < name.length() && Character.isLowerCase(name.charAt(i + 1));
      if (upper && sb.length() > 0 && (prevLower || (Character.isUpperCase(prev) && nextLower))) {
        sb.append('-');
      }
      char lc = Character.toLowerCase(c);
      if ((lc >= 'a' && lc <= 'z') || (lc >= '0' && lc <= '9')) {
        sb.append(lc);
      } else if (sb.length() > 0 && sb.charAt(sb.length() - 1) != '-') {
        sb.append('-');
      }
      prev = c;
    }
    int end = sb.length();
    while (end > 0 && sb.charAt(end - 1) == '-') {
      end--;
    }
    return sb.substring(0, end).toLowerCase(Locale.ROOT);
  }

  /** Base name of every object of one service: {@code <architecture>-<service>}. */
  public static String base(String architecture, String service) {
    return dns(architecture) + "-" + dns(service);
  }

  /** Name of the Deployment for one cell (service × region × zone) of the plan. */
  public static String cell(String architecture, String service, String region, String zone) {
    String b = base(architecture, service);
    if (Plan.ANY.equals(region)) {
      return b + "-global";
    }
    return Plan.ANY.equals(zone) ? b + "-" + dns(region) : b + "-" + dns(region) + "-" + dns(zone);
  }

  /** Name of the headless Service used for discovery of a service's instances. */
  public static String headless(String architecture, String service) {
    return base(architecture, service) + "-hl";
  }

  /** Whether {@code s} is a valid DNS-1123 label. */
  public static boolean isLabel(String s) {
    return s != null && s.length() <= MAX_LABEL && s.matches("[a-z0-9]([-a-z0-9]*[a-z0-9])?");
  }
}
