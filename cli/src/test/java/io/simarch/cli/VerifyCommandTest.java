package io.simarch.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Bad input to {@code simarch verify}: a clear message and exit 2, before any backend is asked. */
class VerifyCommandTest {
  private static final String HEADER =
      "{\"type\":\"header\",\"format\":\"simarch-truth\",\"version\":1,\"architecture\":\"lamp\","
          + "\"root\":\"www\",\"startedMicros\":1,\"sampling\":1.0}\n";
  private static final String TRACE =
      "{\"type\":\"trace\",\"trace\":\"0af7651916cd43dd8448eb211c80319c\",\"sampled\":true,"
          + "\"op\":\"GET\",\"start\":2,\"end\":3,\"status\":200,\"failed\":false,\"spans\":2,"
          + "\"exact\":true,\"services\":{\"www\":2},\"edges\":{\"www>elb\":[1,0]},"
          + "\"retries\":0,\"errors\":0}\n";

  static Stream<Arguments> badTruths() {
    return Stream.of(
        Arguments.of("truncated mid-line", HEADER + TRACE.substring(0, 40), "line 2: not JSON"),
        Arguments.of("no summary", HEADER + TRACE, "truncated (no summary line after line 2)"),
        Arguments.of(
            "another version",
            HEADER.replace("\"version\":1", "\"version\":7") + TRACE,
            "version 7, this simarch reads version 1"),
        Arguments.of("not a truth file", "{\"kind\":\"x\"}\n", "not a truth file"),
        Arguments.of("empty", "", "empty"),
        Arguments.of(
            "unknown line", HEADER + "{\"type\":\"span\"}\n", "line 2: unknown line type 'span'"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("badTruths")
  void aBadTruthFileIsBadInput(String name, String content, String message, @TempDir Path dir)
      throws Exception {
    Path f = dir.resolve("truth.jsonl");
    Files.writeString(f, content);
    // a port nothing listens on: the truth must be rejected before the backend is asked
    for (String backend : new String[] {"--zipkin", "--prometheus"}) {
      var r = SimarchCliTest.run("verify", "--truth", f.toString(), backend, "http://127.0.0.1:9");

      assertThat(r.code()).as(backend).isEqualTo(2);
      assertThat(r.err()).as(backend).contains(f.toString()).contains(message);
    }
  }

  static Stream<Arguments> badOptions() {
    return Stream.of(
        Arguments.of(new String[] {"--zipkin", "ftp://x"}, "--zipkin ftp://x: not an http(s) URL"),
        Arguments.of(new String[] {"--zipkin", "http://x", "--max-loss", "-1"}, "--max-loss -1"),
        Arguments.of(new String[] {"--zipkin", "http://x", "-o", "xml"}, "-o xml: give table or"),
        Arguments.of(
            new String[] {"--prometheus", "ftp://x"}, "--prometheus ftp://x: not an http(s) URL"),
        Arguments.of(new String[] {}, "give one backend to verify against"),
        Arguments.of(
            new String[] {"--kube", "default/lamp", "--prometheus", "http://y"},
            "--kube with --prometheus"),
        Arguments.of(
            new String[] {"--zipkin", "http://x", "--prometheus", "http://y"},
            "give one backend to verify against"));
  }

  @ParameterizedTest
  @MethodSource("badOptions")
  void badOptionsAreBadInput(String[] options, String message, @TempDir Path dir) {
    String[] args =
        Stream.concat(
                Stream.of("verify", "--truth", dir.resolve("t.jsonl").toString()),
                Stream.of(options))
            .toArray(String[]::new);
    var r = SimarchCliTest.run(args);

    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err()).contains(message);
  }

  @org.junit.jupiter.api.Test
  void theMissingFileIsNamed(@TempDir Path dir) {
    var r =
        SimarchCliTest.run(
            "verify", "--truth", dir.resolve("none.jsonl").toString(), "--zipkin", "http://x");
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err()).contains("none.jsonl: no such file");
  }
}
