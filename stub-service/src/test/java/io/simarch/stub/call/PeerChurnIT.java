package io.simarch.stub.call;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.simarch.api.model.StubConfig;
import io.simarch.stub.local.HostOptions;
import io.simarch.stub.local.StubHost;
import io.simarch.stub.local.StubInstance;
import io.simarch.stub.net.NettyHttpClient;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Pods come and go under chaos: the HTTP client must not keep a connection pool for every address
 * discovery ever returned. A real client and a real stub; the other addresses are loopback ones
 * nobody listens on, as a deleted pod's address is.
 */
class PeerChurnIT {
  private static final int LOOPS = 2;
  private static final int CHURNED = 60;

  @Test
  void poolsOfAddressesThatLeftDiscoveryAreDropped() {
    EventLoopGroup group = new MultiThreadIoEventLoopGroup(LOOPS, NioIoHandler.newFactory());
    try (StubHost host = StubHost.start(HostOptions.defaults());
        NettyHttpClient client = new NettyHttpClient(group)) {
      StubInstance store = host.start(store(), 0);
      int port = URI.create(store.url()).getPort();
      List<String> records = new ArrayList<>();
      var source =
          new DnsPeerSource(
              "store",
              "store.churn.svc",
              port,
              client,
              group,
              Runnable::run,
              Duration.ofSeconds(1),
              name -> List.copyOf(records));

      // the live instance stays; two short-lived addresses are replaced at every poll
      for (int i = 0; i < CHURNED; i += 2) {
        records.clear();
        records.addAll(List.of("127.0.0.1", "127.0.1." + (i + 1), "127.0.1." + (i + 2)));
        source.refresh();
        await().atMost(Duration.ofSeconds(5)).until(() -> source.identifying() == 0);
        assertThat(client.poolCount()).isLessThanOrEqualTo(3 * LOOPS);
      }
      assertThat(source.peers()).extracting(Peer::instance).containsExactly("store00");

      records.clear();
      records.add("127.0.0.1");
      source.refresh();
      // only the one address still in DNS keeps a pool: 30 polls churned 60 addresses
      assertThat(client.poolCount()).isBetween(1, LOOPS);
    } finally {
      group.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly(5_000);
    }
  }

  private static StubConfig store() {
    return new StubConfig(
        "churn", "store", "store", "store00", "r", "z", 1, false, null, null, List.of(), null,
        null);
  }
}
