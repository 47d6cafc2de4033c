package io.simarch.testkit;

import io.fabric8.kubernetes.client.server.mock.KubernetesMixedDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.fabric8.mockwebserver.ServerRequest;
import io.fabric8.mockwebserver.ServerResponse;
import java.util.HashMap;
import java.util.Queue;

/** fabric8's mock API server in CRUD mode: what is created can be listed, watched and deleted. */
public final class KubeMock {
  private KubeMock() {}

  /** A started CRUD-mode server (plain HTTP); close it with {@code destroy()}. */
  public static KubernetesMockServer crud() {
    var responses = new HashMap<ServerRequest, Queue<ServerResponse>>();
    var server =
        new KubernetesMockServer(
            new Context(Serialization.jsonMapper()),
            new MockWebServer(),
            responses,
            new KubernetesMixedDispatcher(responses),
            false);
    server.init();
    return server;
  }
}
