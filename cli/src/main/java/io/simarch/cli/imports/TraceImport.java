package io.simarch.cli.imports;

import io.simarch.api.model.ArchitectureFiles;
import io.simarch.api.model.ArchitectureValidator;
import io.simarch.api.model.PackageRole;
import io.simarch.api.model.Problem;
import io.simarch.api.v1alpha1.BehaviorSpec;
import io.simarch.api.v1alpha1.LatencySpec;
import io.simarch.api.v1alpha1.ServiceSpec;
import io.simarch.api.v1alpha1.SimulatedArchitecture;
import io.simarch.api.v1alpha1.SimulatedArchitectureSpec;
import io.simarch.api.v1alpha1.TrafficSpec;
import io.simarch.cli.imports.ZipkinSpans.BadTracesException;
import io.simarch.cli.imports.ZipkinSpans.Span;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Derives an architecture from observed spans: services from {@code localEndpoint.serviceName},
 * edges from CLIENT spans and the SERVER spans under them, the root from the spans without a
 * parent, instance counts, each service's own latency (its server spans' time outside its calls) as
 * a lognormal p50/p99, its own error rate, and the calls per request of each edge. Pure: the same
 * spans give the same architecture, byte for byte.
 */
public final class TraceImport {
  /** Latencies are rounded to this, so that noise below it does not change the file. */
  static final long LATENCY_STEP_US = 10;

  static final String INSTANCE_ID = "service.instance.id";
  static final String PEER_INSTANCE = "simarch.peer.instance";
  static final String ATTEMPT = "simarch.attempt";
  static final String SHED = "simarch.shed";

  private TraceImport() {}

  /** Where a service's instance count came from. */
  public enum InstanceSource {
    INSTANCE_ID("distinct " + TraceImport.INSTANCE_ID + " tags"),
    PEER_INSTANCE("distinct " + TraceImport.PEER_INSTANCE + " of its callers' spans"),
    ADDRESS("distinct localEndpoint addresses"),
    NONE("no instance seen");

    final String description;

    InstanceSource(String description) {
      this.description = description;
    }
  }

  /** What was observed of one service. */
  public record ServiceStats(
      String name,
      PackageRole role,
      int instances,
      InstanceSource instancesFrom,
      long requests,
      long ownErrors,
      Duration p50,
      Duration p99) {}

  /** What was observed of one caller → callee edge. */
  public record EdgeStats(
      String caller, String callee, long calls, long attempts, double perRequest) {}

  /** The derived architecture, the figures it came from, and its YAML with them as comments. */
  public record Result(
      SimulatedArchitecture architecture,
      List<ServiceStats> services,
      List<EdgeStats> edges,
      List<String> ignored,
      int traces,
      int spans,
      String yaml) {
    public ServiceStats service(String name) {
      return services.stream().filter(s -> s.name().equals(name)).findFirst().orElseThrow();
    }
  }

  private static final class EdgeCount {
    long calls;
    long attempts;
  }

