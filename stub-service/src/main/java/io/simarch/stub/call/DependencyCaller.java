package io.simarch.stub.call;

import static io.simarch.stub.telemetry.SpanAttributes.ATTEMPT;
import static io.simarch.stub.telemetry.SpanAttributes.BUDGET_REMAINING_MS;
import static io.simarch.stub.telemetry.SpanAttributes.ERROR_TYPE;
import static io.simarch.stub.telemetry.SpanAttributes.HTTP_METHOD;
import static io.simarch.stub.telemetry.SpanAttributes.HTTP_STATUS;
import static io.simarch.stub.telemetry.SpanAttributes.OUTCOME;
import static io.simarch.stub.telemetry.SpanAttributes.PEER_INSTANCE;
import static io.simarch.stub.telemetry.SpanAttributes.PEER_SERVICE;
import static io.simarch.stub.telemetry.SpanAttributes.RETRY_MODE;
import static io.simarch.stub.telemetry.SpanAttributes.SERVER_ADDRESS;
import static io.simarch.stub.telemetry.SpanAttributes.SERVER_PORT;
import static io.simarch.stub.telemetry.SpanAttributes.TIMEOUT_MS;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.core.IntervalBiFunction;
import io.github.resilience4j.core.IntervalFunction;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryConfig;
import io.github.resilience4j.timelimiter.TimeLimiter;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.TextMapSetter;
import io.simarch.api.model.CallPolicy;
import io.simarch.api.model.RetryMode;
import io.simarch.api.model.StubConfig;
import io.simarch.stub.core.Keys;
import io.simarch.stub.core.Op;
import io.simarch.stub.core.Outcome;
import io.simarch.stub.core.Reply;
import io.simarch.stub.core.Request;
import io.simarch.stub.core.Wire;
import io.simarch.stub.net.HttpReply;
import io.simarch.stub.net.Transport;
import io.simarch.stub.telemetry.DependencyMetrics;
import io.simarch.stub.telemetry.NodeMetrics;
import io.simarch.stub.telemetry.Telemetry;
import io.simarch.stub.truth.SpanTally;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;

/**
 * Calls one dependency under its {@link CallPolicy}. Each logical call is a resilience4j {@link
 * Retry} over attempts; each attempt
 *
 * <ol>
 *   <li>fails fast, calling nobody, when the budget minus the margin is spent;
 *   <li>picks an instance: at random among the caller's candidates (or the target's), skipping
 *       instances whose {@link CircuitBreaker} refuses and, in {@code failover} mode, every
 *       instance that already failed this call; {@code immediate} mode may pick the one that just
 *       failed, as the seed's naive configuration did;
 *   <li>sends with a {@link TimeLimiter} of min(timeout, remaining budget − margin) and tells the
 *       callee that time as its budget;
 *   <li>records the result on that instance's breaker, one client span and the metrics.
 * </ol>
 *
 * <p>Every future this returns completes normally: failures become a 5xx {@link Reply}.
 */
public final class DependencyCaller implements AutoCloseable {
  private static final TextMapSetter<List<Map.Entry<String, String>>> SETTER =
      (carrier, key, value) -> carrier.add(Map.entry(key, value));

  /** Who is calling: decides which instances are candidates. */
  public record Self(String instance, String region, String zone, boolean crossRegion) {}

  /** The candidate instances for {@link Target#ANY}, and whether they are a fallback set. */
  public record Candidates(List<Peer> peers, boolean fallback) {}

  private record Snapshot(long version, List<Peer> all, List<Peer> visible, Candidates any) {}

  private final StubConfig.Dependency dependency;
  private final CallPolicy policy;
  private final PeerSource source;
  private final Affinity affinity;
  private final Self self;
  private final Transport transport;
  private final ScheduledExecutorService scheduler;
  private final Tracer tracer;
  private final DependencyMetrics metrics;
  private final Random random;
  private final Retry retry;
  private final CircuitBreakerConfig breakerConfig;
  private final Map<String, CircuitBreaker> breakers = new ConcurrentHashMap<>();
  private final TimeLimiter fullTimeLimiter;
  private volatile Snapshot snapshot;

