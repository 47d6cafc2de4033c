package io.simarch.stub.app;

import com.sun.management.HotSpotDiagnosticMXBean;
import io.netty.channel.EventLoopGroup;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import io.simarch.api.model.StubConfig;
import io.simarch.api.model.StubJit;
import io.simarch.stub.config.ConfigException;
import io.simarch.stub.core.StubNode;
import io.simarch.stub.core.StubRuntime;
import io.simarch.stub.net.HealthServer;
import io.simarch.stub.net.NettyStubServer;
import io.simarch.stub.net.QuietLoops;
import io.simarch.stub.truth.TruthRing;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A stub in a pod: the core {@link StubNode} behind the same Netty listener as the local runtime
 * ({@link NettyStubServer}), so a pod and {@code simarch run} share one request path. Stopping it
 * follows the Kubernetes contract: readiness goes false first, the pod keeps serving while the
 * endpoints controllers take it out of rotation, requests in flight finish, then the server stops.
 */
public final class PodApp implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(PodApp.class);

  private final StubRuntime runtime;
  private final StubNode node;
  private final NettyStubServer server;
  private final int port;
  private final HealthServer health;
  private volatile boolean stopped;
  private final CountDownLatch terminated = new CountDownLatch(1);

  private PodApp(
      StubRuntime runtime, StubNode node, NettyStubServer server, int port, HealthServer health) {
    this.runtime = runtime;
    this.node = node;
    this.server = server;
    this.port = port;
    this.health = health;
  }

  /**
   * Where a pod listens: the serving port (the stub's routes, readiness and {@code /metrics}) and
   * the health listener's port (liveness on a thread of its own).
   *
   * @param port 0 for any free port
   * @param healthPort 0 for any free port
   */
  public record Listen(String host, int port, int healthPort) {
    public static final String HOST_ENV = "SIMARCH_HOST";
    public static final String PORT_ENV = "SIMARCH_PORT";
    public static final String HEALTH_PORT_ENV = "SIMARCH_HEALTH_PORT";

    /** What a pod uses: every address, the container ports the operator declares. */
    public static final Listen POD = new Listen("0.0.0.0", StubConfig.PORT, StubConfig.HEALTH_PORT);

    /** Loopback on free ports (tests, several pod apps on one host). */
    public static Listen loopback() {
      return new Listen("127.0.0.1", 0, 0);
    }

    /**
     * {@link #POD} with {@value #HOST_ENV}, {@value #PORT_ENV}, {@value #HEALTH_PORT_ENV} over it.
     */
    public static Listen fromEnvironment(Map<String, String> env) {
      return new Listen(
          env.getOrDefault(HOST_ENV, POD.host),
          port(env, PORT_ENV, POD.port),
          port(env, HEALTH_PORT_ENV, POD.healthPort));
    }

    private static int port(Map<String, String> env, String name, int fallback) {
      String v = env.get(name);
      if (v == null || v.isBlank()) {
        return fallback;
      }
      try {
        int p = Integer.parseInt(v.trim());
        if (p >= 0 && p <= 65535) {
          return p;
        }
      } catch (NumberFormatException e) {
        // answered below with the fix
      }
      throw new ConfigException(
          name, "\"" + v + "\" is not a port: give a number from 0 (any free port) to 65535");
    }
  }

  /**
   * Starts the server, discovery and (for the root) traffic.
   *
   * @param exporter null for no tracing
   */
  public static PodApp start(
      StubConfig config, Listen listen, SpanExporter exporter, Resource resource, double sampling) {
    // one set of event loops: serving, forwarding and answering stay on one thread
    StubRuntime runtime = StubRuntime.forPod(exporter, sampling, resource);
    StubNode node;
    NettyStubServer server;
    int port;
    try {
      node = new StubNode(config, runtime, true);
      server = new NettyStubServer(node, runtime.group());
      port = server.bind(listen.host(), listen.port());
    } catch (RuntimeException e) {
      runtime.close();
      throw e;
    }
    node.start();
    // last: the startup probe asks it, so it answers once the stub serves
    HealthServer health = HealthServer.start(listen.host(), listen.healthPort(), node::ready);
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
    String transport = QuietLoops.transport(runtime.group());
    if (transport.equals("nio")) {
      LOG.info("Serving on NIO reason=\"{}\"", QuietLoops.whyNotEpoll());
    }
    LOG.info(
        "Started pod port={} healthPort={} instance={} transport={} jit={}",
        port,
        health.port(),
        config.instance(),
        transport,
        jit().value());
    return new PodApp(runtime, node, server, port, health);
  }

  /** The compilers this JVM runs, as spec.stub.jit names them (the operator sets it per pod). */
  static StubJit jit() {
    var vm = ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class);
    return StubJit.running(Integer.parseInt(vm.getVMOption("TieredStopAtLevel").getValue()));
  }

  public int port() {
    return port;
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
    server.kill();
    health.close();
    node.close();
    runtime.close();
    LOG.info("Stopped pod instance={}", node.config().instance());
    terminated.countDown();
  }

  /**
   * Blocks until {@link #shutdown} has finished. Every thread of the pod (event loops, health
   * listener, export) is a daemon, so the process lives exactly as long as its main thread waits
   * here.
   */
  public void awaitTermination() throws InterruptedException {
    terminated.await();
  }

  @Override
  public void close() {
    shutdown(Duration.ZERO, Duration.ofSeconds(5));
  }
}
