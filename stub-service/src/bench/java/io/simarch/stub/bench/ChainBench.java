package io.simarch.stub.bench;

import io.simarch.testkit.OtlpReceiver;
import io.simarch.api.model.RetryMode;
import io.simarch.api.model.StubConfig;
import io.simarch.stub.TestArch;
import io.simarch.stub.call.Peer;
import io.simarch.stub.config.ConfigLoader;
import io.simarch.stub.core.StubRuntime;
import io.simarch.stub.local.StubHost;
import io.simarch.stub.telemetry.LatencyHistogram;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

/**
 * Measures a chain of stub pods (elb → monolith → store, each its own JVM from the runnable jar,
 * tracing every request over OTLP/HTTP into a receiver in this JVM) against the same store
 * behind one nginx {@code proxy_pass} hop. Prints requests per second, p50/p99 added latency per
 * hop, spans exported per second and dropped, and each stub's RSS idle and under load.
 *
 * <p>Run: {@code mvn -q -B -pl stub-service -Pbench verify} (builds the jar, skips the tests).
 * Knobs: {@code -Dbench.seconds=10 -Dbench.concurrency=16 -Dbench.warmup=30
 * -Dbench.tracing=false -Dbench.instances=500 -Dbench.jvm="-XX:+UseSerialGC -Xmx128m"}.
 */
public final class ChainBench {
  private static final int SECONDS = Integer.getInteger("bench.seconds", 10);
  private static final int CONCURRENCY = Integer.getInteger("bench.concurrency", 16);
  // the request path needs a while under load before C2 has compiled it
  private static final int WARMUP = Integer.getInteger("bench.warmup", 30);
  private static final String JVM =
      System.getProperty("bench.jvm", "-XX:+UseSerialGC -Xmx128m");
  private static final boolean TRACING =
      Boolean.parseBoolean(System.getProperty("bench.tracing", "true"));

  public record Result(String name, double rps, double p50, double p99, long errors) {
    Result named(String n) {
      return new Result(n, rps, p50, p99, errors);
    }
  }

