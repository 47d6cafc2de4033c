package io.simarch.stub.role;

import io.simarch.stub.call.CallContext;
import io.simarch.stub.core.Reply;
import io.simarch.stub.core.Request;
import java.util.concurrent.CompletableFuture;

/** One spigo package's behaviour on a Get, Put or Replicate (spigo-and-peers.md §2.3). */
public interface Role extends AutoCloseable {
  /** Answers one request; failures are 5xx replies, never exceptional futures. */
  CompletableFuture<Reply> handle(Request request, CallContext ctx);

  /**
   * Answers one request, its service time included. A role whose own accounting spans the service
   * time (a function's billed duration) overrides it.
   */
  default CompletableFuture<Reply> serve(Request request, CallContext ctx, Pacing pacing) {
    return pacing.withServiceTime(handle(request, ctx));
  }

  /** Stops what the role does on its own (a stream's deliveries). */
  @Override
  default void close() {}
}