  public DependencyCaller(
      StubConfig.Dependency dependency,
      PeerSource source,
      Affinity affinity,
      Self self,
      Transport transport,
      ScheduledExecutorService scheduler,
      Telemetry telemetry,
      NodeMetrics nodeMetrics,
      Random random) {
    this.dependency = dependency;
    this.policy = dependency.policy();
    this.source = source;
    this.affinity = affinity;
    this.self = self;
    this.transport = transport;
    this.scheduler = scheduler;
    this.tracer = telemetry.tracer();
    this.metrics = nodeMetrics.dependency(dependency.service());
    this.random = random;
    this.retry = Retry.of(dependency.service(), retryConfig(policy));
    this.breakerConfig = breakerConfig(policy.circuitBreaker());
    this.fullTimeLimiter = TimeLimiter.of(Duration.ofMillis(policy.timeoutMs()));
  }

  static RetryConfig retryConfig(CallPolicy policy) {
    CallPolicy.Backoff b = policy.backoff();
    IntervalFunction backoff =
        b.initialMs() <= 0
            ? attempt -> 0L
            : IntervalFunction.ofExponentialRandomBackoff(
                b.initialMs(),
                Math.max(1, b.multiplier()),
                Math.min(b.jitter(), 0.99),
                Math.max(b.maxMs(), b.initialMs()));
    return RetryConfig.custom()
        .maxAttempts(policy.maxAttempts())
        .retryOnException(e -> e instanceof AttemptFailure f && f.retryable)
        .intervalBiFunction(IntervalBiFunction.ofIntervalFunction(backoff))
        .failAfterMaxAttempts(false)
        .build();
  }

  static CircuitBreakerConfig breakerConfig(CallPolicy.CircuitBreaker cb) {
    if (cb == null || !cb.enabled()) {
      return null;
    }
    int window = Math.max(cb.minimumCalls(), 10);
    return CircuitBreakerConfig.custom()
        .slidingWindowType(CircuitBreakerConfig.SlidingWindowType.COUNT_BASED)
        .slidingWindowSize(window)
        .minimumNumberOfCalls(cb.minimumCalls())
        .failureRateThreshold(cb.failureRateThreshold())
        .waitDurationInOpenState(Duration.ofMillis(cb.openDurationMs()))
        // a couple of probes decide whether an instance is back
        .permittedNumberOfCallsInHalfOpenState(2)
        .automaticTransitionFromOpenToHalfOpenEnabled(false)
        .writableStackTraceEnabled(false)
        .build();
  }

  public StubConfig.Dependency dependency() {
    return dependency;
  }

  public String service() {
    return dependency.service();
  }

  public String packageName() {
    return dependency.packageName();
  }

  public CallPolicy policy() {
    return policy;
  }

  public DependencyMetrics metrics() {
    return metrics;
  }

  public void start() {
    source.start();
  }

  /** Every known instance but the caller itself, in every region. */
  public List<Peer> peers() {
    return snapshot().all;
  }

  /** The instances this caller may see: its region, or every region when it is global. */
  public List<Peer> visiblePeers() {
    return snapshot().visible;
  }

  /** Where {@link Target#ANY} picks from, after zone affinity and its fallback. */
  public Candidates candidates() {
    return snapshot().any;
  }