  public static void main(String[] args) throws Exception {
    Path jar = runnableJar();
    Path dir = Files.createTempDirectory("simarch-bench");
    List<Process> stubs = new ArrayList<>();
    Process nginx = null;
    try (var receiver = new OtlpReceiver(false);
        var client = StubRuntime.create(null, 1.0, null, 1)) {
      Map<String, StubConfig> configs =
          TestArch.arch("bench")
              .policy(TestArch.policy(1000, 2, RetryMode.FAILOVER, true))
              .service("store", "store", 1)
              .service("monolith", "monolith", 1, "store")
              .service("elb", "elb", 1, "monolith")
              .configs();
      String otlpBase = receiver.endpoint().replace("/v1/traces", "");
      var urls = new java.util.LinkedHashMap<String, String>();
      for (String id : List.of("store00", "monolith00", "elb00")) {
        StubConfig c = configs.get(id);
        String url = urlOf(configs, id);
        urls.put(id, url);
        Path file = dir.resolve(id + ".json");
        Files.writeString(file, ConfigLoader.json().writeValueAsString(c));
        var command = new ArrayList<String>();
        command.add(javaBin());
        command.addAll(List.of(JVM.trim().split("\\s+")));
        command.addAll(List.of("-jar", jar.toString()));
        var pb = new ProcessBuilder(command);
        var env = pb.environment();
        env.put("SIMARCH_CONFIG", file.toString());
        env.put("SIMARCH_PORT", Integer.toString(URI.create(url).getPort()));
        env.put("SIMARCH_HOST", "127.0.0.1");
        env.put("SIMARCH_HEALTH_PORT", "0"); // several stubs on this host
        if (TRACING) {
          env.put("OTEL_EXPORTER_OTLP_ENDPOINT", otlpBase);
          env.put("OTEL_EXPORTER_OTLP_PROTOCOL", "http/protobuf");
          env.put("OTEL_TRACES_SAMPLER_ARG", "1.0");
        }
        env.put("SIMARCH_DRAIN_DELAY", "0s");
        env.put("SIMARCH_LOG_LEVEL", "WARN");
        pb.redirectErrorStream(true).redirectOutput(dir.resolve(id + ".log").toFile());
        stubs.add(pb.start());
      }
      for (String url : urls.values()) {
        awaitReady(url);
      }
      Thread.sleep(1000);
      var idle = new ArrayList<Long>();
      for (Process p : stubs) {
        idle.add(rssKb(p));
      }

      Peer store = Peer.of("store00", urls.get("store00"), "r", "z");
      Peer monolith = Peer.of("monolith00", urls.get("monolith00"), "r", "z");
      Peer elb = Peer.of("elb00", urls.get("elb00"), "r", "z");
      System.out.printf("warming up %d s through the chain%n", WARMUP);
      load(client, elb, WARMUP, CONCURRENCY, null);
      load(client, monolith, 5, CONCURRENCY, null);
      load(client, store, 5, CONCURRENCY, null);

      var rssPeak = new long[stubs.size()];
      Runnable sampleRss = () -> {
        for (int i = 0; i < stubs.size(); i++) {
          rssPeak[i] = Math.max(rssPeak[i], rssKb(stubs.get(i)));
        }
      };
      Result direct = load(client, store, SECONDS, CONCURRENCY, sampleRss).named("store direct");
      Result oneHop = load(client, monolith, SECONDS, CONCURRENCY, sampleRss)
          .named("monolith -> store");
      long spansBefore = receiver.count();
      long[] cpuBefore = stubs.stream().mapToLong(ChainBench::cpuMillis).toArray();
      long t0 = System.nanoTime();
      Result twoHops = load(client, elb, SECONDS, CONCURRENCY, sampleRss)
          .named("elb -> monolith -> store");
      double elapsed = (System.nanoTime() - t0) / 1e9;
      long[] cpuAfter = stubs.stream().mapToLong(ChainBench::cpuMillis).toArray();
      long receivedDuring = receiver.count() - spansBefore;
      long drainStart = System.nanoTime();
      long queued = Long.MAX_VALUE;
      while (queued > 0 && System.nanoTime() - drainStart < TimeUnit.SECONDS.toNanos(60)) {
        Thread.sleep(200);
        queued = 0;
        for (String url : urls.values()) {
          queued += scrape(url, "simarch_spans_queued");
        }
      }
      Thread.sleep(500); // the last batches on the wire
      double drain = (System.nanoTime() - drainStart) / 1e9;
      long spans = receiver.count() - spansBefore;
      long dropped = 0;
      long failed = 0;
      for (String url : urls.values()) {
        dropped += scrape(url, "simarch_spans_dropped_total");
        failed += scrape(url, "simarch_spans_export_failed_total");
      }

      Result viaNginx = null;
      Path nginxBin = Stream.of("/usr/sbin/nginx", "/usr/bin/nginx").map(Path::of)
          .filter(Files::isExecutable).findFirst().orElse(null);
      if (nginxBin != null) {
        int port = StubHost.freePorts(1)[0];
        nginx = startNginx(nginxBin, dir, port, URI.create(urls.get("store00")).getPort());
        Peer proxy = Peer.of("nginx", "http://127.0.0.1:" + port, "r", "z");
        awaitUp(proxy, client);
        load(client, proxy, 3, CONCURRENCY, null);
        viaNginx = load(client, proxy, SECONDS, CONCURRENCY, null).named("nginx -> store");
      }

      System.out.println();
      System.out.printf("closed loop, %d connections, %d s each, %s, stubs run with %s%n",
          CONCURRENCY, SECONDS, TRACING ? "tracing 100% sampled" : "tracing off", JVM);
      System.out.printf("%-28s %10s %10s %10s %8s%n", "path", "req/s", "p50 ms", "p99 ms", "errors");
      for (Result r : Stream.of(direct, oneHop, twoHops, viaNginx).filter(x -> x != null)
          .toList()) {
        System.out.printf("%-28s %10.0f %10.3f %10.3f %8d%n", r.name, r.rps, r.p50, r.p99,
            r.errors);
      }
      System.out.println();
      System.out.printf("added per stub hop:  p50 %.3f ms  p99 %.3f ms  (2-hop chain minus direct, "
              + "halved)%n", (twoHops.p50 - direct.p50) / 2, (twoHops.p99 - direct.p99) / 2);
      System.out.printf("added per stub hop:  p50 %.3f ms  p99 %.3f ms  (1-hop minus direct)%n",
          oneHop.p50 - direct.p50, oneHop.p99 - direct.p99);
      if (viaNginx != null) {
        System.out.printf("added by nginx hop:  p50 %.3f ms  p99 %.3f ms%n",
            viaNginx.p50 - direct.p50, viaNginx.p99 - direct.p99);
      } else {
        System.out.println("nginx not installed (apt-get install nginx-light): reference skipped");
      }
      if (TRACING) {
        System.out.printf("spans of the 2-hop run: %d (%.0f/s produced), %.0f/s received while it "
                + "ran, the rest within %.1f s after; dropped (queue full): %d; export "
                + "failures: %d%n",
            spans, spans / elapsed, receivedDuring / elapsed, drain, dropped, failed);
      }
      List<String> names = List.of("store", "monolith", "elb");
      long served = Math.round(twoHops.rps * elapsed);
      for (int i = 0; i < stubs.size(); i++) {
        System.out.printf("CPU %-9s %6.0f us per request of the 2-hop run (user+system)%n",
            names.get(i), (cpuAfter[i] - cpuBefore[i]) * 1000.0 / served);
      }
      for (int i = 0; i < stubs.size(); i++) {
        System.out.printf("RSS %-9s idle %6.1f MB   under load (peak) %6.1f MB%n", names.get(i),
            idle.get(i) / 1024.0, rssPeak[i] / 1024.0);
      }
      hostFootprint();
    } finally {
      for (Process p : stubs) {
        p.destroy();
      }
      for (Process p : stubs) {
        p.waitFor(10, TimeUnit.SECONDS);
        p.destroyForcibly();
      }
      if (nginx != null) {
        nginx.destroy();
        nginx.waitFor(5, TimeUnit.SECONDS);
        nginx.destroyForcibly();
      }
    }
  }

