package io.simarch.stub.call;

import com.fasterxml.jackson.databind.JsonNode;
import io.simarch.stub.config.ConfigLoader;
import io.simarch.stub.core.Wire;
import io.simarch.stub.net.Transport;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A dependency's instances in a cluster: every A record of its headless Service, re-resolved about
 * every second while callers use it (spigo's eureka poll). DNS gives only addresses, so each new
 * address is asked who it is ({@value Wire#IDENTITY}) once, and the answer is kept until the
 * address leaves DNS; an instance joins the rotation when it has answered.
 */
public final class DnsPeerSource implements PeerSource {
  private static final Logger LOG = LoggerFactory.getLogger(DnsPeerSource.class);
  private static final long IDENTITY_TIMEOUT_MS = 1000;

  /** Resolves a name to addresses; swappable for tests. */
  public interface Resolver {
    List<String> resolve(String name) throws UnknownHostException;
  }

  public static final Resolver SYSTEM =
      name ->
          Arrays.stream(InetAddress.getAllByName(name)).map(InetAddress::getHostAddress).toList();

  private final String dependency;
  private final String name;
  private final int port;
  private final Transport transport;
  private final ScheduledExecutorService scheduler;
  private final Executor blocking;
  private final Duration interval;
  private final Resolver resolver;
  private final Map<String, Peer> byAddress = new ConcurrentHashMap<>();
  private final Set<String> asking = ConcurrentHashMap.newKeySet();
  // every address the last poll returned, identified or not: what the transport may hold
  private Set<String> resolved = Set.of();
  private final AtomicLong version = new AtomicLong();
  private volatile List<Peer> peers = List.of();
  private volatile ScheduledFuture<?> poll;
  private volatile boolean closed;
  // set by every caller (version() is read per call): a source nobody asked since the last poll
  // and whose peers are known is not re-resolved, and its poll timer stops until a caller comes
  // back (the first call re-arms it at once), so an idle stub neither looks up nor wakes its event
  // loop; that first call may meet a list one poll old, which retries and failover absorb
  private volatile boolean asked = true;
  private final AtomicBoolean parked = new AtomicBoolean();

  public DnsPeerSource(
      String dependency,
      String name,
      int port,
      Transport transport,
      ScheduledExecutorService scheduler,
      Executor blocking,
      Duration interval,
      Resolver resolver) {
    this.dependency = dependency;
    this.name = name;
    this.port = port;
    this.transport = transport;
    this.scheduler = scheduler;
    this.blocking = blocking;
    this.interval = interval;
    this.resolver = resolver;
  }

  @Override
  public void start() {
    arm(0);
  }

  private void arm(long delayMs) {
    if (!closed) {
      poll = scheduler.schedule(this::poll, delayMs, TimeUnit.MILLISECONDS);
    }
  }

  private void poll() {
    if (!asked && !peers.isEmpty()) {
      parked.set(true);
      // a caller that came between the check and the park saw it unparked: re-arm for it
      if (asked && parked.compareAndSet(true, false)) {
        arm(0);
      }
      return;
    }
    asked = false;
    blocking.execute(this::refresh);
    arm(interval.toMillis());
  }

  private void ask() {
    if (!asked) {
      asked = true; // written only on a change: callers do not contend for the line
      if (parked.compareAndSet(true, false)) {
        arm(0);
      }
    }
  }

  @Override
  public List<Peer> peers() {
    ask();
    return peers;
  }

  @Override
  public long version() {
    ask();
    return version.get();
  }

  /** Whether the poll timer is stopped because nobody called since the last poll. */
  boolean parked() {
    return parked.get();
  }

  /** Identity requests still out. */
  int identifying() {
    return asking.size();
  }

  /** One poll: resolve, forget addresses that left, ask new ones who they are. */
  void refresh() {
    Set<String> addresses;
    try {
      addresses = new HashSet<>(resolver.resolve(name));
    } catch (UnknownHostException e) {
      addresses = Set.of(); // a headless Service with no ready pod has no record at all
    } catch (RuntimeException e) {
      LOG.warn("Failed to resolve dependency={} name={} error={}", dependency, name, e.toString());
      return;
    }
    boolean changed = false;
    for (String gone : Set.copyOf(byAddress.keySet())) {
      if (!addresses.contains(gone)) {
        Peer p = byAddress.remove(gone);
        transport.forget(gone, port);
        changed = true;
        LOG.info(
            "Removed peer dependency={} instance={} address={}", dependency, p.instance(), gone);
      }
    }
    if (changed) {
      publish();
    }
    // also addresses that never answered: asking them made the transport keep a pool too
    for (String gone : resolved) {
      if (!addresses.contains(gone)) {
        transport.forget(gone, port);
      }
    }
    resolved = addresses;
    for (String address : addresses) {
      if (!byAddress.containsKey(address) && asking.add(address)) {
        identify(address);
      }
    }
  }

  private void identify(String address) {
    String host = address.contains(":") ? "[" + address + "]" : address;
    String url = "http://" + host + ":" + port;
    Peer unknown = Peer.of("?", url, null, null);
    transport
        .send(unknown, "GET", Wire.IDENTITY, List.of(), null)
        .orTimeout(IDENTITY_TIMEOUT_MS, TimeUnit.MILLISECONDS)
        .whenComplete(
            (reply, error) -> {
              asking.remove(address);
              if (error != null || reply.status() != 200) {
                LOG.debug("Failed to identify peer dependency={} address={}", dependency, address);
                return; // asked again at the next poll
              }
              try {
                JsonNode id = ConfigLoader.json().readTree(reply.body());
                Peer peer =
                    Peer.of(
                        id.path("instance").asText(),
                        url,
                        id.path("region").asText(null),
                        id.path("zone").asText(null));
                byAddress.put(address, peer);
                publish();
                LOG.info(
                    "Added peer dependency={} instance={} address={} zone={}",
                    dependency,
                    peer.instance(),
                    address,
                    peer.zone());
              } catch (java.io.IOException e) {
                LOG.warn("Failed to read identity dependency={} address={}", dependency, address);
              }
            });
  }

  private synchronized void publish() {
    peers = byAddress.values().stream().sorted(Comparator.comparing(Peer::instance)).toList();
    version.incrementAndGet();
  }

  @Override
  public void close() {
    closed = true;
    ScheduledFuture<?> p = poll;
    if (p != null) {
      p.cancel(false);
    }
  }
}
