package io.simarch.stub.core;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class KeysTest {
  @Test
  void spigoKeysSurviveAPathSegment() {
    for (String key : new String[] {"why?", "Why1234 me", "a/b", "100%", "naïve+plus", ""}) {
      String encoded = Keys.encode(key);
      assertThat(encoded).doesNotContain("/", "?", " ", "+");
      assertThat(Keys.decode(encoded)).isEqualTo(key);
    }
    assertThat(Keys.decode("a+b")).isEqualTo("a+b");
  }
}
