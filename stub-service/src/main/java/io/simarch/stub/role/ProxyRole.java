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
 */
final class ProxyRole implements Role {
  private final Dependencies dependencies;

  ProxyRole(Dependencies dependencies) {
    this.dependencies = dependencies;
  }

  @Override
  public CompletableFuture<Reply> handle(Request request, CallContext ctx) {
    return dependencies.forward(request, ctx);
  }
}