  private Snapshot snapshot() {
    long v = source.version();
    Snapshot s = snapshot;
    if (s != null && s.version == v) {
      return s;
    }
    List<Peer> all = keep(source.peers(), p -> !p.instance().equals(self.instance()));
    boolean global =
        affinity == Affinity.GLOBAL || self.crossRegion() || Peer.ANY.equals(self.region());
    List<Peer> visible = global ? all : keep(all, p -> p.inRegion(self.region()));
    Candidates any;
    if (affinity == Affinity.ZONE && !Peer.ANY.equals(self.zone())) {
      List<Peer> zone = visible.stream().filter(p -> p.inZone(self.region(), self.zone())).toList();
      any = !zone.isEmpty() ? new Candidates(zone, false) : fallback(visible, all);
    } else {
      any = !visible.isEmpty() ? new Candidates(visible, false) : fallback(List.of(), all);
    }
    s = new Snapshot(v, all, visible, any);
    snapshot = s;
    forgetBreakersOfGone(all);
    return s;
  }

  /**
   * The peers that pass, or {@code peers} itself when all do: the local host shares one list among
   * a service's instances, and a thousand callers need not each copy it.
   */
  private static List<Peer> keep(List<Peer> peers, java.util.function.Predicate<Peer> test) {
    for (Peer p : peers) {
      if (!test.test(p)) {
        return peers.stream().filter(test).toList();
      }
    }
    return peers;
  }

  /**
   * spigo dropped the request here (a karyon or zuul with no instance in its zone). We send it to
   * the rest of the region, or failing that anywhere, and count it.
   */
  private static Candidates fallback(List<Peer> region, List<Peer> all) {
    return new Candidates(!region.isEmpty() ? region : all, true);
  }

  private void forgetBreakersOfGone(List<Peer> all) {
    if (breakers.isEmpty()) {
      return;
    }
    Set<String> live = all.stream().map(Peer::instance).collect(Collectors.toSet());
    breakers.keySet().removeIf(id -> !live.contains(id));
  }

  /** Breaker states for the metrics gauge. */
  public List<NodeMetrics.BreakerState> breakerStates() {
    var out = new ArrayList<NodeMetrics.BreakerState>();
    breakers.forEach(
        (peer, cb) ->
            out.add(
                new NodeMetrics.BreakerState(
                    dependency.service(),
                    peer,
                    cb.getState().name().toLowerCase(java.util.Locale.ROOT))));
    return out;
  }

  /** The breaker of one instance, or null when breakers are off. */
  public CircuitBreaker breaker(String instance) {
    if (breakerConfig == null) {
      return null;
    }
    return breakers.computeIfAbsent(instance, id -> CircuitBreaker.of(id, breakerConfig));
  }

  /**
   * Timers for one call: the event loop the call starts on when there is one, so that arming and
   * cancelling a timeout or a backoff does not wake another thread.
   */
  private ScheduledExecutorService timers() {
    if (scheduler instanceof io.netty.util.concurrent.EventExecutorGroup group) {
      for (io.netty.util.concurrent.EventExecutor e : group) {
        if (e.inEventLoop()) {
          return e;
        }
      }
    }
    return scheduler;
  }

  /** One logical call with its attempts; never completes exceptionally. */
  public CompletableFuture<Reply> call(Request request, CallContext ctx, Target target) {
    long start = System.nanoTime();
    // without budget mode the seed's fixed timeouts apply, whatever the caller had left
    long deadline =
        !policy.budget()
            ? CallContext.NO_DEADLINE
            : ctx.hasDeadline()
                ? ctx.deadlineNanos()
                : start + TimeUnit.MILLISECONDS.toNanos(policy.deadlineMs());
    var state = new CallState(request, ctx.parent(), deadline, target, ctx.tally());
    state.timers = timers();
    if (state.tally != null) {
      state.tally.callStarted();
    }
    Waits waits = ctx.waits();
    if (waits != null) {
      waits.callStarted(start);
    }
    return Retry.decorateCompletionStage(retry, state.timers, () -> attempt(state))
        .get()
        .toCompletableFuture()
        .handle(
            (reply, error) -> {
              Reply r = reply != null ? reply : failureReply(unwrap(error));
              long end = System.nanoTime();
              if (waits != null) {
                waits.callEnded(end);
              }
              metrics.call(end - start, r.isSuccess());
              if (state.tally != null) {
                state.tally.callEnded();
              }
              return r;
            });
  }