  /**
   * The local runtime's cost per idle instance: heap after a full GC and threads, for 500
   * karyons each knowing three store endpoints, in one {@link StubHost}.
   */
  static void hostFootprint() throws InterruptedException {
    int n = Integer.getInteger("bench.instances", 500);
    var mem = java.lang.management.ManagementFactory.getMemoryMXBean();
    var threads = java.lang.management.ManagementFactory.getThreadMXBean();
    System.gc();
    Thread.sleep(300);
    long before = mem.getHeapMemoryUsage().getUsed();
    int threadsBefore = threads.getThreadCount();
    try (StubHost host = StubHost.start(new io.simarch.stub.local.HostOptions(
        io.opentelemetry.sdk.trace.export.SpanExporter.composite(), 1.0, true))) {
      var arch = TestArch.arch("footprint").service("store", "store", 3)
          .service("karyon", "karyon", n, "store");
      Map<String, StubConfig> configs = arch.configs();
      for (StubConfig c : configs.values()) {
        if (c.service().equals("karyon")) {
          host.start(c, 0);
        }
      }
      System.gc();
      Thread.sleep(300);
      long after = mem.getHeapMemoryUsage().getUsed();
      System.out.printf("local host: %d idle instances (tracing on, metrics on): %.1f KB heap "
              + "each, %d threads in all%n", n, (after - before) / 1024.0 / n,
          threads.getThreadCount() - threadsBefore);
    }
  }

  /** C connections, each sending its next GET as soon as the last answered. */
  public static Result load(StubRuntime rt, Peer to, int seconds, int concurrency, Runnable sampler)
      throws InterruptedException {
    var latencies = new LatencyHistogram();
    var errors = new AtomicLong();
    var done = new AtomicLong();
    long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
    var finished = new CountDownLatch(concurrency);
    for (int i = 0; i < concurrency; i++) {
      next(rt, to, end, latencies, errors, done, finished);
    }
    long start = System.nanoTime();
    while (!finished.await(500, TimeUnit.MILLISECONDS)) {
      if (sampler != null) {
        sampler.run();
      }
    }
    double elapsed = (System.nanoTime() - start) / 1e9;
    return new Result(to.instance(), done.get() / elapsed, latencies.quantileMillis(0.5),
        latencies.quantileMillis(0.99), errors.get());
  }

  private static void next(StubRuntime rt, Peer to, long end, LatencyHistogram h,
      AtomicLong errors, AtomicLong done, CountDownLatch finished) {
    if (System.nanoTime() >= end) {
      finished.countDown();
      return;
    }
    long t0 = System.nanoTime();
    rt.transport().send(to, "GET", "/kv/why%3F", List.of(), null).whenComplete((r, e) -> {
      h.recordNanos(System.nanoTime() - t0);
      done.incrementAndGet();
      if (e != null || r.status() != 200) {
        errors.incrementAndGet();
      }
      next(rt, to, end, h, errors, done, finished);
    });
  }

