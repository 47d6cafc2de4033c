package io.simarch.cli.live;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.simarch.api.model.Plan;
import io.simarch.stub.local.InstanceStats;
import io.simarch.stub.local.StubInstance;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The live view: samples its {@link Feed} (a local run's instances, or a cluster's pods) once a
 * second into a {@link LiveGraph} and serves it on loopback with the page that draws it. {@code
 * /api/graph} answers the latest sample, {@code /api/events} pushes each new one (server-sent
 * events), {@code POST /api/kill?service=S} asks the run's chaos monkey to strike one of the
 * service's instances now.
 */
public final class LiveView implements AutoCloseable {
  /** How often the counters are sampled; the page's rates are over this window. */
  public static final long INTERVAL_MS = 1000;

  /** How many recent events the graph carries. */
  static final int EVENTS = 100;

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Map<String, String> TYPES =
      Map.of(
          "html", "text/html; charset=utf-8",
          "js", "text/javascript; charset=utf-8",
          "css", "text/css; charset=utf-8",
          "png", "image/png");

  /**
   * The page's libraries by the path it loads them from: webjars on the classpath (the cli pom
   * names them and their versions), each file in its webjar's own folder.
   */
  private static final Map<String, String[]> LIBRARIES =
      Map.of(
          "/lib/cytoscape.js", new String[] {"cytoscape", "dist/cytoscape.min.js"},
          "/lib/dagre.js", new String[] {"dagre", "dist/dagre.min.js"});

  /** Strikes one instance of a service the way the chaos monkey does. */
  public interface Killer {
    /**
     * @return the node names struck
     * @throws IllegalArgumentException saying why the service cannot be struck and what to do (409)
     * @throws Refused when the user may not strike it (403)
     */
    List<String> kill(String service);
  }

  /** A kill the user lacks the permission for, with what permission is missing. */
  public static final class Refused extends RuntimeException {
    public Refused(String message) {
      super(message);
    }
  }

  /** Where the graph's numbers come from. */
  public interface Feed {
    /**
     * The graph now; called once a second, never concurrently.
     *
     * @param windowMs the time since the previous call
     * @param events the recent events, oldest first
     */
    LiveGraph sample(long now, long windowMs, List<LiveGraph.Event> events);
  }

  private final Feed feed;
  private final Killer killer;
  private final HttpServer server;
  private final ExecutorService handlers;
  private final ScheduledExecutorService sampler;
  private final ArrayDeque<LiveGraph.Event> events = new ArrayDeque<>();
  private final Object published = new Object();
  private volatile String latest;
  private long sampledAt;
  private volatile boolean closed;