  /** State of one logical call; its attempts run one after another. */
  private static final class CallState {
    final Request request;
    final Context parent;
    final long deadline;
    final Target target;
    final SpanTally tally;
    final List<String> failed = new ArrayList<>(2);
    AttemptFailure lastFailure;
    ScheduledExecutorService timers;
    int attempt;

    CallState(Request request, Context parent, long deadline, Target target, SpanTally tally) {
      this.request = request;
      this.parent = parent;
      this.deadline = deadline;
      this.target = target;
      this.tally = tally;
    }
  }

  private record Choice(Peer peer, CircuitBreaker breaker, boolean breakerRefused) {}

  private CompletableFuture<Reply> attempt(CallState st) {
    try {
      int n = ++st.attempt;
      long timeoutMs = policy.timeoutMs();
      long remainingMs = -1;
      if (st.deadline != CallContext.NO_DEADLINE) {
        remainingMs = TimeUnit.NANOSECONDS.toMillis(st.deadline - System.nanoTime());
        long usable = remainingMs - policy.budgetMarginMs();
        if (usable <= 0) {
          return refused(st, n, Outcome.BUDGET_EXHAUSTED, remainingMs, "budget spent");
        }
        timeoutMs = Math.min(timeoutMs, usable);
      }
      Choice choice = choose(st);
      if (choice.peer == null) {
        if (choice.breakerRefused) {
          return refused(st, n, Outcome.CIRCUIT_OPEN, remainingMs, "every breaker open");
        }
        if (st.lastFailure != null) {
          // failover has no instance left that has not failed this call: give up
          return CompletableFuture.failedFuture(st.lastFailure.notRetryable());
        }
        return refused(st, n, Outcome.ERROR, remainingMs, Wire.NO_INSTANCE);
      }
      return send(st, n, choice.peer, choice.breaker, timeoutMs, remainingMs);
    } catch (RuntimeException e) {
      return CompletableFuture.failedFuture(e);
    }
  }

  private Choice choose(CallState st) {
    List<Peer> options;
    if (st.target instanceof Target.Exactly one) {
      options = List.of(one.peer());
    } else if (st.target instanceof Target.InOrder ordered) {
      options = ordered.peers();
    } else {
      options = candidates().peers();
    }
    boolean ordered = !(st.target instanceof Target.Any);
    boolean skipFailed = policy.retryMode() == RetryMode.FAILOVER && !st.failed.isEmpty();
    if (options.isEmpty()) {
      return new Choice(null, null, false);
    }
    Peer refusedFirst = null;
    // the common case: nothing to exclude and the first pick's breaker lets it through
    if (!skipFailed) {
      Peer p = options.get(ordered ? 0 : random.nextInt(options.size()));
      CircuitBreaker cb = breaker(p.instance());
      if (cb == null || cb.tryAcquirePermission()) {
        return new Choice(p, cb, false);
      }
      metrics.breakerSkip();
      refusedFirst = p;
    }
    var pool = new ArrayList<Peer>(options.size());
    for (Peer p : options) {
      if (p != refusedFirst && !(skipFailed && st.failed.contains(p.instance()))) {
        pool.add(p);
      }
    }
    boolean refused = refusedFirst != null;
    while (!pool.isEmpty()) {
      int i = ordered ? 0 : random.nextInt(pool.size());
      Peer p = pool.get(i);
      CircuitBreaker cb = breaker(p.instance());
      if (cb == null || cb.tryAcquirePermission()) {
        return new Choice(p, cb, false);
      }
      metrics.breakerSkip();
      refused = true;
      pool.remove(i);
    }
    return new Choice(null, null, refused);
  }