  private static Process startNginx(Path bin, Path dir, int port, int upstream) throws IOException {
    Path conf = dir.resolve("nginx.conf");
    Files.writeString(conf, """
        daemon off;
        master_process off;
        worker_processes 1;
        error_log %s/nginx-error.log warn;
        pid %s/nginx.pid;
        events { worker_connections 1024; }
        http {
          access_log off;
          client_body_temp_path %s;
          proxy_temp_path %s;
          upstream store { server 127.0.0.1:%d; keepalive 64; }
          server {
            listen 127.0.0.1:%d;
            location / {
              proxy_pass http://store;
              proxy_http_version 1.1;
              proxy_set_header Connection "";
            }
          }
        }
        """.formatted(dir, dir, dir, dir, upstream, port));
    return new ProcessBuilder(bin.toString(), "-c", conf.toString(), "-p", dir.toString())
        .redirectErrorStream(true).redirectOutput(dir.resolve("nginx.out").toFile()).start();
  }

  private static void awaitUp(Peer p, StubRuntime rt) throws InterruptedException {
    for (int i = 0; i < 100; i++) {
      try {
        if (rt.transport().send(p, "GET", "/kv/why%3F", List.of(), null)
            .get(1, TimeUnit.SECONDS).status() == 200) {
          return;
        }
      } catch (Exception e) {
        // not yet
      }
      Thread.sleep(100);
    }
    throw new IllegalStateException(p + " did not come up");
  }

  private static void awaitReady(String url) throws InterruptedException {
    HttpClient c = HttpClient.newHttpClient();
    for (int i = 0; i < 300; i++) {
      try {
        if (c.send(HttpRequest.newBuilder(URI.create(url + "/health/readiness")).build(),
            HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
          return;
        }
      } catch (IOException e) {
        // not listening yet
      }
      Thread.sleep(100);
    }
    throw new IllegalStateException(url + " never became ready");
  }

  private static long scrape(String url, String series) throws Exception {
    String body = HttpClient.newHttpClient().send(
        HttpRequest.newBuilder(URI.create(url + "/metrics")).build(),
        HttpResponse.BodyHandlers.ofString()).body();
    return body.lines().filter(l -> l.startsWith(series + " ")).findFirst()
        .map(l -> (long) Double.parseDouble(l.substring(series.length() + 1).trim()))
        .orElse(-1L);
  }

  /** User plus system CPU time of a process, from /proc (clock ticks of 10 ms). */
  static long cpuMillis(Process p) {
    try {
      String stat = Files.readString(Path.of("/proc/" + p.pid() + "/stat"));
      String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
      return (Long.parseLong(f[11]) + Long.parseLong(f[12])) * 10;
    } catch (IOException e) {
      return 0;
    }
  }

  static long rssKb(Process p) {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/" + p.pid() + "/status"))) {
        if (line.startsWith("VmRSS:")) {
          return Long.parseLong(line.replaceAll("[^0-9]", ""));
        }
      }
    } catch (IOException e) {
      // the process ended
    }
    return 0;
  }

  private static String urlOf(Map<String, StubConfig> configs, String id) {
    for (StubConfig c : configs.values()) {
      for (StubConfig.Dependency d : c.dependencies()) {
        for (StubConfig.Endpoint e : d.discovery().endpoints()) {
          if (e.instance().equals(id)) {
            return e.url();
          }
        }
      }
    }
    // the head of the chain is nobody's dependency: give it a port of its own
    return "http://127.0.0.1:" + StubHost.freePorts(1)[0];
  }

  private static String javaBin() {
    return Path.of(System.getProperty("java.home"), "bin", "java").toString();
  }

  private static Path runnableJar() throws IOException {
    String given = System.getProperty("bench.jar");
    if (given != null) {
      return Path.of(given);
    }
    for (Path base : List.of(Path.of("target"), Path.of("stub-service", "target"))) {
      if (Files.isDirectory(base)) {
        try (Stream<Path> s = Files.list(base)) {
          var found = s.filter(p -> p.toString().endsWith("-runnable.jar")).findFirst();
          if (found.isPresent()) {
            return found.get();
          }
        }
      }
    }
    throw new IllegalStateException("no runnable jar: run mvn -pl stub-service package first");
  }

  private ChainBench() {}
}
