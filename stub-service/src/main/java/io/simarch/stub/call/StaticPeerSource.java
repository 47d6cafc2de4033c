package io.simarch.stub.call;

import io.simarch.api.model.StubConfig;
import java.util.List;

/** The local runtime's fixed endpoint list. */
public final class StaticPeerSource implements PeerSource {
  private final List<Peer> peers;

  public StaticPeerSource(List<StubConfig.Endpoint> endpoints) {
    this.peers =
        endpoints.stream().map(e -> Peer.of(e.instance(), e.url(), e.region(), e.zone())).toList();
  }

  @Override
  public List<Peer> peers() {
    return peers;
  }

  @Override
  public long version() {
    return 0;
  }
}
