package io.simarch.stub.role;

import io.github.resilience4j.ratelimiter.RateLimiter;
import io.opentelemetry.api.trace.Span;
import io.simarch.api.model.Faas;
import io.simarch.stub.call.CallContext;
import io.simarch.stub.core.Reply;
import io.simarch.stub.core.Request;
import io.simarch.stub.telemetry.NodeMetrics;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;

/**
 * dynamodb: a store whose provisioned capacity, one unit a request, refills every second; a Get or
 * Put over it is answered 429 (DynamoDB's ThrottlingException), which callers retry under their
 * call policy. On demand it is a store. Copies between replicas are not metered.
 */
final class TableRole implements Role {
  private static final Duration SECOND = Duration.ofSeconds(1);

  private final String instance;
  private final Role store;
  private final RateLimiter reads;
  private final RateLimiter writes;
  private final NodeMetrics metrics;

  TableRole(String instance, Role store, Faas.Table table, NodeMetrics metrics) {
    this.instance = instance;
    this.store = store;
    this.reads =
        table.provisioned()
            ? Roles.limiter(instance + "-read", table.readCapacity(), SECOND)
            : null;
    this.writes =
        table.provisioned()
            ? Roles.limiter(instance + "-write", table.writeCapacity(), SECOND)
            : null;
    this.metrics = metrics;
  }

  @Override
  public CompletableFuture<Reply> handle(Request request, CallContext ctx) {
    RateLimiter capacity =
        switch (request.op()) {
          case GET -> reads;
          case PUT -> writes;
          case REPLICATE -> null;
        };
    if (capacity != null && !capacity.acquirePermission()) {
      return CompletableFuture.completedFuture(
          Roles.throttled(instance, Span.fromContext(ctx.parent()), metrics));
    }
    return store.handle(request, ctx);
  }
}
