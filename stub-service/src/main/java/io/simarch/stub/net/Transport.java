package io.simarch.stub.net;

import io.simarch.stub.call.Peer;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * Sends one HTTP request to one peer. Completing the returned future exceptionally from outside (a
 * timeout) abandons the request: the connection is closed, never reused.
 */
public interface Transport {
  CompletableFuture<HttpReply> send(
      Peer peer,
      String method,
      String pathAndQuery,
      List<Map.Entry<String, String>> headers,
      byte[] body);

  /**
   * Lets go of whatever is kept for an address that left discovery (pooled connections), so
   * churning peers cannot grow what the transport holds.
   */
  default void forget(String host, int port) {}
}
