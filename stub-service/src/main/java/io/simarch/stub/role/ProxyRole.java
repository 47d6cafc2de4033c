package io.simarch.stub.role;

import io.simarch.stub.call.CallContext;
import io.simarch.stub.call.Dependencies;
import io.simarch.stub.core.Reply;
import io.simarch.stub.core.Request;
import java.util.concurrent.CompletableFuture;

/**
 * elb, zuul, karyon, monolith (and a denominator that is called): forwards every request to one
 * random instance of the union of its dependencies. Which instances are candidates (zone, region,
 * everywhere) is the callers' {@link io.simarch.stub.call.Affinity}.
 *
 * <p>A forwarder that declares no dependency is a leaf service (vizceral's edge graph, compose
 * conversions): it answers itself. spigo dropped such requests, which left its callers hanging.
 */
final class ProxyRole implements Role {
  private final String instance;
  private final Dependencies dependencies;

  ProxyRole(String instance, Dependencies dependencies) {
    this.instance = instance;
    this.dependencies = dependencies;
  }

  @Override
  public CompletableFuture<Reply> handle(Request request, CallContext ctx) {
    if (dependencies.forwarding().isEmpty()) {
      return CompletableFuture.completedFuture(Reply.ok(instance));
    }
    return dependencies.forward(request, ctx);
  }
}
