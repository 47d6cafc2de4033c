package io.simarch.api.model;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What every chaos kill leaves behind, the same in a cluster and in a local run: a log line like
 * spigo's ({@code chaosmonkey delete: lamp.us-east-1.zoneC.webserver02}) and a span from service
 * {@code chaosmonkey} whose attributes name the victim, so a trace backend shows the kill on the
 * same timeline as the requests it hurt.
 */
public final class ChaosEvents {
  /** service.name of the chaos spans. */
  public static final String SERVICE = "chaosmonkey";

  /** Kubernetes Event reason of a kill. */
  public static final String REASON = "ChaosKill";

  public static final String VICTIM_SERVICE = "simarch.victim.service";
  public static final String VICTIM_INSTANCE = "simarch.victim.instance";
  public static final String VICTIM_REGION = "cloud.region";
  public static final String VICTIM_ZONE = "cloud.availability_zone";
  public static final String MODE = "simarch.chaos.mode";
  public static final String DRY_RUN = "simarch.chaos.dry_run";

  private ChaosEvents() {}

  /** spigo's log line; a dry run says so. */
  public static String logLine(String mode, String node, boolean dryRun) {
    return "chaosmonkey " + (dryRun ? "dry-run " : "") + mode + ": " + node;
  }

  /** The span's name. */
  public static String spanName(String mode) {
    return "chaosmonkey " + mode;
  }

  /** The span's attributes, in a stable order. */
  public static Map<String, String> attributes(
      String service, String instance, String region, String zone, String mode, boolean dryRun) {
    var m = new LinkedHashMap<String, String>();
    m.put(VICTIM_SERVICE, service);
    m.put(VICTIM_INSTANCE, instance);
    m.put(VICTIM_REGION, region);
    m.put(VICTIM_ZONE, zone);
    m.put(MODE, mode);
    m.put(DRY_RUN, String.valueOf(dryRun));
    return m;
  }
}
