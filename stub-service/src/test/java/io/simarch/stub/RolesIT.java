package io.simarch.stub;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.simarch.api.model.PackageRole;
import io.simarch.stub.local.HostOptions;
import io.simarch.stub.local.StubHost;
import io.simarch.stub.local.StubInstance;
import io.simarch.stub.role.TokenRing;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Each spigo package's behaviour, over real HTTP on loopback. */
class RolesIT {
  private StubHost host;

  @BeforeEach
  void start() {
    host = StubHost.start(HostOptions.defaults());
  }

  @AfterEach
  void stop() {
    host.close();
  }

  /**
   * Every package of the registry has a role in the stub, and a request to it goes on to its
   * dependency exactly when the registry says the package forwards: the validator's cycle rule
   * reads the same fact.
   */
  @ParameterizedTest(name = "{0}")
  @EnumSource(PackageRole.class)
  void everyPackageOfTheRegistryPlaysARoleThatForwardsAsTheRegistrySays(PackageRole role) {
    // a leaf forwarder answers itself; it must not be the package under test (a same-package
    // dependency is where a store or a ring copies to)
    String leaf = role == PackageRole.MONOLITH ? "elb" : "monolith";
    Map<String, StubInstance> all =
        TestArch.arch("registry")
            .service("leaf", leaf, 1)
            .service("x", role.packageName(), 1, "leaf")
            .start(host);
    if (role.behaviour() == PackageRole.Behaviour.STREAM) {
      // a stream answers a Put itself and passes it on later, in a batch
      assertThat(Http.put(all.get("x00"), "k", "v").instance()).isEqualTo("x00");
      await().atMost(Duration.ofSeconds(10)).until(() -> all.get("leaf00").stats().requests() > 0);
      return;
    }
    var answer = Http.get(all.get("x00"), "why?");
    assertThat(answer.status()).isEqualTo(200);
    assertThat(answer.instance()).isEqualTo(role.forwards() ? "leaf00" : "x00");
  }

  @Test
  void aProxyForwardsToOneInstanceOfTheUnionOfItsDependenciesWeightedByCount() {
    Map<String, StubInstance> all =
        TestArch.arch("proxy")
            .service("small", "store", 1)
            .service("big", "store", 3)
            .service("monolith", "monolith", 1, "small", "big")
            .start(host);
    for (int i = 0; i < 400; i++) {
      assertThat(Http.get(all.get("monolith00"), "why?").status()).isEqualTo(200);
    }
    Map<String, Long> attempts = all.get("monolith00").stats().attemptsByPeer();
    // uniform over the four instances, not half to each service
    assertThat(attempts.keySet()).containsExactlyInAnyOrder("small00", "big00", "big01", "big02");
    attempts.values().forEach(n -> assertThat(n).isBetween(60L, 140L));
  }

  @Test
  void zoneAffineCallersStayInTheirZoneAndFallBackWhenItHasNoInstance() {
    Map<String, StubInstance> all =
        TestArch.arch("zones")
            .service("store", "store", 2)
            .zones("store", "zoneA", "zoneB")
            .service("karyon", "karyon", 2, "store")
            .zones("karyon", "zoneA", "zoneC")
            .service("elb", "elb", 1, "karyon")
            .start(host);
    StubInstance inA = all.get("karyon00");
    StubInstance inC = all.get("karyon01"); // no store in zoneC
    for (int i = 0; i < 30; i++) {
      assertThat(Http.get(inA, "why?").instance()).isEqualTo("store00");
      // spigo dropped these; we send them to the rest of the region and count them
      assertThat(Http.get(inC, "why?").status()).isEqualTo(200);
    }
    assertThat(inA.stats().zoneFallbacks()).isZero();
    assertThat(inC.stats().zoneFallbacks()).isEqualTo(30);
    assertThat(inC.stats().attemptsByPeer().keySet())
        .containsExactlyInAnyOrder("store00", "store01");

    // the elb is cross-zone: both karyons get its requests
    for (int i = 0; i < 60; i++) {
      Http.get(all.get("elb00"), "why?");
    }
    assertThat(all.get("elb00").stats().attemptsByPeer().keySet())
        .containsExactlyInAnyOrder("karyon00", "karyon01");
  }

  @Test
  void aStoreReplicatesPutsToItsPeersAndReplicasAreNotCopiedAgain() {
    Map<String, StubInstance> all =
        TestArch.arch("replication").service("store", "store", 3, "store").start(host);
    assertThat(Http.put(all.get("store00"), "k1", "v1").status()).isEqualTo(200);
    await()
        .atMost(Duration.ofSeconds(5))
        .untilAsserted(
            () -> {
              assertThat(Http.get(all.get("store01"), "k1").value()).isEqualTo("v1");
              assertThat(Http.get(all.get("store02"), "k1").value()).isEqualTo("v1");
            });
    assertThat(all.get("store00").stats().attemptsByPeer()).containsOnlyKeys("store01", "store02");
    assertThat(all.get("store01").stats().attemptsByPeer()).isEmpty();
    assertThat(Http.get(all.get("store02"), "why?").value()).isEqualTo("because...");
    assertThat(Http.get(all.get("store02"), "never-put").status()).isEqualTo(404);
  }

