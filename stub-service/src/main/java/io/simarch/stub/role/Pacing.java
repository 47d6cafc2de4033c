package io.simarch.stub.role;

import io.simarch.stub.core.Reply;
import java.util.concurrent.CompletableFuture;

/** The node's timers as a role sees them: its own service time, and waits such as cold starts. */
public interface Pacing {
  /** {@code work}'s reply, given after this request's own service time. */
  CompletableFuture<Reply> withServiceTime(CompletableFuture<Reply> work);

  /** Completes after {@code nanos}, on a timer, blocking nothing. */
  CompletableFuture<Void> after(long nanos);
}
