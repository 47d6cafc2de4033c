package io.simarch.stub.role;

import io.simarch.stub.call.CallContext;
import io.simarch.stub.call.DependencyCaller;
import io.simarch.stub.call.Peer;
import io.simarch.stub.call.Target;
import io.simarch.stub.core.Reply;
import io.simarch.stub.core.Request;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;

/**
 * priamCassandra and riak: one token ring per region and zone, made of the service's own instances
 * (its self-dependency). The owner of a key answers (READ.ONE) and takes its writes; any other
 * member forwards to the owner, or, in failover mode, to the next member up when the owner is down.
 * The owner replicates a write to one node in each other zone of its region and, when the service
 * declared {@code eureka}, to one node in each other region, which copies it once more to its own
 * region's other zones.
 */
final class RingRole implements Role {
  private final String me;
  private final String region;
  private final String zone;
  private final boolean crossRegion;
  private final KvStore store;
  private final DependencyCaller ring; // null: a ring of one
  private final Random random;

  RingRole(
      String me,
      String region,
      String zone,
      boolean crossRegion,
      KvStore store,
      DependencyCaller ring,
      Random random) {
    this.me = me;
    this.region = region;
    this.zone = zone;
    this.crossRegion = crossRegion;
    this.store = store;
    this.ring = ring;
    this.random = random;
  }

  /** This instance's ring: the peers in its own region and zone, and itself. */
  TokenRing tokenRing() {
    var ids = new ArrayList<String>();
    ids.add(me);
    if (ring != null) {
      for (Peer p : ring.peers()) {
        if (region.equals(p.region()) && zone.equals(p.zone())) {
          ids.add(p.instance());
        }
      }
    }
    return new TokenRing(ids);
  }

  @Override
  public CompletableFuture<Reply> handle(Request request, CallContext ctx) {
    switch (request.op()) {
      case GET -> {
        List<Peer> towardOwner = request.forwarded() ? List.of() : towardOwner(request.key());
        if (towardOwner.isEmpty()) {
          byte[] v = store.get(request.key());
          return CompletableFuture.completedFuture(v == null ? Reply.miss(me) : Reply.hit(v, me));
        }
        return ring.call(request.asForwarded(), ctx, Target.inOrder(towardOwner));
      }
      case PUT -> {
        List<Peer> towardOwner = request.forwarded() ? List.of() : towardOwner(request.key());
        if (towardOwner.isEmpty()) {
          store.put(request.key(), request.value());
          replicateToZones(request, ctx);
          if (crossRegion) {
            replicateToRegions(request, ctx);
          }
          return CompletableFuture.completedFuture(Reply.ok(me));
        }
        return ring.call(request.asForwarded(), ctx, Target.inOrder(towardOwner));
      }
      case REPLICATE -> {
        store.put(request.key(), request.value());
        if (request.scope() == Request.Scope.REGION) {
          replicateToZones(request, ctx); // once: these copies are LOCAL
        }
        return CompletableFuture.completedFuture(Reply.ok(me));
      }
    }
    throw new IllegalArgumentException("unknown op " + request.op());
  }

  /**
   * The members from the key's owner up to (not including) this instance; empty when this instance
   * owns the key.
   */
  private List<Peer> towardOwner(String key) {
    if (ring == null) {
      return List.of();
    }
    Map<String, Peer> byId = new LinkedHashMap<>();
    for (Peer p : ring.peers()) {
      byId.put(p.instance(), p);
    }
    var out = new ArrayList<Peer>();
    for (String id : tokenRing().preference(key)) {
      if (id.equals(me)) {
        break;
      }
      out.add(byId.get(id));
    }
    return out;
  }

  private void replicateToZones(Request request, CallContext ctx) {
    if (ring == null) {
      return;
    }
    Map<String, List<Peer>> byZone = new LinkedHashMap<>();
    for (Peer p : ring.peers()) {
      if (region.equals(p.region()) && !zone.equals(p.zone())) {
        byZone.computeIfAbsent(p.zone(), z -> new ArrayList<>()).add(p);
      }
    }
    send(byZone, Request.replicate(request.key(), request.value(), Request.Scope.LOCAL), ctx);
  }

  private void replicateToRegions(Request request, CallContext ctx) {
    if (ring == null) {
      return;
    }
    Map<String, List<Peer>> byRegion = new LinkedHashMap<>();
    for (Peer p : ring.peers()) {
      if (!region.equals(p.region())) {
        byRegion.computeIfAbsent(p.region(), r -> new ArrayList<>()).add(p);
      }
    }
    send(byRegion, Request.replicate(request.key(), request.value(), Request.Scope.REGION), ctx);
  }

  /** One random node of each group; the owner does not wait for them (spigo's Replicate). */
  private void send(Map<String, List<Peer>> groups, Request copy, CallContext ctx) {
    for (List<Peer> group : groups.values()) {
      Peer target = group.get(random.nextInt(group.size()));
      ring.call(copy, ctx, Target.exactly(target));
    }
  }
}
