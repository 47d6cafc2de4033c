package io.simarch.stub.role;

import io.github.resilience4j.ratelimiter.RateLimiter;
import io.opentelemetry.api.trace.Span;
import io.simarch.api.model.Faas;
import io.simarch.stub.call.CallContext;
import io.simarch.stub.call.Dependencies;
import io.simarch.stub.call.DependencyCaller;
import io.simarch.stub.core.Reply;
import io.simarch.stub.core.Request;
import io.simarch.stub.telemetry.NodeMetrics;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.zip.CRC32;

/**
 * apigateway: every dependency is a route; a request goes to the route its key hashes to, so a
 * key's reads and writes meet the same function. Requests beyond the rate limit are answered 429 at
 * once. A route's timeout is the call policy of that dependency.
 */
final class GatewayRole implements Role {
  private final String instance;
  private final Dependencies dependencies;
  private final RateLimiter limiter;
  private final NodeMetrics metrics;

  GatewayRole(String instance, Dependencies dependencies, Faas.Gateway g, NodeMetrics metrics) {
    this.instance = instance;
    this.dependencies = dependencies;
    // burst permits every burst/rate seconds: the average rate, never more than burst at once
    this.limiter =
        Roles.limiter(
            instance,
            g.burst(),
            Duration.ofNanos(Math.max(1, (long) (g.burst() / g.rateLimit() * 1e9))));
    this.metrics = metrics;
  }

  @Override
  public CompletableFuture<Reply> handle(Request request, CallContext ctx) {
    if (!limiter.acquirePermission()) {
      return CompletableFuture.completedFuture(
          Roles.throttled(instance, Span.fromContext(ctx.parent()), metrics));
    }
    List<DependencyCaller> routes = dependencies.forwarding();
    if (routes.isEmpty()) {
      return CompletableFuture.completedFuture(Reply.ok(instance));
    }
    return dependencies.anyOf(List.of(route(routes, request.key())), request, ctx);
  }

  static <T> T route(List<T> routes, String key) {
    var crc = new CRC32();
    crc.update(key.getBytes(StandardCharsets.UTF_8));
    return routes.get((int) (crc.getValue() % routes.size()));
  }
}
