package io.simarch.stub.app;

import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.server.EmbeddedServer;
import io.netty.channel.EventLoopGroup;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import io.simarch.api.model.StubConfig;
import io.simarch.stub.core.StubNode;
import io.simarch.stub.core.StubRuntime;
import io.simarch.stub.net.HealthServer;
import io.simarch.stub.truth.TruthRing;
import java.time.Duration;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A stub in a pod: the core {@link StubNode} behind Micronaut's HTTP server. Stopping it follows
 * the Kubernetes contract: readiness goes false first, the pod keeps serving while the endpoints
 * controllers take it out of rotation, requests in flight finish, then the server stops.
 */
public final class PodApp implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(PodApp.class);

  /** Micronaut property naming the health listener's port. */
  public static final String HEALTH_PORT_PROPERTY = "simarch.health.port";

  private final StubRuntime runtime;
  private final StubNode node;
  private final ApplicationContext context;
  private final EmbeddedServer server;
  private final HealthServer health;
  private volatile boolean stopped;

  private PodApp(
      StubRuntime runtime,
      StubNode node,
      ApplicationContext context,
      EmbeddedServer server,
      HealthServer health) {
    this.runtime = runtime;
    this.node = node;
    this.context = context;
    this.server = server;
    this.health = health;
  }

  /**
   * Starts the server, discovery and (for the root) traffic.
   *
   * @param properties Micronaut properties over application.properties (tests set the port; {@value
   *     #HEALTH_PORT_PROPERTY} sets the health listener's, default {@link StubConfig#HEALTH_PORT})
   * @param exporter null for no tracing
   */
  public static PodApp start(
      StubConfig config,
      Map<String, Object> properties,
      SpanExporter exporter,
      Resource resource,
      double sampling) {
    ApplicationContext context =
        ApplicationContext.builder()
            .deduceEnvironment(false)
            .banner(false)
            .properties(properties)
            .start();
    // the server's own event loops: serving, forwarding and answering stay on one thread
    StubRuntime runtime =
        StubRuntime.on(context.getBean(EventLoopGroup.class), exporter, sampling, resource);
    StubNode node;
    try {
      node = new StubNode(config, runtime, true);
    } catch (RuntimeException e) {
      runtime.close();
      context.close();
      throw e;
    }
    context.registerSingleton(StubNode.class, node);
    EmbeddedServer server = context.getBean(EmbeddedServer.class);
    server.start();
    node.start();
    // last: the startup probe asks it, so it answers once the stub serves
    HealthServer health =
        HealthServer.start(
            context.getProperty("micronaut.server.host", String.class).orElse("0.0.0.0"),
            context.getProperty(HEALTH_PORT_PROPERTY, Integer.class).orElse(StubConfig.HEALTH_PORT),
            node::ready);
    if (node.traffic() != null) {
      // bounded, so a pod that runs for days keeps the same few MB (docs/ground-truth.md)
      node.keepTruth(
          new TruthRing(
              config.architecture(),
              config.service(),
              config.instance(),
              exporter == null ? 0 : sampling,
              TruthRing.CAPACITY));
      node.traffic().start(); // a pod of the root service sends from the start
    }
    LOG.info(
        "Started pod port={} healthPort={} instance={}",
        server.getPort(),
        health.port(),
        config.instance());
    return new PodApp(runtime, node, context, server, health);
  }

  public int port() {
    return server.getPort();
  }

  /** The health listener's port (liveness and readiness on a thread of their own). */
  public int healthPort() {
    return health.port();
  }

  public StubNode node() {
    return node;
  }

  /** The event loops serving requests (tests occupy them to show liveness does not need them). */
  EventLoopGroup serving() {
    return runtime.group();
  }

  /**
   * Graceful stop.
   *
   * @param propagation how long to keep serving after readiness went false, so that callers learn
   *     of it (DNS, endpoints) before the listener goes
   * @param grace the longest requests in flight may take to finish
   */
  public synchronized void shutdown(Duration propagation, Duration grace) {
    if (stopped) {
      return;
    }
    stopped = true;
    node.notReady();
    LOG.info(
        "Marked not ready instance={} propagationMs={}",
        node.config().instance(),
        propagation.toMillis());
    if (node.traffic() != null) {
      node.traffic().stop();
    }
    try {
      Thread.sleep(propagation.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    boolean drained = node.drained(grace).join();
    LOG.info(
        "Drained requests instance={} complete={} inFlight={}",
        node.config().instance(),
        drained,
        node.metrics().inFlight());
    server.stop();
    health.close();
    node.close();
    runtime.close();
    context.close();
    LOG.info("Stopped pod instance={}", node.config().instance());
  }

  @Override
  public void close() {
    shutdown(Duration.ZERO, Duration.ofSeconds(5));
  }
}