  private CompletableFuture<Reply> send(
      CallState st, int n, Peer peer, CircuitBreaker cb, long timeoutMs, long remainingMs) {
    Request req = st.request;
    String method = req.op() == Op.GET ? "GET" : "PUT";
    Span span =
        tracer
            .spanBuilder(req.op().spanName() + " " + dependency.service())
            .setParent(st.parent)
            .setSpanKind(SpanKind.CLIENT)
            .setAttribute(ATTEMPT, (long) n)
            .setAttribute(RETRY_MODE, policy.retryMode().wire())
            .setAttribute(TIMEOUT_MS, timeoutMs)
            .setAttribute(PEER_INSTANCE, peer.instance())
            .setAttribute(PEER_SERVICE, dependency.service())
            .setAttribute(SERVER_ADDRESS, peer.host())
            .setAttribute(SERVER_PORT, (long) peer.port())
            .setAttribute(HTTP_METHOD, method)
            .startSpan();
    if (remainingMs >= 0) {
      span.setAttribute(BUDGET_REMAINING_MS, remainingMs);
    }
    var headers = new ArrayList<Map.Entry<String, String>>(8);
    Telemetry.PROPAGATOR.inject(st.parent.with(span), headers, SETTER);
    if (st.deadline != CallContext.NO_DEADLINE) {
      headers.add(Map.entry(Wire.BUDGET, Long.toString(timeoutMs)));
    }
    if (req.forwarded()) {
      headers.add(Map.entry(Wire.FORWARDED, "1"));
    }
    if (req.batch()) {
      headers.add(Map.entry(Wire.BATCH, "1"));
    }
    if (st.tally != null) {
      st.tally.attemptStarted();
    }
    long t0 = System.nanoTime();
    CompletableFuture<HttpReply> sent =
        transport.send(peer, method, path(req), headers, req.value());
    TimeLimiter limiter =
        timeoutMs == policy.timeoutMs()
            ? fullTimeLimiter
            : TimeLimiter.of(Duration.ofMillis(timeoutMs));
    return limiter
        .executeCompletionStage(st.timers, () -> sent)
        .toCompletableFuture()
        .handle((reply, error) -> settle(st, n, peer, cb, span, t0, timeoutMs, reply, error));
  }

  private Reply settle(
      CallState st,
      int n,
      Peer peer,
      CircuitBreaker cb,
      Span span,
      long t0,
      long timeoutMs,
      HttpReply reply,
      Throwable error) {
    long elapsed = System.nanoTime() - t0;
    Throwable cause = unwrap(error);
    Outcome outcome;
    boolean retryable = true;
    String reason;
    AnswerPolicy.Breaker verdict;
    if (cause == null) {
      int status = reply.status();
      span.setAttribute(HTTP_STATUS, (long) status);
      AnswerPolicy answer = AnswerPolicy.of(status, reply.outcome());
      outcome = answer.outcome();
      retryable = answer.retryable();
      verdict = answer.breaker();
      reason =
          outcome == Outcome.OK
              ? null
              : reply.outcome() != null ? reply.outcome() : Integer.toString(status);
    } else if (cause instanceof TimeoutException) {
      outcome = Outcome.TIMEOUT;
      reason = "timeout after " + timeoutMs + "ms";
      // time the caller's own budget cut short says nothing about the instance
      verdict =
          timeoutMs < policy.timeoutMs()
              ? AnswerPolicy.Breaker.IGNORE
              : AnswerPolicy.Breaker.FAILURE;
    } else {
      outcome = Outcome.ERROR;
      reason = cause.getClass().getSimpleName();
      verdict = AnswerPolicy.Breaker.FAILURE;
    }
    if (cb != null) {
      switch (verdict) {
        case SUCCESS -> cb.onSuccess(elapsed, TimeUnit.NANOSECONDS);
        case IGNORE -> cb.releasePermission();
        case FAILURE ->
            cb.onError(elapsed, TimeUnit.NANOSECONDS, new AttemptFailure(outcome, true, reason));
      }
    }
    metrics.attempt(peer.instance(), n, outcome);
    span.setAttribute(OUTCOME, outcome.label());
    if (outcome != Outcome.OK) {
      span.setAttribute(ERROR_TYPE, reason);
      span.setStatus(StatusCode.ERROR, reason);
    }
    span.end();
    if (st.tally != null) {
      // a refused connection reached nobody: no span of the callee's is missing
      boolean unknown = cause != null && !(cause instanceof java.net.ConnectException);
      st.tally.attempt(
          dependency.service(),
          true,
          n,
          outcome != Outcome.OK,
          cause == null ? reply.spans() : null,
          unknown || (cause == null && reply.spans() == null));
    }
    if (outcome == Outcome.OK) {
      return new Reply(
          reply.status(), reply.status() == 200 ? reply.value() : null, reply.instance(), null);
    }
    var failure = new AttemptFailure(outcome, retryable, reason);
    st.failed.add(peer.instance());
    st.lastFailure = failure;
    throw failure;
  }

