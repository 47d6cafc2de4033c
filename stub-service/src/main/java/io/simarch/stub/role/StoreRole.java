package io.simarch.stub.role;

import io.simarch.stub.call.CallContext;
import io.simarch.stub.call.DependencyCaller;
import io.simarch.stub.call.Peer;
import io.simarch.stub.call.Target;
import io.simarch.stub.core.Reply;
import io.simarch.stub.core.Request;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * store, cache, volume: answers from its own map. A Put is stored, answered, and replicated to
 * every connected instance of the same package (a self-dependency is spigo's master/slave
 * replication); a Replicate is only stored.
 */
final class StoreRole implements Role {
  private final String me;
  private final KvStore store;
  private final List<DependencyCaller> replicas;

  StoreRole(String me, KvStore store, List<DependencyCaller> replicas) {
    this.me = me;
    this.store = store;
    this.replicas = replicas;
  }

  @Override
  public CompletableFuture<Reply> handle(Request request, CallContext ctx) {
    return CompletableFuture.completedFuture(
        switch (request.op()) {
          case GET -> {
            byte[] v = store.get(request.key());
            yield v == null ? Reply.miss(me) : Reply.hit(v, me);
          }
          case PUT -> {
            store.put(request.key(), request.value());
            replicate(request, ctx);
            yield Reply.ok(me);
          }
          case REPLICATE -> {
            store.put(request.key(), request.value());
            yield Reply.ok(me);
          }
        });
  }

  /** Like spigo, the writer does not wait for its replicas; their calls are still traced. */
  private void replicate(Request request, CallContext ctx) {
    Request copy = Request.replicate(request.key(), request.value(), Request.Scope.LOCAL);
    for (DependencyCaller d : replicas) {
      for (Peer p : d.visiblePeers()) {
        d.call(copy, ctx, Target.exactly(p));
      }
    }
  }
}