  /** Derives the architecture {@code name} from {@code spans} (of any number of traces). */
  public static Result derive(List<Span> input, String name) {
    // one span per trace, id and kind (a backend may answer the same span twice)
    Map<String, Span> unique = new LinkedHashMap<>();
    for (Span s : input) {
      unique.putIfAbsent(s.traceId() + "/" + s.id() + "/" + s.kind(), s);
    }
    List<Span> spans = new ArrayList<>(unique.values());
    Map<String, List<Span>> byId = new HashMap<>();
    Map<String, List<Span>> children = new HashMap<>();
    Set<String> traceIds = new HashSet<>();
    Set<String> observed = new TreeSet<>();
    for (Span s : spans) {
      byId.computeIfAbsent(s.traceId() + "/" + s.id(), k -> new ArrayList<>()).add(s);
      if (s.parentId() != null) {
        children.computeIfAbsent(s.traceId() + "/" + s.parentId(), k -> new ArrayList<>()).add(s);
      }
      traceIds.add(s.traceId());
      if (s.service() != null) {
        observed.add(s.service());
      }
    }
    if (observed.isEmpty()) {
      throw new BadTracesException(
          spans.size()
              + " spans of "
              + traceIds.size()
              + " traces, none with a localEndpoint.serviceName: nothing says which service"
              + " emitted them; set service.name in the instrumentation that exported them");
    }

    // edges: a CLIENT span and the SERVER span under it (else the remote endpoint it names); a
    // SERVER span under another service's non-CLIENT span (an uninstrumented client)
    Map<String, Map<String, EdgeCount>> edges = new TreeMap<>();
    Map<String, Set<String>> peerInstances = new HashMap<>();
    for (Span s : spans) {
      if (s.service() == null) {
        continue;
      }
      String callee = null;
      if (s.isClient()) {
        callee =
            kids(children, s).stream()
                .filter(c -> c.isServer() && c.service() != null)
                .map(Span::service)
                .findFirst()
                .orElse(s.remoteService() != null ? s.remoteService() : s.tag("peer.service"));
        if (callee != null) {
          EdgeCount e = edge(edges, s.service(), callee);
          e.attempts++;
          String attempt = s.tag(ATTEMPT);
          e.calls += attempt == null || attempt.equals("1") ? 1 : 0;
          if (s.tag(PEER_INSTANCE) != null) {
            peerInstances.computeIfAbsent(callee, k -> new TreeSet<>()).add(s.tag(PEER_INSTANCE));
          }
        }
      } else if (s.isServer() && s.parentId() != null) {
        Span parent = first(byId.get(s.traceId() + "/" + s.parentId()));
        if (parent != null
            && !parent.isClient()
            && parent.service() != null
            && !parent.service().equals(s.service())) {
          EdgeCount e = edge(edges, parent.service(), s.service());
          e.calls++;
          e.attempts++;
        }
      }
    }
    Set<String> services = new TreeSet<>(observed);
    edges.values().forEach(m -> services.addAll(m.keySet()));
    Map<String, Set<String>> callers = new HashMap<>();
    edges.forEach(
        (caller, m) ->
            m.keySet().stream()
                .filter(callee -> !callee.equals(caller))
                .forEach(
                    callee -> callers.computeIfAbsent(callee, k -> new TreeSet<>()).add(caller)));

    // the root: emits spans without a parent and nobody calls it
    Set<String> roots = new TreeSet<>();
    for (Span s : spans) {
      if (s.parentId() == null && s.service() != null && !callers.containsKey(s.service())) {
        roots.add(s.service());
      }
    }
    List<String> ignored = new ArrayList<>();
    for (String s : List.copyOf(services)) {
      boolean calls = edges.getOrDefault(s, Map.of()).keySet().stream().anyMatch(c -> !c.equals(s));
      if (!calls && !callers.containsKey(s) && services.size() > 1) {
        services.remove(s); // e.g. the chaos monkey's kill spans: on no request's path
        roots.remove(s);
        ignored.add(s);
      }
    }
    if (roots.isEmpty()) {
      throw new BadTracesException(
          "no root: every service of "
              + services
              + " is called by another, so the traces lack their first spans (partial traces,"
              + " or a cycle); give whole traces, e.g. all of GET /api/v2/traces");
    }

    Map<String, String> names = kubeSafeNames(services);
    var stats = new ArrayList<ServiceStats>();
    var specs = new ArrayList<ServiceSpec>();
    for (String s : order(services, roots, edges)) {
      boolean root = roots.contains(s);
      List<String> deps =
          edges.getOrDefault(s, Map.of()).keySet().stream()
              .filter(services::contains)
              .sorted()
              .toList();
      boolean forwards = deps.stream().anyMatch(d -> !d.equals(s));
      long requests = 0;
      long ownErrors = 0;
      List<Long> selfTimes = new ArrayList<>();
      Set<String> instanceIds = new TreeSet<>();
      Set<String> addresses = new TreeSet<>();
      for (Span span : spans) {
        if (!s.equals(span.service())) {
          continue;
        }
        if (span.tag(INSTANCE_ID) != null) {
          instanceIds.add(span.tag(INSTANCE_ID));
        }
        boolean served = root ? span.parentId() == null : span.isServer();
        if (!served) {
          continue;
        }
        if (span.address() != null) {
          addresses.add(span.address());
        }
        requests++;
        List<Span> calls = kids(children, span).stream().filter(Span::isClient).toList();
        if (span.isError()
            && !"true".equals(span.tag(SHED))
            && calls.stream().noneMatch(Span::isError)) {
          ownErrors++;
        }
        selfTimes.add(selfTime(span, calls));
      }
      int instances;
      InstanceSource from;
      if (!instanceIds.isEmpty()) {
        instances = instanceIds.size();
        from = InstanceSource.INSTANCE_ID;
      } else if (peerInstances.containsKey(s)) {
        instances = peerInstances.get(s).size();
        from = InstanceSource.PEER_INSTANCE;
      } else if (!addresses.isEmpty()) {
        instances = addresses.size();
        from = InstanceSource.ADDRESS;
      } else {
        instances = 1;
        from = InstanceSource.NONE;
      }
      PackageRole role = role(root, forwards, instances, callers.getOrDefault(s, Set.of()), roots);
      Duration p50 = null;
      Duration p99 = null;
      if (!root && !selfTimes.isEmpty()) {
        Collections.sort(selfTimes);
        long p50us = round(percentile(selfTimes, 0.50));
        long p99us = Math.max(round(percentile(selfTimes, 0.99)), p50us + LATENCY_STEP_US);
        if (p50us > 0) {
          p50 = Duration.ofNanos(p50us * 1000);
          p99 = Duration.ofNanos(p99us * 1000);
        }
      }
      stats.add(
          new ServiceStats(names.get(s), role, instances, from, requests, ownErrors, p50, p99));
      specs.add(spec(names, s, role, root, instances, deps, requests, ownErrors, p50, p99));
    }

    var edgeStats = new ArrayList<EdgeStats>();
    edges.forEach(
        (caller, m) ->
            m.forEach(
                (callee, e) -> {
                  if (services.contains(caller) && services.contains(callee)) {
                    long requests =
                        stats.stream()
                            .filter(st -> st.name().equals(names.get(caller)))
                            .mapToLong(ServiceStats::requests)
                            .sum();
                    edgeStats.add(
                        new EdgeStats(
                            names.get(caller),
                            names.get(callee),
                            e.calls,
                            e.attempts,
                            requests == 0 ? 0 : (double) e.calls / requests));
                  }
                }));

    var spec = new SimulatedArchitectureSpec();
    spec.setArch(name);
    spec.setDescription(
        "imported from " + traceIds.size() + " traces (" + spans.size() + " spans) of Zipkin");
    spec.setServices(specs);
    spec.setTraffic(traffic(spans, roots));
    var resource = new SimulatedArchitecture(name, spec);
    String yaml =
        header(traceIds.size(), spans.size(), stats, edgeStats, ignored)
            + ArchitectureFiles.toYaml(resource);
    check(yaml);
    return new Result(resource, stats, edgeStats, ignored, traceIds.size(), spans.size(), yaml);
  }

