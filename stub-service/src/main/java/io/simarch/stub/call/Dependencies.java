package io.simarch.stub.call;

import io.simarch.stub.core.Reply;
import io.simarch.stub.core.Request;
import io.simarch.stub.core.Wire;
import io.simarch.stub.telemetry.NodeMetrics;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;

/** An instance's dependencies, and spigo's choice of one instance among all of them. */
public final class Dependencies implements AutoCloseable {
  private final List<DependencyCaller> all;
  private final List<DependencyCaller> forwarding;
  private final NodeMetrics metrics;
  private final Random random;

  public Dependencies(List<DependencyCaller> all, NodeMetrics metrics, Random random) {
    this.all = List.copyOf(all);
    this.forwarding = all.stream().filter(d -> !d.dependency().replication()).toList();
    this.metrics = metrics;
    this.random = random;
    metrics.breakers(
        () -> {
          var states = new ArrayList<NodeMetrics.BreakerState>();
          all.forEach(d -> states.addAll(d.breakerStates()));
          return states;
        });
  }

  public List<DependencyCaller> all() {
    return all;
  }

  /** Dependencies requests are forwarded to: all but the self-dependency (replication). */
  public List<DependencyCaller> forwarding() {
    return forwarding;
  }

  public void start() {
    all.forEach(DependencyCaller::start);
  }

  /** Forwards to one random instance of the union of the forwarding dependencies. */
  public CompletableFuture<Reply> forward(Request request, CallContext ctx) {
    return anyOf(forwarding, request, ctx);
  }

  /**
   * Sends to one random instance of the union of {@code group}, weighted by instance counts as
   * spigo's ribbon.Random does over all its routes. Instances in the preferred zone or region come
   * first; only when no dependency has one does the call fall back, and it is counted.
   */
  public CompletableFuture<Reply> anyOf(
      List<DependencyCaller> group, Request request, CallContext ctx) {
    if (group.isEmpty()) {
      return CompletableFuture.completedFuture(Reply.failure(503, Wire.NO_INSTANCE, null));
    }
    if (group.size() == 1) {
      DependencyCaller only = group.get(0);
      if (only.candidates().fallback() && !only.candidates().peers().isEmpty()) {
        metrics.zoneFallback();
      }
      return only.call(request, ctx, Target.ANY);
    }
    int preferred = 0;
    int fallback = 0;
    for (DependencyCaller d : group) {
      DependencyCaller.Candidates c = d.candidates();
      if (c.fallback()) {
        fallback += c.peers().size();
      } else {
        preferred += c.peers().size();
      }
    }
    boolean useFallback = preferred == 0;
    int total = useFallback ? fallback : preferred;
    if (total == 0) {
      return group.get(0).call(request, ctx, Target.ANY); // records the no-instance attempt
    }
    if (useFallback) {
      metrics.zoneFallback();
    }
    int pick = random.nextInt(total);
    for (DependencyCaller d : group) {
      DependencyCaller.Candidates c = d.candidates();
      if (c.fallback() != useFallback) {
        continue;
      }
      if (pick < c.peers().size()) {
        return d.call(request, ctx, Target.ANY);
      }
      pick -= c.peers().size();
    }
    throw new IllegalStateException("unreachable: weighted pick out of range");
  }

  @Override
  public void close() {
    all.forEach(DependencyCaller::close);
  }
}
