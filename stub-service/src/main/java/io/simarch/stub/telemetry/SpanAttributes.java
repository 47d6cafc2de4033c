package io.simarch.stub.telemetry;

import io.opentelemetry.api.common.AttributeKey;

/** Attribute keys on the stub's spans; standard semantic-convention names where one exists. */
public final class SpanAttributes {
  public static final AttributeKey<Long> ATTEMPT = AttributeKey.longKey("simarch.attempt");
  public static final AttributeKey<String> RETRY_MODE =
      AttributeKey.stringKey("simarch.retry_mode");
  public static final AttributeKey<Long> TIMEOUT_MS = AttributeKey.longKey("simarch.timeout_ms");
  public static final AttributeKey<Long> BUDGET_REMAINING_MS =
      AttributeKey.longKey("simarch.budget_remaining_ms");
  public static final AttributeKey<Long> BUDGET_MS = AttributeKey.longKey("simarch.budget_ms");
  public static final AttributeKey<String> PEER_INSTANCE =
      AttributeKey.stringKey("simarch.peer.instance");
  public static final AttributeKey<String> OUTCOME = AttributeKey.stringKey("simarch.outcome");
  public static final AttributeKey<String> KEY = AttributeKey.stringKey("simarch.key");
  public static final AttributeKey<String> OP = AttributeKey.stringKey("simarch.op");
  public static final AttributeKey<String> DEPENDENCY =
      AttributeKey.stringKey("simarch.dependency");
  public static final AttributeKey<Boolean> ZONE_FALLBACK =
      AttributeKey.booleanKey("simarch.zone_fallback");
  public static final AttributeKey<String> PEER_SERVICE = AttributeKey.stringKey("peer.service");
  public static final AttributeKey<String> SERVER_ADDRESS =
      AttributeKey.stringKey("server.address");
  public static final AttributeKey<Long> SERVER_PORT = AttributeKey.longKey("server.port");
  public static final AttributeKey<String> HTTP_METHOD =
      AttributeKey.stringKey("http.request.method");
  public static final AttributeKey<Long> HTTP_STATUS =
      AttributeKey.longKey("http.response.status_code");
  public static final AttributeKey<String> HTTP_ROUTE = AttributeKey.stringKey("http.route");

  /** On a SERVER span answered 503 at once because the instance was at its in-flight limit. */
  public static final AttributeKey<Boolean> SHED = AttributeKey.booleanKey("simarch.shed");

  public static final AttributeKey<String> ERROR_TYPE = AttributeKey.stringKey("error.type");

  // OpenTelemetry's FaaS and cloud conventions (the project has no semconv artifact), on a
  // function's SERVER span
  public static final AttributeKey<Boolean> FAAS_COLDSTART =
      AttributeKey.booleanKey("faas.coldstart");
  public static final AttributeKey<String> FAAS_INVOCATION_ID =
      AttributeKey.stringKey("faas.invocation_id");

  /** How the function was invoked: {@code http} (a caller) or {@code pubsub} (a stream). */
  public static final AttributeKey<String> FAAS_TRIGGER = AttributeKey.stringKey("faas.trigger");

  /** Memory of the function in bytes. */
  public static final AttributeKey<Long> FAAS_MAX_MEMORY = AttributeKey.longKey("faas.max_memory");

  public static final AttributeKey<String> CLOUD_PROVIDER =
      AttributeKey.stringKey("cloud.provider");
  public static final AttributeKey<String> CLOUD_PLATFORM =
      AttributeKey.stringKey("cloud.platform");
  public static final AttributeKey<String> CLOUD_REGION = AttributeKey.stringKey("cloud.region");

  /** Billed duration (rounded up to 1 ms), GB-seconds and cost (USD) of one invocation. */
  public static final AttributeKey<Long> FAAS_BILLED_MS =
      AttributeKey.longKey("simarch.faas.billed_duration_ms");

  public static final AttributeKey<Double> FAAS_GB_SECONDS =
      AttributeKey.doubleKey("simarch.faas.gb_seconds");
  public static final AttributeKey<Double> FAAS_COST_USD =
      AttributeKey.doubleKey("simarch.faas.cost_usd");

  // OpenTelemetry's messaging conventions, on a stream's CONSUMER span that delivers a batch
  public static final AttributeKey<String> MESSAGING_SYSTEM =
      AttributeKey.stringKey("messaging.system");
  public static final AttributeKey<String> MESSAGING_OPERATION_TYPE =
      AttributeKey.stringKey("messaging.operation.type");
  public static final AttributeKey<String> MESSAGING_DESTINATION_NAME =
      AttributeKey.stringKey("messaging.destination.name");
  public static final AttributeKey<Long> MESSAGING_BATCH_MESSAGE_COUNT =
      AttributeKey.longKey("messaging.batch.message_count");

  /** On a SERVER span answered 429 because a function, gateway or table was at its limit. */
  public static final AttributeKey<Boolean> THROTTLED =
      AttributeKey.booleanKey("simarch.throttled");

  private SpanAttributes() {}
}