  /**
   * The role a service's place in the call graph suggests (docs/import.md): the root is the traffic
   * source; a service that calls nobody else (at most itself: its replicas) keeps data; a single
   * instance that only roots call balances load; any other service forwards in its region.
   */
  static PackageRole role(
      boolean root, boolean forwards, int instances, Set<String> callers, Set<String> roots) {
    if (root) {
      return PackageRole.DENOMINATOR;
    }
    if (!forwards) {
      return PackageRole.STORE;
    }
    if (instances == 1 && !callers.isEmpty() && roots.containsAll(callers)) {
      return PackageRole.ELB;
    }
    return PackageRole.MONOLITH;
  }

  private static ServiceSpec spec(
      Map<String, String> names,
      String s,
      PackageRole role,
      boolean root,
      int instances,
      List<String> deps,
      long requests,
      long ownErrors,
      Duration p50,
      Duration p99) {
    // the traffic source is global (spigo's count 0, regions 0); an elb is one cross-zone instance
    int count = root || (role == PackageRole.ELB && instances == 1) ? 0 : instances;
    var spec =
        new ServiceSpec(
            names.get(s),
            role.packageName(),
            count,
            root ? 0 : 1,
            deps.stream().map(names::get).toArray(String[]::new));
    BehaviorSpec behavior = null;
    if (p50 != null) {
      var latency = new LatencySpec();
      latency.setDistribution("lognormal");
      latency.setP50(millis(p50));
      latency.setP99(millis(p99));
      behavior = new BehaviorSpec();
      behavior.setLatency(latency);
    }
    if (ownErrors > 0 && requests > 0) {
      behavior = behavior == null ? new BehaviorSpec() : behavior;
      behavior.setErrorRate(Math.round(10_000.0 * ownErrors / requests) / 10_000.0);
    }
    spec.setBehavior(behavior);
    return spec;
  }

