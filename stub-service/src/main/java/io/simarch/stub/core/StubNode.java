package io.simarch.stub.core;

import static io.simarch.stub.telemetry.SpanAttributes.BUDGET_MS;
import static io.simarch.stub.telemetry.SpanAttributes.ERROR_TYPE;
import static io.simarch.stub.telemetry.SpanAttributes.HTTP_METHOD;
import static io.simarch.stub.telemetry.SpanAttributes.HTTP_ROUTE;
import static io.simarch.stub.telemetry.SpanAttributes.HTTP_STATUS;
import static io.simarch.stub.telemetry.SpanAttributes.KEY;
import static io.simarch.stub.telemetry.SpanAttributes.OP;
import static io.simarch.stub.telemetry.SpanAttributes.OUTCOME;
import static io.simarch.stub.telemetry.SpanAttributes.SHED;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanBuilder;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.TextMapGetter;
import io.prometheus.metrics.model.snapshots.Labels;
import io.simarch.api.model.Behavior;
import io.simarch.api.model.StubConfig;
import io.simarch.stub.call.CallContext;
import io.simarch.stub.call.Dependencies;
import io.simarch.stub.call.DependencyCaller;
import io.simarch.stub.call.DnsPeerSource;
import io.simarch.stub.call.PeerSource;
import io.simarch.stub.call.Waits;
import io.simarch.stub.config.ConfigLoader;
import io.simarch.stub.config.ConfigValidator;
import io.simarch.stub.role.KvStore;
import io.simarch.stub.role.Pacing;
import io.simarch.stub.role.Role;
import io.simarch.stub.role.Roles;
import io.simarch.stub.telemetry.Exposition;
import io.simarch.stub.telemetry.NodeMetrics;
import io.simarch.stub.telemetry.Telemetry;
import io.simarch.stub.truth.SpanTally;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One stub instance, independent of the HTTP server in front of it: the Netty listener of a pod or
 * of a local instance hands every request to {@link #serve}. It owns the role, the dependency
 * callers, the behaviour knobs, the traffic source of a root, its tracer and its metrics.
 */
public final class StubNode implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(StubNode.class);
  static final Duration DNS_POLL = Duration.ofSeconds(1);

  private static final TextMapGetter<Inbound> GETTER =
      new TextMapGetter<>() {
        @Override
        public Iterable<String> keys(Inbound carrier) {
          return carrier.headerNames();
        }

        @Override
        public String get(Inbound carrier, String key) {
          return carrier == null ? null : carrier.header(key);
        }
      };

  private final StubConfig config;
  private final StubRuntime runtime;
  private final Telemetry telemetry;
  private final Tracer tracer;
  private final NodeMetrics metrics;
  private final Dependencies dependencies;
  private final Role role;
  private final KvStore store;
  private final BehaviourModel behaviour;
  private final TrafficSource traffic;
  private final boolean metricsEndpoint;
  private final byte[] identity;
  private volatile io.simarch.stub.truth.TruthRing truth;
  private final AdmissionLimit admission;
  private volatile boolean ready;

  /**
   * @param metricsEndpoint whether {@value Wire#METRICS} answers
   * @throws io.simarch.stub.config.ConfigException naming the setting when the config is invalid
   */
  public StubNode(StubConfig config, StubRuntime runtime, boolean metricsEndpoint) {
    ConfigValidator.requireValid(config);
    this.config = config;
    this.runtime = runtime;
    this.metricsEndpoint = metricsEndpoint;
    this.telemetry = runtime.telemetry(config);
    this.tracer = telemetry.tracer();
    this.metrics =
        new NodeMetrics(
            telemetry.spansDropped(),
            runtime.instanceLabels() ? NodeMetrics.instanceLabels(config) : Labels.EMPTY,
            config.traffic() != null);
    metrics.exportQueue(runtime.spans());
    // one seeded stream per instance: a run with the same seed makes the same choices
    Random random = new Random(config.seed() * 1_000_003L + config.instance().hashCode());
    var self =
        new DependencyCaller.Self(
            config.instance(), config.region(), config.zone(), config.crossRegion());
    var affinity = Roles.affinity(config.packageName());
    var callers = new ArrayList<DependencyCaller>();
    for (StubConfig.Dependency d :
        config.dependencies() == null ? List.<StubConfig.Dependency>of() : config.dependencies()) {
      callers.add(
          new DependencyCaller(
              d,
              source(d),
              affinity,
              self,
              runtime.transport(),
              runtime.scheduler(),
              telemetry,
              metrics,
              random));
    }
    this.dependencies = new Dependencies(callers, metrics, random);
    this.store = new KvStore(KvStore.DEFAULT_CAPACITY);
    this.role =
        Roles.create(
            config.packageName(),
            config.instance(),
            config.region(),
            config.zone(),
            config.crossRegion(),
            dependencies,
            store,
            random,
            config.faas(),
            new Roles.Node(
                config.service(), metrics, tracer, runtime.scheduler(), System::nanoTime));
    this.behaviour =
        new BehaviourModel(config.behavior(), config.fault(), System.nanoTime(), random);
    this.traffic =
        config.traffic() == null
            ? null
            : new TrafficSource(
                config.instance(),
                config.service(),
                config.traffic(),
                dependencies,
                tracer,
                metrics,
                random,
                runtime.scheduler());
    this.identity = identityJson(config);
    this.admission =
        new AdmissionLimit(
            (config.behavior() == null ? Behavior.NONE : config.behavior())
                .effectiveInFlightLimit());
    metrics.inFlightLimit(admission::limit);
  }

  private PeerSource source(StubConfig.Dependency d) {
    StubConfig.Discovery disc = d.discovery();
    if (disc.dns() != null) {
      return new DnsPeerSource(
          d.service(),
          disc.dns(),
          disc.port(),
          runtime.transport(),
          runtime.scheduler(),
          runtime.blocking(),
          DNS_POLL,
          DnsPeerSource.SYSTEM);
    }
    return runtime.staticPeers(disc.endpoints());
  }

  private static byte[] identityJson(StubConfig c) {
    Map<String, String> id = new LinkedHashMap<>();
    id.put("architecture", c.architecture());
    id.put("service", c.service());
    id.put("package", c.packageName());
    id.put("instance", c.instance());
    id.put("region", c.region());
    id.put("zone", c.zone());
    try {
      return ConfigLoader.json().writeValueAsBytes(id);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Starts discovery; the instance is ready once its listener is up. */
  public void start() {
    dependencies.start();
    ready = true;
    LOG.info(
        "Started stub architecture={} service={} package={} instance={} region={} zone={}"
            + " dependencies={}",
        config.architecture(),
        config.service(),
        config.packageName(),
        config.instance(),
        config.region(),
        config.zone(),
        dependencies.all().size());
  }

  public StubConfig config() {
    return config;
  }

  public NodeMetrics metrics() {
    return metrics;
  }

  public Dependencies dependencies() {
    return dependencies;
  }

  public KvStore store() {
    return store;
  }

  /** The traffic source of a root service, or null. */
  /** A root keeps its truth in {@code ring} from now on, and serves it on {@value Wire#TRUTH}. */
  public void keepTruth(io.simarch.stub.truth.TruthRing ring) {
    if (traffic == null) {
      throw new IllegalStateException(config.instance() + " is not a root: it has no truth");
    }
    truth = ring;
    traffic.truth(ring);
  }

  public TrafficSource traffic() {
    return traffic;
  }

  public boolean ready() {
    return ready;
  }

  /** Readiness goes false first on shutdown, so the Service stops sending before we stop. */
  public void notReady() {
    ready = false;
  }

  /** Completes when no request is in flight, or after {@code max}. */
  public CompletableFuture<Boolean> drained(Duration max) {
    var done = new CompletableFuture<Boolean>();
    long until = System.nanoTime() + max.toNanos();
    Runnable[] check = new Runnable[1];
    check[0] =
        () -> {
          if (metrics.inFlight() == 0) {
            done.complete(true);
          } else if (System.nanoTime() > until) {
            done.complete(false);
          } else {
            runtime.scheduler().schedule(check[0], 10, TimeUnit.MILLISECONDS);
          }
        };
    check[0].run();
    return done;
  }

  /** Answers one HTTP request. Never completes exceptionally. */
  public CompletableFuture<HttpOut> serve(Inbound in) {
    String path = in.rawPath();
    String method = in.method();
    boolean write = method.equals("PUT") || method.equals("POST");
    try {
      if (path.startsWith(Wire.KV) && (write || method.equals("GET"))) {
        String key = Keys.decode(path.substring(Wire.KV.length()));
        Request r = write ? Request.put(key, in.body()) : Request.get(key);
        r = in.header(Wire.FORWARDED) != null ? r.asForwarded() : r;
        return kv(in, in.header(Wire.BATCH) != null ? r.asBatch() : r, "/kv/{key}");
      }
      if (path.startsWith(Wire.REPLICATE) && write) {
        String key = Keys.decode(path.substring(Wire.REPLICATE.length()));
        var scope =
            "scope=region".equals(in.rawQuery()) ? Request.Scope.REGION : Request.Scope.LOCAL;
        return kv(in, Request.replicate(key, in.body(), scope), "/replicate/{key}");
      }
      if (method.equals("GET")) {
        switch (path) {
          case Wire.IDENTITY:
            return done(new HttpOut(200, "application/json", List.of(), identity));
          case Wire.LIVENESS:
            return done(HttpOut.json(200, "{\"status\":\"UP\"}"));
          case Wire.READINESS:
            return done(
                ready
                    ? HttpOut.json(200, "{\"status\":\"UP\"}")
                    : HttpOut.json(503, "{\"status\":\"DOWN\"}"));
          case Wire.TRUTH:
            var ring = truth;
            if (ring != null) {
              return done(
                  new HttpOut(
                      200,
                      "application/x-ndjson",
                      List.of(),
                      ring.document().getBytes(java.nio.charset.StandardCharsets.UTF_8)));
            }
            break;
          case Wire.METRICS:
            if (metricsEndpoint) {
              Exposition.Body body = Exposition.write(metrics.scrape(), in.header("accept"));
              return done(new HttpOut(200, body.contentType(), List.of(), body.bytes()));
            }
            break;
          default:
            break;
        }
      }
      return done(HttpOut.text(404, "no route " + method + " " + path + "\n"));
    } catch (RuntimeException e) {
      LOG.warn("Failed to serve method={} path={} error={}", method, path, e.toString());
      return done(HttpOut.text(500, e.toString()));
    }
  }

  private static CompletableFuture<HttpOut> done(HttpOut out) {
    return CompletableFuture.completedFuture(out);
  }

  private CompletableFuture<HttpOut> kv(Inbound in, Request request, String route) {
    AdmissionLimit.Token token = admission.acquire();
    if (token == null) {
      return done(shed(in, request, route));
    }
    long start = System.nanoTime();
    metrics.started();
    Context parent = Telemetry.PROPAGATOR.extract(Context.root(), in, GETTER);
    Span span = serverSpan(in, request, route, parent).startSpan();
    long deadline = CallContext.NO_DEADLINE;
    String budget = in.header(Wire.BUDGET);
    CompletableFuture<Reply> work;
    var tally = new SpanTally(config.service());
    var waits = new Waits();
    Pacing pacing = new RequestPacing(waits);
    if (budget != null) {
      long ms = parseBudget(budget);
      span.setAttribute(BUDGET_MS, ms);
      deadline = start + TimeUnit.MILLISECONDS.toNanos(ms);
    }
    if (budget != null && deadline - start <= 0) {
      metrics.arrivedSpent(); // the caller has already given up: do nothing at all
      admission.ignore(token);
      token = null;
      work =
          pacing.withServiceTime(
              CompletableFuture.completedFuture(
                  Reply.failure(504, Outcome.BUDGET_EXHAUSTED.label(), config.instance())));
    } else if (behaviour.fails()) {
      work =
          pacing.withServiceTime(
              CompletableFuture.completedFuture(Reply.failure(500, "injected", config.instance())));
    } else {
      var ctx = new CallContext(parent.with(span), deadline, tally, waits);
      try {
        work = role.serve(request, ctx, pacing);
      } catch (RuntimeException e) {
        LOG.warn(
            "Failed to handle op={} key={} error={}", request.op(), request.key(), e.toString());
        work =
            pacing.withServiceTime(
                CompletableFuture.completedFuture(Reply.failure(500, "error", config.instance())));
      }
    }
    AdmissionLimit.Token admittedToken = token;
    return work.handle(
        (reply, error) -> {
          Reply r = reply != null ? reply : Reply.failure(500, "error", config.instance());
          if (admittedToken != null) {
            long now = System.nanoTime();
            admission.release(admittedToken, now - start - waits.simulated(now));
          }
          tally.ownSpan(r.status() >= 500);
          HttpOut out = toHttp(r, tally.seal().header());
          span.setAttribute(HTTP_STATUS, (long) out.status());
          if (out.status() >= 500) {
            span.setStatus(StatusCode.ERROR);
            if (r.outcome() != null) {
              span.setAttribute(OUTCOME, r.outcome());
              span.setAttribute(ERROR_TYPE, r.outcome());
            }
          }
          span.end();
          metrics.served(request.op(), System.nanoTime() - start, out.status() >= 500);
          return out;
        });
  }

  /**
   * Answers at once when the {@link AdmissionLimit} is reached: a fast 503 the caller can retry
   * elsewhere, rather than a queue that grows until every caller times out.
   */
  private HttpOut shed(Inbound in, Request request, String route) {
    metrics.shed();
    var tally = new SpanTally(config.service());
    tally.ownSpan(true);
    Context parent = Telemetry.PROPAGATOR.extract(Context.root(), in, GETTER);
    serverSpan(in, request, route, parent)
        .setAttribute(HTTP_STATUS, 503L)
        .setAttribute(SHED, true)
        .setAttribute(OUTCOME, Wire.SHED)
        .setAttribute(ERROR_TYPE, Wire.SHED)
        .startSpan()
        .setStatus(StatusCode.ERROR)
        .end();
    return new HttpOut(
        503,
        "application/octet-stream",
        List.of(
            Map.entry(Wire.SPANS, tally.seal().header()),
            Map.entry(Wire.INSTANCE, config.instance()),
            Map.entry(Wire.VALUE_LENGTH, "0"),
            Map.entry(Wire.OUTCOME, Wire.SHED)),
        new byte[0]);
  }

  /** The SERVER span of one key/value request, its attributes set. */
  private SpanBuilder serverSpan(Inbound in, Request request, String route, Context parent) {
    return tracer
        .spanBuilder(request.op().spanName())
        .setParent(parent)
        .setSpanKind(SpanKind.SERVER)
        .setAttribute(HTTP_METHOD, in.method())
        .setAttribute(HTTP_ROUTE, route)
        .setAttribute(OP, request.op().spanName())
        .setAttribute(KEY, request.key());
  }

  private static long parseBudget(String header) {
    try {
      return Long.parseLong(header.trim());
    } catch (NumberFormatException e) {
      return 0; // an unreadable budget is a spent one: fail fast rather than guess
    }
  }

  /**
   * Delays an answer by the request's own service time, on a timer, blocking nothing; counts the
   * configured delay (not the timer's lateness) as simulated waiting.
   */
  private final class RequestPacing implements Pacing {
    private final Waits waits;

    RequestPacing(Waits waits) {
      this.waits = waits;
    }

    @Override
    public CompletableFuture<Reply> withServiceTime(CompletableFuture<Reply> work) {
      return work.thenCompose(reply -> after(behaviour.latencyNanos()).thenApply(v -> reply));
    }

    @Override
    public CompletableFuture<Void> after(long nanos) {
      if (nanos <= 0) {
        return CompletableFuture.completedFuture(null);
      }
      waits.paced(nanos);
      var later = new CompletableFuture<Void>();
      runtime.currentTimers().schedule(() -> later.complete(null), nanos, TimeUnit.NANOSECONDS);
      return later;
    }
  }

  private HttpOut toHttp(Reply r, String spans) {
    var headers = new ArrayList<Map.Entry<String, String>>(4);
    headers.add(Map.entry(Wire.SPANS, spans));
    headers.add(Map.entry(Wire.INSTANCE, r.servedBy() != null ? r.servedBy() : config.instance()));
    byte[] value = r.value() == null ? new byte[0] : r.value();
    headers.add(Map.entry(Wire.VALUE_LENGTH, Integer.toString(value.length)));
    if (r.outcome() != null) {
      headers.add(Map.entry(Wire.OUTCOME, r.outcome()));
    }
    int size = behaviour.responseSize();
    byte[] body = value.length >= size ? value : Arrays.copyOf(value, size);
    return new HttpOut(r.status(), "application/octet-stream", headers, body);
  }

  @Override
  public void close() {
    if (traffic != null) {
      traffic.stop();
    }
    ready = false;
    role.close();
    dependencies.close();
    telemetry.close();
  }
}