  /** An attempt that called nobody: still one span, so the trace shows why. */
  private CompletableFuture<Reply> refused(
      CallState st, int n, Outcome outcome, long remainingMs, String reason) {
    Span span =
        tracer
            .spanBuilder(st.request.op().spanName() + " " + dependency.service())
            .setParent(st.parent)
            .setSpanKind(SpanKind.CLIENT)
            .setAttribute(ATTEMPT, (long) n)
            .setAttribute(RETRY_MODE, policy.retryMode().wire())
            .setAttribute(PEER_SERVICE, dependency.service())
            .setAttribute(OUTCOME, outcome.label())
            .setAttribute(ERROR_TYPE, reason)
            .startSpan();
    if (remainingMs >= 0) {
      span.setAttribute(BUDGET_REMAINING_MS, remainingMs);
    }
    span.setStatus(StatusCode.ERROR, reason);
    span.end();
    if (st.tally != null) {
      st.tally.attempt(dependency.service(), false, n, true, null, false);
    }
    metrics.attempt(null, n, outcome);
    return CompletableFuture.failedFuture(new AttemptFailure(outcome, false, reason));
  }

  static String path(Request req) {
    return switch (req.op()) {
      case GET, PUT -> Wire.KV + Keys.encode(req.key());
      case REPLICATE ->
          Wire.REPLICATE
              + Keys.encode(req.key())
              + "?scope="
              + req.scope().name().toLowerCase(java.util.Locale.ROOT);
    };
  }

  private Reply failureReply(Throwable error) {
    if (error instanceof AttemptFailure f) {
      return switch (f.outcome) {
        case TIMEOUT -> Reply.failure(504, Outcome.TIMEOUT.label(), null);
        case BUDGET_EXHAUSTED -> Reply.failure(504, Outcome.BUDGET_EXHAUSTED.label(), null);
        case CIRCUIT_OPEN -> Reply.failure(503, Outcome.CIRCUIT_OPEN.label(), null);
        // shed load stays shed load up the chain: overload is told apart from failure
        case SHED, SHED_DOWNSTREAM -> Reply.failure(503, Wire.SHED_DOWNSTREAM, null);
        case ERROR -> {
          // a callee that ran out of time passes that on: the whole chain reports a timeout
          if (Outcome.TIMEOUT.label().equals(f.reason)
              || Outcome.BUDGET_EXHAUSTED.label().equals(f.reason)) {
            yield Reply.failure(504, f.reason, null);
          }
          if (Wire.NO_INSTANCE.equals(f.reason)) {
            yield Reply.failure(503, f.reason, null);
          }
          if (Wire.THROTTLED.equals(f.reason)) {
            yield Reply.failure(Wire.THROTTLED_STATUS, f.reason, null);
          }
          yield Reply.failure(502, Outcome.ERROR.label(), null);
        }
        case OK -> Reply.failure(500, "error", null);
      };
    }
    return Reply.failure(500, "error", null);
  }

  static Throwable unwrap(Throwable t) {
    while ((t instanceof CompletionException || t instanceof ExecutionException)
        && t.getCause() != null) {
      t = t.getCause();
    }
    return t;
  }

  @Override
  public void close() {
    source.close();
  }
}