  /** The root spans per second per root, over the time they span. */
  private static TrafficSpec traffic(List<Span> spans, Set<String> roots) {
    long n = 0;
    long first = Long.MAX_VALUE;
    long last = Long.MIN_VALUE;
    for (Span s : spans) {
      if (s.parentId() == null && roots.contains(s.service())) {
        n++;
        first = Math.min(first, s.timestamp());
        last = Math.max(last, s.timestamp());
      }
    }
    if (n < 2 || last <= first) {
      return null;
    }
    double rate = (n - 1) * 1e6 / (last - first) / roots.size();
    var traffic = new TrafficSpec();
    traffic.setRate(Math.max(0.1, Math.round(rate * 10) / 10.0));
    return traffic;
  }

  /**
   * Time of {@code span} not covered by its calls (their union, clipped to the span). A retry's
   * interval starts where the attempt before it to the same callee ended: the backoff between
   * attempts is the caller waiting, not working.
   */
  static long selfTime(Span span, List<Span> calls) {
    long start = span.timestamp();
    long end = start + span.duration();
    List<Span> byStart = new ArrayList<>(calls);
    byStart.sort(Comparator.comparingLong(Span::timestamp));
    Map<String, Long> lastEnd = new HashMap<>();
    List<long[]> intervals = new ArrayList<>();
    for (Span c : byStart) {
      String callee = c.remoteService() != null ? c.remoteService() : c.tag("peer.service");
      long from = c.timestamp();
      String attempt = c.tag(ATTEMPT);
      if (callee != null
          && attempt != null
          && !attempt.equals("1")
          && lastEnd.containsKey(callee)) {
        from = Math.min(from, lastEnd.get(callee));
      }
      if (callee != null) {
        lastEnd.merge(callee, c.timestamp() + c.duration(), Math::max);
      }
      long a = Math.max(start, from);
      long b = Math.min(end, c.timestamp() + c.duration());
      if (b > a) {
        intervals.add(new long[] {a, b});
      }
    }
    intervals.sort(Comparator.comparingLong(i -> i[0]));
    long covered = 0;
    long reach = start;
    for (long[] i : intervals) {
      long a = Math.max(i[0], reach);
      if (i[1] > a) {
        covered += i[1] - a;
        reach = i[1];
      }
    }
    return Math.max(0, span.duration() - covered);
  }

  /** Nearest-rank percentile of sorted values. */
  static long percentile(List<Long> sorted, double q) {
    int rank = (int) Math.ceil(q * sorted.size());
    return sorted.get(Math.max(0, Math.min(sorted.size() - 1, rank - 1)));
  }

  /** A duration as milliseconds with the fraction it has, e.g. 1.53ms (a valid duration). */
  static String millis(Duration d) {
    return java.math.BigDecimal.valueOf(d.toNanos(), 6).stripTrailingZeros().toPlainString() + "ms";
  }

  private static long round(long us) {
    return Math.round((double) us / LATENCY_STEP_US) * LATENCY_STEP_US;
  }

