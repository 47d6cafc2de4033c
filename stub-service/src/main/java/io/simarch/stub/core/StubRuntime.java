package io.simarch.stub.core;

import io.netty.channel.EventLoopGroup;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import io.opentelemetry.sdk.trace.samplers.Sampler;
import io.simarch.api.model.StubConfig;
import io.simarch.stub.call.StaticPeerSource;
import io.simarch.stub.net.NettyHttpClient;
import io.simarch.stub.net.QuietLoops;
import io.simarch.stub.net.Transport;
import io.simarch.stub.telemetry.SpanExportQueue;
import io.simarch.stub.telemetry.Telemetry;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * What every instance in a JVM shares: the event loops (which also run every timer: timeouts,
 * backoff, injected latency, the traffic ticker), the HTTP client and its pools, the span export
 * queue, and one thread for blocking DNS lookups. A pod has one instance on it; the local host a
 * thousand.
 */
public final class StubRuntime implements AutoCloseable {
  private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(StubRuntime.class);
  private final EventLoopGroup group;
  private final NettyHttpClient client;
  private final SpanExportQueue spans;
  private final Sampler sampler;
  private final Resource baseResource;
  private final ExecutorService blocking;
  private final boolean instanceLabels;
  // keyed by identity: the local host hands one endpoint list to every instance that sees the same
  // peers, and parsing it once keeps one Peer per peer instead of one per caller and peer
  private final Map<List<StubConfig.Endpoint>, StaticPeerSource> staticSources =
      Collections.synchronizedMap(new IdentityHashMap<>());

  private StubRuntime(
      EventLoopGroup group,
      boolean instanceLabels,
      SpanExportQueue spans,
      Sampler sampler,
      Resource baseResource) {
    this.group = group;
    this.instanceLabels = instanceLabels;
    this.client = new NettyHttpClient(group);
    this.spans = spans;
    this.sampler = sampler;
    this.baseResource = baseResource;
    this.blocking =
        Executors.newSingleThreadExecutor(new DefaultThreadFactory("simarch-dns", true));
  }

  /**
   * @param exporter where spans go, or null for no tracing
   * @param sampling fraction of new traces recorded (a caller's decision is followed)
   * @param base resource attributes every instance's own are merged over
   * @param ioThreads event loop threads; 0 for one per core
   */
  public static StubRuntime create(
      SpanExporter exporter, double sampling, Resource base, int ioThreads) {
    // many instances share this JVM (and one scrape), so their series say which they are
    return create(ioThreads, true, exporter, sampling, base);
  }

  /** The runtime of a pod: one instance, whose scrape adds who it is. */
  public static StubRuntime forPod(SpanExporter exporter, double sampling, Resource base) {
    return create(0, false, exporter, sampling, base);
  }

  private static StubRuntime create(
      int ioThreads,
      boolean instanceLabels,
      SpanExporter exporter,
      double sampling,
      Resource base) {
    int threads = ioThreads > 0 ? ioThreads : Runtime.getRuntime().availableProcessors();
    EventLoopGroup group = QuietLoops.create(threads, "simarch-io");
    SpanExportQueue queue =
        exporter == null ? null : new SpanExportQueue(exporter, SpanExportQueue.DEFAULT_CAPACITY);
    Sampler sampler = Sampler.parentBased(Sampler.traceIdRatioBased(sampling));
    return new StubRuntime(
        group, instanceLabels, queue, sampler, base == null ? Resource.empty() : base);
  }

  /** A tracer for one instance, or a disabled one when this runtime exports nothing. */
  public Telemetry telemetry(StubConfig config) {
    return spans == null
        ? Telemetry.disabled()
        : Telemetry.of(config, spans, sampler, baseResource);
  }

  /**
   * Whether each instance's series carry {@link
   * io.simarch.stub.telemetry.NodeMetrics#INSTANCE_LABELS}: in the local runtime, not in a pod,
   * whose scrape adds its own.
   */
  public boolean instanceLabels() {
    return instanceLabels;
  }

  public EventLoopGroup group() {
    return group;
  }

  /** Timers for every instance; the event loops themselves, so no extra threads. */
  public ScheduledExecutorService scheduler() {
    return group;
  }

  /** The event loop running this thread when there is one (no wake-up needed), else any. */
  public ScheduledExecutorService currentTimers() {
    for (io.netty.util.concurrent.EventExecutor e : group) {
      if (e.inEventLoop()) {
        return e;
      }
    }
    return group;
  }

  /** The peers of a fixed endpoint list, shared by every instance given the same list object. */
  public StaticPeerSource staticPeers(List<StubConfig.Endpoint> endpoints) {
    return staticSources.computeIfAbsent(endpoints, StaticPeerSource::new);
  }

  public Transport transport() {
    return client;
  }

  public NettyHttpClient client() {
    return client;
  }

  public ExecutorService blocking() {
    return blocking;
  }

  /** The export queue, or null without tracing. */
  public SpanExportQueue spans() {
    return spans;
  }

  @Override
  public void close() {
    client.close();
    blocking.shutdownNow();
    if (spans != null) {
      spans.close();
    }
    // bounded: a stop must never hang the host (or a test JVM) on an event loop
    if (!group.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly(5_000)) {
      LOG.warn("Failed to stop event loops within 5s");
    }
  }
}
