package io.simarch.stub.local;

import io.opentelemetry.sdk.resources.Resource;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import io.simarch.api.model.StubConfig;
import io.simarch.stub.core.Outcome;
import io.simarch.stub.core.StubNode;
import io.simarch.stub.core.StubRuntime;
import io.simarch.stub.core.TrafficSource;
import io.simarch.stub.net.NettyStubServer;
import io.simarch.stub.telemetry.DependencyMetrics;
import io.simarch.stub.telemetry.LatencyHistogram;
import io.simarch.stub.telemetry.NodeMetrics;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Many stub instances in one JVM, for {@code simarch run}: no framework per instance, one event
 * loop group, one HTTP client, one span export pipeline. Each instance listens on its own loopback
 * port and runs the same core as a pod.
 */
public final class StubHost implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(StubHost.class);
  private static final Duration DRAIN = Duration.ofSeconds(5);

  private final HostOptions options;
  private final StubRuntime runtime;
  private final List<StubInstance> instances = new CopyOnWriteArrayList<>();
  private volatile boolean closed;

  private StubHost(HostOptions options, StubRuntime runtime) {
    this.options = options;
    this.runtime = runtime;
  }

  /** Creates the shared resources. */
  public static StubHost start(HostOptions options) {
    return new StubHost(
        options, StubRuntime.create(options.exporter(), options.sampling(), Resource.empty(), 0));
  }

  /**
   * Starts one instance.
   *
   * @param config identity filled in and static {@code Discovery.endpoints}
   * @param port 0 for an ephemeral port
   * @throws io.simarch.stub.config.ConfigException naming the setting when the config is invalid
   */
  public StubInstance start(StubConfig config, int port) {
    if (closed) {
      throw new IllegalStateException("host closed");
    }
    var node = new StubNode(config, runtime, options.metrics());
    var server = new NettyStubServer(node, runtime.group());
    int bound;
    try {
      bound = server.bind(port);
    } catch (RuntimeException e) {
      node.close();
      throw e;
    }
    node.start();
    var instance = new LocalInstance(node, server, "http://127.0.0.1:" + bound);
    instances.add(instance);
    return instance;
  }

  /** Spans lost before export because the shared queue was full. */
  public long spansDropped() {
    return runtime.spans() == null ? 0 : runtime.spans().dropped();
  }

  public List<StubInstance> instances() {
    return List.copyOf(instances);
  }

  /**
   * {@code n} loopback ports that were free a moment ago, for wiring instances that name each other
   * (replicas) before any of them starts.
   */
  public static int[] freePorts(int n) {
    int[] ports = new int[n];
    var sockets = new ArrayList<ServerSocket>();
    try {
      for (int i = 0; i < n; i++) {
        var s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
        sockets.add(s);
        ports[i] = s.getLocalPort();
      }
    } catch (IOException e) {
      throw new IllegalStateException("cannot find free loopback ports", e);
    } finally {
      for (ServerSocket s : sockets) {
        try {
          s.close();
        } catch (IOException ignored) {
          // nothing held
        }
      }
    }
    return ports;
  }

  /** Stops traffic, stops accepting, lets requests in flight finish (5 s at most), stops. */
  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    for (StubInstance i : instances) {
      i.stopTraffic();
    }
    for (StubInstance i : instances) {
      ((LocalInstance) i).server.stopAccepting();
      ((LocalInstance) i).node.notReady();
    }
    CompletableFuture.allOf(
            instances.stream()
                .map(i -> ((LocalInstance) i).node.drained(DRAIN))
                .toArray(CompletableFuture[]::new))
        .join();
    for (StubInstance i : instances) {
      ((LocalInstance) i).server.kill();
      ((LocalInstance) i).node.close();
    }
    runtime.close();
    LOG.info("Stopped stub host instances={}", instances.size());
  }

  private static final class LocalInstance implements StubInstance {
    final StubNode node;
    final NettyStubServer server;
    final String url;

    LocalInstance(StubNode node, NettyStubServer server, String url) {
      this.node = node;
      this.server = server;
      this.url = url;
    }

    @Override
    public String url() {
      return url;
    }

    @Override
    public StubConfig config() {
      return node.config();
    }

    @Override
    public void kill() {
      if (!server.isRunning()) {
        return;
      }
      stopTraffic();
      node.notReady();
      server.kill();
      LOG.info("Killed instance={} url={}", node.config().instance(), url);
    }

    @Override
    public void freeze() {
      server.freeze();
      LOG.info("Froze instance={}", node.config().instance());
    }

    @Override
    public void unfreeze() {
      server.unfreeze();
      LOG.info("Unfroze instance={}", node.config().instance());
    }

    @Override
    public boolean isRunning() {
      return server.isRunning();
    }

    @Override
    public MetricSnapshots metrics() {
      return node.metrics().scrape();
    }

    @Override
    public InstanceStats stats() {
      NodeMetrics m = node.metrics();
      var attempts = new TreeMap<String, Long>();
      var retries = new TreeMap<String, Long>();
      long retryCount = 0;
      long circuitOpen = 0;
      var byDependency = new TreeMap<String, InstanceStats.Dependency>();
      for (DependencyMetrics d : m.dependencies()) {
        byDependency.put(
            d.dependency(),
            new InstanceStats.Dependency(
                d.requests(), d.errors(), d.retries(), d.attempts(Outcome.TIMEOUT)));
        d.attemptsByPeer().forEach((k, v) -> attempts.merge(k, v, Long::sum));
        d.retriesByPeer().forEach((k, v) -> retries.merge(k, v, Long::sum));
        retryCount += d.retries();
        circuitOpen += d.breakerSkips();
      }
      long requests = m.requests();
      LatencyHistogram h = latency();
      return new InstanceStats(
          requests,
          m.errors(),
          retryCount,
          m.attempts(Outcome.TIMEOUT),
          m.attempts(Outcome.BUDGET_EXHAUSTED) + m.arrivedSpentCount(),
          circuitOpen,
          m.zoneFallbacks(),
          h.quantileMillis(0.50),
          h.quantileMillis(0.99),
          Map.copyOf(attempts),
          Map.copyOf(retries),
          m.trafficRequests(),
          m.trafficErrors(),
          m.spansDropped(),
          Map.copyOf(byDependency),
          serverless(m));
    }

    private static InstanceStats.Serverless serverless(NodeMetrics m) {
      NodeMetrics.Function f = m.functionOrNull();
      return f == null
          ? new InstanceStats.Serverless(0, 0, m.throttledCount(), 0, 0)
          : new InstanceStats.Serverless(
              f.invocations(), f.coldStarts(), m.throttledCount(), f.gbSeconds(), f.costUsd());
    }

    @Override
    public Mark mark() {
      return new Mark(stats(), latency().snapshot());
    }

    @Override
    public InstanceStats statsSince(Mark mark) {
      LatencyHistogram h = latency();
      return stats()
          .minus(
              mark.stats(),
              h.quantileMillisSince(mark.latency(), 0.50),
              h.quantileMillisSince(mark.latency(), 0.99));
    }

    /** The histogram stats() reports: served requests, or a traffic source's round trips. */
    private LatencyHistogram latency() {
      NodeMetrics m = node.metrics();
      return m.requests() == 0 && m.trafficRequests() > 0 ? m.roundTrips() : m.serverLatency();
    }

    @Override
    public void startTraffic(Duration ramp) {
      TrafficSource t = node.traffic();
      if (t != null && server.isRunning()) {
        t.start(ramp.toMillis());
      }
    }

    @Override
    public void truth(io.simarch.stub.truth.TruthSink sink) {
      TrafficSource t = node.traffic();
      if (t != null) {
        t.truth(sink);
      }
    }

    @Override
    public void stopTraffic() {
      TrafficSource t = node.traffic();
      if (t != null) {
        t.stop();
      }
    }

    @Override
    public String toString() {
      return node.config().instance() + " " + url;
    }
  }
}
