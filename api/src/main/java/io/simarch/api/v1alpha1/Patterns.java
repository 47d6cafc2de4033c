package io.simarch.api.v1alpha1;

/** Regular expressions shared by the CRD schema and the graph validator. */
public final class Patterns {
  /**
   * Go-style durations as spigo and Kubernetes write them: {@code 10ms}, {@code 2s}, {@code 1m30s}.
   */
  public static final String DURATION = "^([0-9]+(\\.[0-9]+)?(ns|us|ms|s|m|h))+$|^0$";

  public static final String ARCH_NAME = "^\\S+$";

  public static final String SERVICE_NAME = "^[A-Za-z0-9][A-Za-z0-9._-]*$";

  public static final String RETRY_MODE = "^(none|immediate|failover)$";

  public static final String LATENCY_DISTRIBUTION = "^(fixed|normal|lognormal)$";

  public static final String CHAOS_MODE = "^(delete|kill|zone-outage|region-outage)$";

  /** How spans are sent: OTLP over HTTP or gRPC, or Zipkin's v2 JSON API. */
  public static final String OTLP_PROTOCOL = "^(http/protobuf|grpc|zipkin)$";

  public static final String TIME_OF_DAY_RANGE =
      "^([01][0-9]|2[0-3]):[0-5][0-9]-([01][0-9]|2[0-3]):[0-5][0-9]$";

  public static final String WEEKDAY = "^(Mon|Tue|Wed|Thu|Fri|Sat|Sun)$";

  private Patterns() {}
}