  /** spigo's order: dependencies before their callers, the root last; ties by name. */
  private static List<String> order(
      Set<String> services, Set<String> roots, Map<String, Map<String, EdgeCount>> edges) {
    Map<String, Integer> depth = new HashMap<>();
    roots.forEach(r -> depth.put(r, 0));
    // longest path from a root; a cycle stops growing after |services| rounds
    for (int round = 0; round < services.size(); round++) {
      boolean changed = false;
      for (var e : edges.entrySet()) {
        Integer d = depth.get(e.getKey());
        if (d == null) {
          continue;
        }
        for (String callee : e.getValue().keySet()) {
          if (!callee.equals(e.getKey())
              && services.contains(callee)
              && depth.getOrDefault(callee, -1) < d + 1) {
            depth.put(callee, d + 1);
            changed = true;
          }
        }
      }
      if (!changed) {
        break;
      }
    }
    return services.stream()
        .sorted(
            Comparator.comparing((String s) -> -depth.getOrDefault(s, 0))
                .thenComparing(Comparator.naturalOrder()))
        .toList();
  }

  /** Service names as the architecture file allows them (Zipkin's are lowercase already). */
  static Map<String, String> kubeSafeNames(Set<String> services) {
    Map<String, String> names = new HashMap<>();
    Set<String> used = new HashSet<>();
    for (String s : services) {
      String n = s.replaceAll("[^A-Za-z0-9._-]", "-").replaceAll("^[^A-Za-z0-9]+", "");
      n = n.isEmpty() ? "service" : n;
      String candidate = n;
      for (int i = 2; !used.add(candidate); i++) {
        candidate = n + "-" + i;
      }
      names.put(s, candidate);
    }
    return names;
  }

  private static String header(
      int traces,
      int spans,
      List<ServiceStats> services,
      List<EdgeStats> edges,
      List<String> ignored) {
    var sb = new StringBuilder();
    sb.append(
        String.format(
            "# Derived by simarch import from %d traces (%d spans); roles and rules:"
                + " docs/import.md%n",
            traces, spans));
    sb.append(
        String.format(
            "# %-20s %-12s %9s %-13s %9s %7s %10s %10s%n",
            "service", "package", "instances", "from", "requests", "errors", "self p50", "p99"));
    for (ServiceStats s : services) {
      sb.append(
          String.format(
              Locale.ROOT,
              "# %-20s %-12s %9d %-13s %9d %7d %10s %10s%n",
              s.name(),
              s.role().packageName(),
              s.instances(),
              s.instancesFrom().name().toLowerCase(Locale.ROOT).replace('_', '-'),
              s.requests(),
              s.ownErrors(),
              s.p50() == null ? "-" : millis(s.p50()),
              s.p99() == null ? "-" : millis(s.p99())));
    }
    sb.append(String.format("# %-43s %9s %9s %12s%n", "edge", "calls", "attempts", "per request"));
    for (EdgeStats e : edges) {
      sb.append(
          String.format(
              Locale.ROOT,
              "# %-43s %9d %9d %12.2f%n",
              e.caller() + " -> " + e.callee(),
              e.calls(),
              e.attempts(),
              e.perRequest()));
    }
    if (!ignored.isEmpty()) {
      sb.append("# left out, on no request's path: ")
          .append(String.join(", ", ignored))
          .append('\n');
    }
    return sb.toString();
  }

  /** The output must pass simarch validate; anything else is this class's bug. */
  private static void check(String yaml) {
    var loaded = ArchitectureFiles.parse(yaml, "the imported architecture");
    List<Problem> problems = new ArrayList<>(loaded.problems());
    if (problems.isEmpty()) {
      problems.addAll(ArchitectureValidator.validate(loaded.resource()));
    }
    if (!problems.isEmpty()) {
      throw new IllegalStateException("the imported architecture is invalid: " + problems);
    }
  }

  private static EdgeCount edge(
      Map<String, Map<String, EdgeCount>> edges, String caller, String callee) {
    return edges
        .computeIfAbsent(caller, k -> new TreeMap<>())
        .computeIfAbsent(callee, k -> new EdgeCount());
  }

  private static List<Span> kids(Map<String, List<Span>> children, Span s) {
    return children.getOrDefault(s.traceId() + "/" + s.id(), List.of());
  }

  private static Span first(List<Span> spans) {
    return spans == null || spans.isEmpty() ? null : spans.get(0);
  }
}
