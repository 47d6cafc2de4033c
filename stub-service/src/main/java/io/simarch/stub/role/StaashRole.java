package io.simarch.stub.role;

import io.simarch.api.model.PackageRole;
import io.simarch.stub.call.CallContext;
import io.simarch.stub.call.Dependencies;
import io.simarch.stub.call.DependencyCaller;
import io.simarch.stub.core.Reply;
import io.simarch.stub.core.Request;
import io.simarch.stub.core.Wire;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * staash, the data access layer: its dependencies form ordered tiers cache → volume →
 * priamCassandra/riak → store → staash. A Get asks one instance of each tier in turn and falls
 * through to the next on a miss (or a failure), which is what spigo meant: at its HEAD the tier
 * index was kept on a copy and never advanced, so a miss was dropped. A Put writes to one instance
 * of every tier at once; the volume key carries this instance's name, as in spigo.
 */
final class StaashRole implements Role {
  static final List<List<String>> TIERS =
      List.of(
          names(PackageRole.CACHE),
          names(PackageRole.VOLUME),
          names(PackageRole.PRIAM_CASSANDRA, PackageRole.RIAK),
          names(PackageRole.STORE),
          names(PackageRole.STAASH));

  private final String me;
  private final Dependencies dependencies;
  private final List<Tier> tiers;

  private record Tier(List<DependencyCaller> callers, boolean volume) {}

  StaashRole(String me, Dependencies dependencies) {
    this.me = me;
    this.dependencies = dependencies;
    this.tiers = tiers(dependencies.forwarding());
  }

  private static List<String> names(PackageRole... roles) {
    return Arrays.stream(roles).map(PackageRole::packageName).toList();
  }

  private static List<Tier> tiers(List<DependencyCaller> deps) {
    var out = new ArrayList<Tier>();
    var placed = new ArrayList<DependencyCaller>();
    for (List<String> packages : TIERS) {
      List<DependencyCaller> tier =
          deps.stream().filter(d -> packages.contains(d.packageName())).toList();
      if (!tier.isEmpty()) {
        out.add(new Tier(tier, packages.contains(PackageRole.VOLUME.packageName())));
        placed.addAll(tier);
      }
    }
    // anything else a staash depends on is asked last
    List<DependencyCaller> rest = deps.stream().filter(d -> !placed.contains(d)).toList();
    if (!rest.isEmpty()) {
      out.add(new Tier(rest, false));
    }
    return out;
  }

  @Override
  public CompletableFuture<Reply> handle(Request request, CallContext ctx) {
    if (tiers.isEmpty()) {
      return CompletableFuture.completedFuture(Reply.failure(503, Wire.NO_INSTANCE, me));
    }
    return switch (request.op()) {
      case GET -> read(request, ctx, 0, false);
      case PUT, REPLICATE -> write(request, ctx);
    };
  }

  private CompletableFuture<Reply> read(
      Request request, CallContext ctx, int tier, boolean failed) {
    if (tier == tiers.size()) {
      return CompletableFuture.completedFuture(
          failed ? Reply.failure(502, "error", me) : Reply.miss(me));
    }
    Tier t = tiers.get(tier);
    return dependencies
        .anyOf(t.callers(), keyed(request, t), ctx)
        .thenCompose(
            reply ->
                reply.isHit()
                    ? CompletableFuture.completedFuture(reply)
                    : read(request, ctx, tier + 1, failed || !reply.isSuccess()));
  }

  private CompletableFuture<Reply> write(Request request, CallContext ctx) {
    Request put = Request.put(request.key(), request.value());
    @SuppressWarnings("unchecked")
    CompletableFuture<Reply>[] writes = new CompletableFuture[tiers.size()];
    for (int i = 0; i < tiers.size(); i++) {
      Tier t = tiers.get(i);
      writes[i] = dependencies.anyOf(t.callers(), keyed(put, t), ctx);
    }
    return CompletableFuture.allOf(writes)
        .thenApply(
            done -> {
              for (CompletableFuture<Reply> w : writes) {
                if (!w.join().isSuccess()) {
                  return Reply.failure(502, "error", me);
                }
              }
              return Reply.ok(me);
            });
  }

  private Request keyed(Request request, Tier tier) {
    return tier.volume() ? request.withKey(me + "/" + request.key()) : request;
  }
}