  @Test
  void theRingOwnerAnswersAndTheOthersForwardToIt() {
    Map<String, StubInstance> all =
        TestArch.arch("ring")
            .service("cass", "priamCassandra", 3, "cass")
            .zones("cass", "zoneA")
            .start(host);
    var ring = new TokenRing(List.of("cass00", "cass01", "cass02"));
    for (int k = 0; k < 30; k++) {
      String key = "key-" + k;
      String owner = ring.owner(key);
      StubInstance via = all.get(TestArch.id("cass", k % 3));
      assertThat(Http.put(via, key, "v" + k).instance()).isEqualTo(owner);
      for (StubInstance node : all.values()) {
        Http.Answer a = Http.get(node, key);
        assertThat(a.instance()).isEqualTo(owner);
        assertThat(a.value()).isEqualTo("v" + k);
        // only the owner holds it: the ring has one zone, so nothing was replicated
        boolean isOwner = node.config().instance().equals(owner);
        assertThat(Http.get(node.url(), key, true).status()).isEqualTo(isOwner ? 200 : 404);
      }
    }
    // every member owned some of the thirty keys
    assertThat(all.values())
        .allSatisfy(node -> assertThat(node.stats().attemptsByPeer().size()).isEqualTo(2));
  }

  @Test
  void ringWritesReachOneNodePerOtherZoneAndPerOtherRegion() {
    Map<String, StubInstance> all =
        TestArch.arch("ring2")
            .service("cass", "priamCassandra", 6, "cass")
            .regions("cass", true, "us-east-1", "eu-west-1")
            .start(host);
    // six nodes, one per region and zone: every ring has one member, so each owns its writes
    StubInstance writer = all.get("cass00"); // us-east-1 zoneA
    assertThat(writer.config().region()).isEqualTo("us-east-1");
    assertThat(Http.put(writer, "global", "g").instance()).isEqualTo("cass00");
    await()
        .atMost(Duration.ofSeconds(5))
        .untilAsserted(
            () -> {
              for (StubInstance node : all.values()) {
                assertThat(Http.get(node.url(), "global", true).value())
                    .as(node.config().instance())
                    .isEqualTo("g");
              }
            });
    // one copy per other zone (2), one per other region (1); that one copies to its zones (2)
    long copiesFromWriter =
        writer.stats().attemptsByPeer().values().stream().mapToLong(Long::longValue).sum();
    assertThat(copiesFromWriter).isEqualTo(3);
  }

  @Test
  void staashFallsThroughItsTiersOnAMissAndWritesToEveryTier() {
    Map<String, StubInstance> all =
        TestArch.arch("dal")
            .service("cache", "cache", 1)
            .service("volume", "volume", 1)
            .service("store", "store", 1)
            .service("staash", "staash", 1, "store", "volume", "cache")
            .start(host);
    StubInstance staash = all.get("staash00");

    // only the store has it: cache and volume miss, the store answers
    Http.put(all.get("store00"), "deep", "from-store");
    Http.Answer deep = Http.get(staash, "deep");
    assertThat(deep.status()).isEqualTo(200);
    assertThat(deep.instance()).isEqualTo("store00");
    assertThat(deep.value()).isEqualTo("from-store");
    assertThat(staash.stats().attemptsByPeer()).containsOnlyKeys("cache00", "volume00", "store00");

    // nobody has it: every tier asked, then a miss
    assertThat(Http.get(staash, "nowhere").status()).isEqualTo(404);

    // a write goes to one instance of every tier; the volume key carries the staash's name
    assertThat(Http.put(staash, "w", "x").status()).isEqualTo(200);
    assertThat(Http.get(all.get("cache00"), "w").value()).isEqualTo("x");
    assertThat(Http.get(all.get("store00"), "w").value()).isEqualTo("x");
    assertThat(Http.get(all.get("volume00"), "staash00/w").value()).isEqualTo("x");
    // and the cache, first tier, now answers
    assertThat(Http.get(staash, "w").instance()).isEqualTo("cache00");
  }

  @Test
  void theDenominatorSendsSpigosMix() {
    Map<String, StubInstance> all =
        TestArch.arch("mix")
            .service("store", "store", 1)
            .root("www", TestArch.traffic(1000), "store")
            .start(host);
    StubInstance root = all.get("www00");
    root.startTraffic();
    await().atMost(Duration.ofSeconds(30)).until(() -> root.stats().rootRequests() >= 600);
    root.stopTraffic();
    String metrics = Http.raw(all.get("store00").url() + "/metrics").body();
    long puts = counter(metrics, "simarch_requests_total", "endpoint=\"Put\"");
    long gets = counter(metrics, "simarch_requests_total", "endpoint=\"Get\"");
    assertThat((double) puts / (puts + gets)).isBetween(0.25, 0.42);
    assertThat(root.stats().rootErrors()).isZero();
    // keys put earlier are read back: the store's map grew and reads of them hit
    assertThat(Http.get(all.get("store00"), "Why11 me").value()).isEqualTo("because 1");
  }

  /** A local instance's series carry its own labels too (instance, service, …). */
  static long counter(String metrics, String name, String label) {
    return metrics
        .lines()
        .filter(l -> l.startsWith(name + "{") && l.contains(label))
        .findFirst()
        .map(l -> (long) Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1)))
        .orElseThrow(() -> new AssertionError("no series " + name + " with " + label));
  }
}
