package io.simarch.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import io.simarch.testkit.ZipkinServer;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code simarch verify} against backends that are not a working Zipkin or Prometheus: nothing
 * listening, one answering what is not the backend's API, one that never answers. A clear message,
 * exit 2 or 1, and no hang.
 */
class VerifyBackendIT {
  private static final String TRUTH =
      "{\"type\":\"header\",\"format\":\"simarch-truth\",\"version\":1,\"architecture\":\"lamp\","
          + "\"root\":\"www\",\"startedMicros\":1,\"sampling\":1.0}\n"
          + "{\"type\":\"trace\",\"trace\":\"0af7651916cd43dd8448eb211c80319c\",\"sampled\":true,"
          + "\"op\":\"GET\",\"start\":2,\"end\":3,\"status\":200,\"failed\":false,\"spans\":2,"
          + "\"exact\":true,\"services\":{\"www\":2},\"edges\":{\"www>elb\":[1,0]},"
          + "\"retries\":0,\"errors\":0}\n"
          + "{\"type\":\"summary\",\"endedMicros\":4,\"requests\":1,\"sampled\":1,\"spans\":2,"
          + "\"lowerBound\":0,\"failed\":0,\"services\":{\"www\":2},\"edges\":{\"www>elb\":[1,0]},"
          + "\"exporter\":{\"exported\":2,\"failed\":0,\"dropped\":0}}\n";

  private static Path truth(Path dir) throws Exception {
    Path f = dir.resolve("truth.jsonl");
    Files.writeString(f, TRUTH);
    return f;
  }

  @ParameterizedTest
  @ValueSource(strings = {"--zipkin", "--prometheus"})
  void nothingListeningIsBadInput(String backend, @TempDir Path dir) throws Exception {
    int port = ZipkinServer.freePort("127.0.0.1");
    var r =
        SimarchCliTest.run(
            "verify", "--truth", truth(dir).toString(), backend, "http://127.0.0.1:" + port);

    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err()).contains(backend).contains("cannot connect").contains("is it running?");
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "--zipkin|200|<html>hello</html>|not Zipkin's JSON: <html>hello</html>",
        "--zipkin|500|oops|HTTP 500 oops",
        "--zipkin|200|{\"links\":1}|not a list",
        "--prometheus|200|<html>hello</html>|not Prometheus's JSON: <html>hello</html>",
        "--prometheus|503|oops|HTTP 503 oops",
        "--prometheus|200|[1,2]|not Prometheus's answer: [1,2]",
        "--prometheus|200|{\"status\":\"success\",\"data\":{}}|no result list",
        "--prometheus|400|{\"status\":\"error\",\"errorType\":\"bad_data\",\"error\":\"x\"}|bad_data: x",
        "--prometheus|200|{\"status\":\"success\",\"data\":{\"result\":[{\"values\":[[1,\"2\"]]},{\"value\":[1,\"a\"]}]}}|not a sample",
      })
  void aBackendAnsweringGarbageIsAnError(
      String backend, int status, String body, String message, @TempDir Path dir) throws Exception {
    HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext(
        "/",
        ex -> {
          byte[] b = body.getBytes(StandardCharsets.UTF_8);
          ex.sendResponseHeaders(status, b.length);
          ex.getResponseBody().write(b);
          ex.close();
        });
    server.start();
    try {
      var r =
          SimarchCliTest.run(
              "verify",
              "--truth",
              truth(dir).toString(),
              backend,
              "http://127.0.0.1:" + server.getAddress().getPort());

      assertThat(r.code()).isEqualTo(1);
      assertThat(r.err()).contains(message).doesNotContain("Exception");
    } finally {
      server.stop(0);
    }
  }

  /**
   * A backend that answers the first {@code answers} queries and then never again: every query has
   * the timeout, the first and the later ones.
   */
  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "--zipkin|0||/api/v2/dependencies",
        "--prometheus|0||/api/v1/query",
        "--zipkin|1|[]|/api/v2/trace/",
        "--prometheus|1|{\"status\":\"success\",\"data\":{\"result\":[]}}|/api/v1/query",
      })
  void aBackendThatStopsAnsweringTimesOut(
      String backend, int answers, String first, String hung, @TempDir Path dir) throws Exception {
    var release = new CountDownLatch(1);
    var answered = new java.util.concurrent.atomic.AtomicInteger();
    HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.setExecutor(Executors.newCachedThreadPool());
    server.createContext(
        "/",
        ex -> {
          if (answered.getAndIncrement() < answers) {
            byte[] b = first.getBytes(StandardCharsets.UTF_8);
            ex.sendResponseHeaders(200, b.length);
            ex.getResponseBody().write(b);
            ex.close();
            return;
          }
          try {
            release.await();
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
          ex.close();
        });
    server.start();
    try {
      long t0 = System.nanoTime();
      var r =
          SimarchCliTest.run(
              "verify",
              "--truth",
              truth(dir).toString(),
              backend,
              "http://127.0.0.1:" + server.getAddress().getPort(),
              "--timeout",
              "1s");

      assertThat(answered.get()).isGreaterThan(answers);
      assertThat(r.code()).isEqualTo(1);
      assertThat(r.err()).contains(hung).contains("no answer within 1000 ms");
      assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(30));
    } finally {
      release.countDown();
      server.stop(0);
    }
  }
}
