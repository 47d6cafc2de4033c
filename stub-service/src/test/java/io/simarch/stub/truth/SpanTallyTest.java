package io.simarch.stub.truth;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SpanTallyTest {

  /** A store answering a GET: its server span only. */
  private static String leaf(String service) {
    var t = new SpanTally(service);
    t.ownSpan(false);
    return t.seal().header();
  }

  @Test
  void aHopAddsItsServerSpanAClientSpanPerAttemptAndWhatEachAnswerReported() {
    var web = new SpanTally("webserver");
    web.callStarted();
    web.attemptStarted();
    web.attempt("memcache", true, 1, true, leaf("memcache"), false); // answered 5xx
    web.attemptStarted();
    web.attempt("memcache", true, 2, false, leaf("memcache"), false);
    web.callEnded();
    web.ownSpan(false);
    SpanTally.Snapshot s = web.seal();

    assertThat(s.total()).isEqualTo(5);
    assertThat(s.lowerBound()).isFalse();
    assertThat(s.spans()).isEqualTo(Map.of("webserver", 3, "memcache", 2));
    assertThat(s.edges()).containsEntry("webserver>memcache", new SpanTally.Snapshot.Edge(2, 1));
    assertThat(s.retries()).isEqualTo(1);
    assertThat(s.errors()).isEqualTo(1);
    assertThat(SpanTally.Snapshot.parse(s.header())).isEqualTo(s);
    assertThat(s.header()).isEqualTo("5;memcache=2,webserver=3;webserver>memcache=2/1;1;1");
  }

  @Test
  void anAttemptWithoutAnAnswerMakesEveryTotalAboveItALowerBound() {
    var web = new SpanTally("webserver");
    web.callStarted();
    web.attemptStarted();
    web.attempt("memcache", true, 1, true, null, true); // timed out: its spans are unknown
    web.callEnded();
    web.ownSpan(true);
    String header = web.seal().header();
    assertThat(header).startsWith("2+;");

    var elb = new SpanTally("elb");
    elb.attemptStarted();
    elb.attempt("webserver", true, 1, true, header, false);
    elb.ownSpan(true);
    SpanTally.Snapshot s = elb.seal();
    assertThat(s.total()).isEqualTo(4);
    assertThat(s.lowerBound()).isTrue();
  }

  @Test
  void aRefusedConnectionReachedNobodySoTheCountStaysExact() {
    var web = new SpanTally("webserver");
    web.attemptStarted();
    web.attempt("memcache", true, 1, true, null, false);
    web.ownSpan(false);
    assertThat(web.seal().lowerBound()).isFalse();
  }

  @Test
  void aCallStillOutAtTheAnswerCountsItsClientSpanAndNothingAfterIt() {
    var store = new SpanTally("mysql");
    store.ownSpan(false);
    store.callStarted(); // a replica write the writer does not wait for
    store.attemptStarted();
    SpanTally.Snapshot s = store.seal();
    assertThat(s.total()).isEqualTo(2);
    assertThat(s.lowerBound()).isTrue();

    store.attempt("mysql", true, 1, false, leaf("mysql"), false);
    store.callEnded();
    assertThat(store.snapshot()).isEqualTo(s);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        "garbage",
        "3;a=1;;0",
        "3;a=1;;0;0", // services add up to 1, not 3
        "x;a=1;;0;0",
        "1;a=1;a>b=1;0;0",
        "1;a=1;>b=1/0;0;0",
        "1;a=one;;0;0"
      })
  void anUnreadableHeaderIsNoTally(String header) {
    assertThat(SpanTally.Snapshot.parse(header)).isNull();
    var t = new SpanTally("a");
    t.attemptStarted();
    t.attempt("b", true, 1, false, header, false);
    assertThat(t.seal().lowerBound()).isTrue();
  }
}