  private LiveView(Feed feed, Killer killer, int port) throws IOException {
    this.feed = feed;
    this.killer = killer;
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 0);
    handlers = Executors.newCachedThreadPool(daemon("simarch-ui"));
    sampler = Executors.newSingleThreadScheduledExecutor(daemon("simarch-ui-sampler"));
    server.setExecutor(handlers);
    server.createContext("/", this::serve);
  }

  /**
   * Serves the view of {@code byNode}'s instances on 127.0.0.1:{@code port} (0: a free port).
   *
   * @param victims the services the kill button may strike
   */
  public static LiveView start(
      Plan plan, Map<String, StubInstance> byNode, Set<String> victims, Killer killer, int port)
      throws IOException {
    Map<String, StubInstance.Mark> marks = new HashMap<>();
    Feed local =
        (now, windowMs, events) -> {
          Map<String, InstanceStats> window = new HashMap<>();
          for (var e : byNode.entrySet()) {
            StubInstance i = e.getValue();
            StubInstance.Mark before = marks.get(e.getKey());
            StubInstance.Mark after = i.mark();
            if (before != null) {
              window.put(e.getKey(), i.statsSince(before));
            }
            marks.put(e.getKey(), after);
          }
          return LiveGraph.of(
              plan, window, n -> byNode.get(n).isRunning(), now, windowMs, victims, events);
        };
    long now = System.currentTimeMillis();
    var started = new java.util.ArrayList<LiveGraph.Event>();
    for (Plan.Instance i : plan.instances()) {
      started.add(new LiveGraph.Event(now, "started", i.service(), i.name(), ""));
    }
    return start(local, killer, port, started);
  }

  /**
   * Serves the view of {@code feed} on 127.0.0.1:{@code port} (0: a free port), sampling it now and
   * then every {@value #INTERVAL_MS} ms.
   *
   * @param first events to show from the start
   */
  public static LiveView start(Feed feed, Killer killer, int port, List<LiveGraph.Event> first)
      throws IOException {
    var view = new LiveView(feed, killer, port);
    first.forEach(view::event);
    view.sample();
    view.server.start();
    view.sampler.scheduleAtFixedRate(
        view::sampleQuietly, INTERVAL_MS, INTERVAL_MS, TimeUnit.MILLISECONDS);
    return view;
  }

  public int port() {
    return server.getAddress().getPort();
  }

  public String url() {
    return "http://127.0.0.1:" + port() + "/";
  }

  /** Records a chaos decision ({@code kill}) or an instance going down ({@code stopped}). */
  public void event(String kind, Plan.Instance instance, String detail) {
    event(
        new LiveGraph.Event(
            System.currentTimeMillis(), kind, instance.service(), instance.name(), detail));
  }

  /** Records an event the feed saw. */
  public void event(LiveGraph.Event e) {
    synchronized (events) {
      events.addLast(e);
      while (events.size() > EVENTS) {
        events.removeFirst();
      }
    }
  }

  private void sampleQuietly() {
    try {
      sample();
    } catch (RuntimeException e) {
      // a sample that failed is skipped; the next one covers its window
      System.err.println("simarch ui: sampling failed: " + e);
    }
  }

  /** Takes the feed's graph of the window since the last sample and publishes it. */
  private synchronized void sample() {
    long now = System.currentTimeMillis();
    List<LiveGraph.Event> recent;
    synchronized (events) {
      recent = List.copyOf(events);
    }
    long windowMs = sampledAt == 0 ? INTERVAL_MS : now - sampledAt;
    sampledAt = now;
    var graph = feed.sample(now, windowMs, recent);
    try {
      latest = JSON.writeValueAsString(graph);
    } catch (IOException e) {
      throw new IllegalStateException("cannot write the live graph as JSON", e);
    }
    synchronized (published) {
      published.notifyAll();
    }
  }

  private void serve(HttpExchange ex) throws IOException {
    try (ex) {
      String path = ex.getRequestURI().getPath();
      String method = ex.getRequestMethod();
      if (path.equals("/api/kill")) {
        if (!method.equals("POST")) {
          send(ex, 405, "application/json", error("POST /api/kill?service=NAME"));
          return;
        }
        kill(ex);
      } else if (!method.equals("GET")) {
        send(ex, 405, "text/plain", "GET only".getBytes(StandardCharsets.UTF_8));
      } else if (path.equals("/api/graph")) {
        send(ex, 200, "application/json", latest.getBytes(StandardCharsets.UTF_8));
      } else if (path.equals("/api/events")) {
        stream(ex);
      } else if (path.equals("/")) {
        resource(ex, "/simarch/live/index.html");
      } else if (LIBRARIES.containsKey(path)) {
        resource(ex, library(path));
      } else if (path.matches("/[a-z]+\\.(js|css)")) {
        resource(ex, "/simarch/live" + path);
      } else {
        send(ex, 404, "text/plain", ("no " + path).getBytes(StandardCharsets.UTF_8));
      }
    }
  }

  private void kill(HttpExchange ex) throws IOException {
    String service = query(ex).get("service");
    if (service == null || service.isEmpty()) {
      send(ex, 400, "application/json", error("service: missing; POST /api/kill?service=NAME"));
      return;
    }
    try {
      List<String> struck = killer.kill(service);
      sample();
      send(ex, 200, "application/json", JSON.writeValueAsBytes(Map.of("killed", struck)));
    } catch (IllegalArgumentException e) {
      send(ex, 409, "application/json", error(e.getMessage()));
    } catch (Refused e) {
      send(ex, 403, "application/json", error(e.getMessage()));
    }
  }

  /** Server-sent events: each new sample as one {@code data:} line, until the page goes. */
  private void stream(HttpExchange ex) throws IOException {
    ex.getResponseHeaders().set("Content-Type", "text/event-stream");
    ex.getResponseHeaders().set("Cache-Control", "no-cache");
    ex.sendResponseHeaders(200, 0);
    OutputStream out = ex.getResponseBody();
    String sent = null;
    try {
      while (!closed) {
        String now = latest;
        // each sample is a new string: identity tells a new one from the one already sent
        if (now != sent) {
          out.write(("data: " + now + "\n\n").getBytes(StandardCharsets.UTF_8));
          out.flush();
          sent = now;
        }
        synchronized (published) {
          if (latest == sent && !closed) {
            published.wait(2 * INTERVAL_MS);
          }
        }
      }
    } catch (IOException gone) {
      // the page was closed or reloaded
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** The classpath name of a library in the version its webjar on the classpath has. */
  private static String library(String path) throws IOException {
    String[] lib = LIBRARIES.get(path);
    String props = "/META-INF/maven/org.webjars.npm/" + lib[0] + "/pom.properties";
    var p = new java.util.Properties();
    try (InputStream in = LiveView.class.getResourceAsStream(props)) {
      if (in == null) {
        throw new IOException("the " + lib[0] + " webjar is missing from the classpath");
      }
      p.load(in);
    }
    return "/META-INF/resources/webjars/" + lib[0] + "/" + p.getProperty("version") + "/" + lib[1];
  }

  private static void resource(HttpExchange ex, String name) throws IOException {
    try (InputStream in = LiveView.class.getResourceAsStream(name)) {
      if (in == null) {
        send(ex, 404, "text/plain", ("no " + name).getBytes(StandardCharsets.UTF_8));
        return;
      }
      String ext = name.substring(name.lastIndexOf('.') + 1);
      send(ex, 200, TYPES.getOrDefault(ext, "application/octet-stream"), in.readAllBytes());
    }
  }

  private static void send(HttpExchange ex, int status, String type, byte[] body)
      throws IOException {
    ex.getResponseHeaders().set("Content-Type", type);
    ex.sendResponseHeaders(status, body.length);
    ex.getResponseBody().write(body);
  }

  private static byte[] error(String message) throws IOException {
    return JSON.writeValueAsBytes(Map.of("error", message));
  }

  private static Map<String, String> query(HttpExchange ex) {
    var out = new HashMap<String, String>();
    String q = ex.getRequestURI().getRawQuery();
    if (q != null) {
      for (String kv : q.split("&")) {
        int eq = kv.indexOf('=');
        if (eq > 0) {
          out.put(
              URLDecoder.decode(kv.substring(0, eq), StandardCharsets.UTF_8),
              URLDecoder.decode(kv.substring(eq + 1), StandardCharsets.UTF_8));
        }
      }
    }
    return out;
  }

  private static java.util.concurrent.ThreadFactory daemon(String name) {
    return r -> {
      Thread t = new Thread(r, name);
      t.setDaemon(true);
      return t;
    };
  }

  @Override
  public void close() {
    closed = true;
    synchronized (published) {
      published.notifyAll();
    }
    sampler.shutdownNow();
    server.stop(0);
    handlers.shutdownNow();
  }
}
