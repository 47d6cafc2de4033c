package io.simarch.api.v1alpha1;

import java.util.Map;

/**
 * Regular expressions of the CRD schema's {@code @Pattern}s, each beside the words that tell a user
 * what a value missing it is and how to write one. Patterns that only list the allowed values,
 * {@code ^(a|b|c)$}, need no words: the values are the fix.
 */
public final class Patterns {
  /**
   * Go-style durations as spigo and Kubernetes write them: {@code 10ms}, {@code 2s}, {@code 1m30s}.
   */
  public static final String DURATION = "^([0-9]+(\\.[0-9]+)?(ns|us|ms|s|m|h))+$|^0$";

  public static final String ARCH_NAME = "^\\S+$";

  public static final String SERVICE_NAME = "^[A-Za-z0-9][A-Za-z0-9._-]*$";

  public static final String RETRY_MODE = "^(none|immediate|failover)$";

  public static final String LATENCY_DISTRIBUTION = "^(fixed|normal|lognormal)$";

  public static final String TABLE_MODE = "^(onDemand|provisioned)$";

  public static final String CHAOS_MODE = "^(delete|kill|zone-outage|region-outage)$";

  /** How spans are sent: OTLP over HTTP or gRPC, or Zipkin's v2 JSON API. */
  public static final String OTLP_PROTOCOL = "^(http/protobuf|grpc|zipkin)$";

  public static final String IMAGE_PULL_POLICY = "^(Always|IfNotPresent|Never)$";

  /** The stub JVM's compilers, {@code io.simarch.api.model.StubJit}'s values. */
  public static final String STUB_JIT = "^(c1|c2)$";

  /** An http(s) URL with a host, or empty (no endpoint). */
  public static final String HTTP_URL =
      "^$|^https?://([A-Za-z0-9]([A-Za-z0-9.-]*[A-Za-z0-9])?|\\[[0-9A-Fa-f:.]+\\])(:[0-9]{1,5})?"
          + "([/?#]\\S*)?$";

  public static final String TIME_OF_DAY_RANGE =
      "^([01][0-9]|2[0-3]):[0-5][0-9]-([01][0-9]|2[0-3]):[0-5][0-9]$";

  public static final String WEEKDAY = "^(Mon|Tue|Wed|Thu|Fri|Sat|Sun)$";

  /** What is wrong with a value that misses a pattern, and how to write one. */
  public record Hint(String message, String fix) {}

  private static final Map<String, Hint> HINTS =
      Map.of(
          DURATION, new Hint("is not a duration", "write it like 500ms, 2s or 1m30s"),
          ARCH_NAME, new Hint("is not a valid architecture name", "leave out the whitespace"),
          SERVICE_NAME,
              new Hint(
                  "is not a valid service name",
                  "use letters, digits, '-', '_' and '.', starting with a letter or digit"),
          HTTP_URL, new Hint("is not an http(s) URL", "write it like http://otel-collector:4318"),
          TIME_OF_DAY_RANGE, new Hint("is not a time range", "write it like 22:00-08:00"));

  /** The words for {@code pattern}, or null when it only lists values (or is not one of ours). */
  public static Hint hint(String pattern) {
    return HINTS.get(pattern);
  }

  private Patterns() {}
}
