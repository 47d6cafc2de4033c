package io.simarch.stub.call;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.simarch.stub.net.HttpReply;
import io.simarch.stub.net.Transport;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class DnsPeerSourceTest {
  // the timer's polls read it while a test adds to it
  private final List<String> records = new CopyOnWriteArrayList<>();
  private final Set<String> silent = ConcurrentHashMap.newKeySet();
  private final Map<String, Integer> asked = new ConcurrentHashMap<>();

  /** Each address answers the identity request as instance "pod-<last octet>". */
  private final Transport transport =
      (peer, method, path, headers, body) -> {
        asked.merge(peer.host(), 1, Integer::sum);
        if (silent.contains(peer.host())) {
          return CompletableFuture.failedFuture(new java.net.ConnectException("refused"));
        }
        String id = "pod-" + peer.host().substring(peer.host().lastIndexOf('.') + 1);
        byte[] json = ("{\"instance\":\"" + id + "\",\"region\":\"r\",\"zone\":\"z\"}").getBytes();
        return CompletableFuture.completedFuture(new HttpReply(200, json, id, -1, null));
      };

  private final AtomicInteger lookups = new AtomicInteger();

  private DnsPeerSource source() {
    return source(null, Duration.ofSeconds(1));
  }

  private DnsPeerSource source(ScheduledExecutorService scheduler, Duration interval) {
    return new DnsPeerSource(
        "store",
        "store.arch.svc",
        8080,
        transport,
        scheduler,
        Runnable::run,
        interval,
        name -> {
          lookups.incrementAndGet();
          if (records.isEmpty()) {
            throw new UnknownHostException(name);
          }
          return List.copyOf(records);
        });
  }

  @Test
  void anIdleSourceWhosePeersAreKnownMakesNoLookupsUntilSomeoneCallsAgain() {
    ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
    try {
      DnsPeerSource s = source(timer, Duration.ofMillis(10));
      s.start();
      // no peers yet: it keeps looking, asked or not
      await().atMost(Duration.ofSeconds(5)).until(() -> lookups.get() >= 3);
      records.add("10.0.0.1");
      await().atMost(Duration.ofSeconds(5)).until(() -> !s.peers().isEmpty());
      // known and nobody calling: at most the poll already under way, then none
      int settled = lookups.get() + 1;
      await()
          .during(Duration.ofMillis(300))
          .atMost(Duration.ofSeconds(2))
          .until(() -> lookups.get() <= settled);
      // and its timer stops, so an idle stub's event loop is not woken every interval
      await().atMost(Duration.ofSeconds(2)).until(s::parked);
      int idle = lookups.get();
      s.version(); // a call: it looks again at once
      await().atMost(Duration.ofSeconds(5)).until(() -> lookups.get() > idle);
      s.close();
    } finally {
      timer.shutdownNow();
    }
  }

  @Test
  void addressesJoinOnceTheyHaveSaidWhoTheyAreAndLeaveWithTheirRecord() {
    DnsPeerSource s = source();
    records.addAll(List.of("10.0.0.1", "10.0.0.2"));
    silent.add("10.0.0.2");
    s.refresh();
    assertThat(s.peers()).extracting(Peer::instance).containsExactly("pod-1");
    assertThat(s.peers().get(0).url()).isEqualTo("http://10.0.0.1:8080");
    assertThat(s.peers().get(0).zone()).isEqualTo("z");

    silent.clear(); // asked again at the next poll
    long v = s.version();
    s.refresh();
    assertThat(s.peers()).extracting(Peer::instance).containsExactly("pod-1", "pod-2");
    assertThat(s.version()).isGreaterThan(v);
    assertThat(asked.get("10.0.0.1")).isEqualTo(1); // identity cached by address

    records.remove("10.0.0.1");
    s.refresh();
    assertThat(s.peers()).extracting(Peer::instance).containsExactly("pod-2");

    records.clear(); // a headless Service with no ready pod has no record at all
    s.refresh();
    assertThat(s.peers()).isEmpty();
  }
}
