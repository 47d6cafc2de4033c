package io.simarch.stub.role;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TokenRingTest {
  @Test
  void evenlySpacedTokensSplitTheHashSpaceEvenly() {
    var ring = new TokenRing(List.of("c", "a", "b", "d"));
    assertThat(ring.members()).containsExactly("a", "b", "c", "d");
    Map<String, Integer> owned = new HashMap<>();
    for (int i = 0; i < 20_000; i++) {
      owned.merge(ring.owner("key" + i), 1, Integer::sum);
    }
    assertThat(owned.values()).allSatisfy(n -> assertThat(n).isBetween(4_500, 5_500));
  }

  @Test
  void theOwnerHoldsTheRangeTheKeysHashFallsIn() {
    var ring = new TokenRing(List.of("a", "b", "c"));
    for (int i = 0; i < 100; i++) {
      String key = "k" + i;
      long h = TokenRing.hash(key);
      int expected = (int) (h / ((1L << 32) / 3 + 1)); // ranges [i*2^32/3, (i+1)*2^32/3)
      assertThat(ring.owner(key)).isEqualTo(List.of("a", "b", "c").get(expected));
    }
  }

  @Test
  void thePreferenceListStartsAtTheOwnerAndWalksTheRing() {
    var ring = new TokenRing(List.of("a", "b", "c"));
    String key = "why?";
    List<String> pref = ring.preference(key);
    assertThat(pref.get(0)).isEqualTo(ring.owner(key));
    assertThat(pref).containsExactlyInAnyOrder("a", "b", "c");
    int first = ring.members().indexOf(pref.get(0));
    assertThat(pref.get(1)).isEqualTo(ring.members().get((first + 1) % 3));
  }
}
