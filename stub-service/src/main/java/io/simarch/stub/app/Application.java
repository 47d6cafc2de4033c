package io.simarch.stub.app;

import io.opentelemetry.sdk.trace.export.SpanExporter;
import io.simarch.api.model.StubConfig;
import io.simarch.stub.config.ConfigException;
import io.simarch.stub.config.ConfigLoader;
import io.simarch.stub.telemetry.OtelEnvironment;
import java.security.Security;
import java.time.Duration;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The pod's entry point. Reads {@code SIMARCH_CONFIG} and the identity from the environment,
 * refuses to start on a bad configuration (exit 2, the message names the setting), exports spans as
 * {@code OTEL_*} says, and stops gracefully on SIGTERM.
 *
 * <p>Environment: {@code SIMARCH_CONFIG}, {@code SIMARCH_INSTANCE} (else {@code HOSTNAME}), {@code
 * SIMARCH_REGION}, {@code SIMARCH_ZONE}, {@code SIMARCH_DRAIN_DELAY} (how long to keep serving
 * after readiness goes false, default 3s), {@code SIMARCH_GRACE} (longest wait for requests in
 * flight, default 10s), {@code SIMARCH_HOST}, {@code SIMARCH_PORT}, {@code SIMARCH_HEALTH_PORT}
 * (where to listen, default every address, 8080 and 8081; see {@link PodApp.Listen}), {@code
 * OTEL_*}.
 */
public final class Application {
  private static final Logger LOG = LoggerFactory.getLogger(Application.class);

  private Application() {}

  public static void main(String[] args) {
    Map<String, String> env = System.getenv();
    StubConfig config;
    SpanExporter exporter;
    OtelEnvironment otel;
    Duration drainDelay;
    Duration grace;
    PodApp.Listen listen;
    try {
      listen = PodApp.Listen.fromEnvironment(env);
      config = ConfigLoader.fromEnvironment(env);
      otel = OtelEnvironment.of(config.tracing(), env, System.getProperties());
      exporter = otel.spanExporter();
      drainDelay = duration(env, "SIMARCH_DRAIN_DELAY", Duration.ofSeconds(3));
      grace = duration(env, "SIMARCH_GRACE", Duration.ofSeconds(10));
    } catch (RuntimeException e) {
      // ConfigException names the setting; the OTel SDK's ConfigurationException names its own
      String setting = e instanceof ConfigException c ? c.setting() : "OTEL_*";
      LOG.error("Refused to start setting={} problem=\"{}\"", setting, e.getMessage());
      System.err.println("simarch stub: invalid configuration: " + e.getMessage());
      System.exit(2);
      return;
    }
    // discovery re-resolves every second: the JVM must not answer from its own cache
    Security.setProperty("networkaddress.cache.ttl", "0");
    Security.setProperty("networkaddress.cache.negative.ttl", "0");
    PodApp app;
    try {
      app =
          PodApp.start(config, listen, exporter, otel.resource(), otel.sampling(config.tracing()));
    } catch (RuntimeException e) {
      LOG.error("Failed to start error=\"{}\"", e.toString(), e);
      System.exit(1); // the server's threads would otherwise keep a half-started JVM alive
      return;
    }
    Runtime.getRuntime()
        .addShutdownHook(new Thread(() -> app.shutdown(drainDelay, grace), "simarch-shutdown"));
    try {
      app.awaitTermination(); // the pod's threads are daemons: this is what keeps it running
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static Duration duration(Map<String, String> env, String name, Duration fallback) {
    String v = env.get(name);
    if (v == null) {
      return fallback;
    }
    try {
      return io.simarch.api.model.Durations.parse(v);
    } catch (IllegalArgumentException e) {
      throw new ConfigException(name, e.getMessage());
    }
  }
}
