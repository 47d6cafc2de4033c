package io.simarch.stub;

import io.simarch.api.model.Behavior;
import io.simarch.api.model.CallPolicy;
import io.simarch.api.model.Defaults;
import io.simarch.api.model.Faas;
import io.simarch.api.model.RetryMode;
import io.simarch.api.model.StubConfig;
import io.simarch.api.model.Tracing;
import io.simarch.api.model.Traffic;
import io.simarch.api.v1alpha1.ServiceSpec;
import io.simarch.stub.local.StubHost;
import io.simarch.stub.local.StubInstance;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Builds a small architecture's configs the way the planner and {@code simarch run} would: static
 * endpoints on loopback ports chosen up front, instance ids {@code <service>NN}, zones assigned
 * round robin.
 */
public final class TestArch {
  public static final String REGION = "us-east-1";
  public static final List<String> ZONES = List.of("zoneA", "zoneB", "zoneC");

  /** One service. {@code zones} null: round robin over {@link #ZONES}. */
  public record Svc(
      String name,
      String pkg,
      int count,
      List<String> deps,
      Behavior behavior,
      Traffic traffic,
      List<String> zones,
      List<String> regions,
      boolean crossRegion) {}

  private final String arch;
  private final Map<String, Svc> services = new LinkedHashMap<>();
  private final Map<String, CallPolicy> policies = new HashMap<>();
  private CallPolicy defaultPolicy = policy(1000, 0, RetryMode.NONE, false);
  private Tracing tracing;
  private final Map<String, List<StubConfig.Endpoint>> endpoints = new HashMap<>();
  private final Map<String, Faas> faas = new HashMap<>();

  private TestArch(String arch) {
    this.arch = arch;
  }

  public static TestArch arch(String name) {
    return new TestArch(name);
  }

  public static CallPolicy policy(long timeoutMs, int retries, RetryMode mode, boolean budget) {
    return new CallPolicy(
        timeoutMs,
        retries,
        mode,
        budget,
        5,
        timeoutMs * (retries + 1),
        new CallPolicy.Backoff(0, 1000, 2, 0.2),
        new CallPolicy.CircuitBreaker(true, 50, 10, 5000));
  }

  public static Traffic traffic(long intervalMicros) {
    return new Traffic(intervalMicros, 0, 1, 1, 1, 1000);
  }

  public TestArch service(String name, String pkg, int count, String... deps) {
    return service(new Svc(name, pkg, count, List.of(deps), null, null, null, null, false));
  }

  public TestArch service(Svc s) {
    services.put(s.name(), s);
    return this;
  }

  /** Changes one service. */
  public TestArch with(String name, Function<Svc, Svc> change) {
    services.put(name, change.apply(services.get(name)));
    return this;
  }

  public TestArch behavior(String name, Behavior b) {
    return with(
        name,
        s ->
            new Svc(
                s.name(),
                s.pkg(),
                s.count(),
                s.deps(),
                b,
                s.traffic(),
                s.zones(),
                s.regions(),
                s.crossRegion()));
  }

  public TestArch zones(String name, String... zones) {
    return with(
        name,
        s ->
            new Svc(
                s.name(),
                s.pkg(),
                s.count(),
                s.deps(),
                s.behavior(),
                s.traffic(),
                List.of(zones),
                s.regions(),
                s.crossRegion()));
  }

  public TestArch regions(String name, boolean crossRegion, String... regions) {
    return with(
        name,
        s ->
            new Svc(
                s.name(),
                s.pkg(),
                s.count(),
                s.deps(),
                s.behavior(),
                s.traffic(),
                s.zones(),
                List.of(regions),
                crossRegion));
  }

  /** The traffic source: a denominator, global, calling {@code dep}. */
  public TestArch root(String name, Traffic traffic, String... deps) {
    return service(
        new Svc(
            name,
            "denominator",
            1,
            List.of(deps),
            null,
            traffic,
            List.of("*"),
            List.of("*"),
            false));
  }

  public TestArch policy(CallPolicy p) {
    this.defaultPolicy = p;
    return this;
  }

  public TestArch policy(String from, String to, CallPolicy p) {
    policies.put(from + "->" + to, p);
    return this;
  }

  public TestArch tracing(Tracing t) {
    this.tracing = t;
    return this;
  }

  /** A serverless service's settings (by default, the API's defaults for its package). */
  public TestArch faas(String name, Faas settings) {
    faas.put(name, settings);
    return this;
  }

  public static String id(String service, int i) {
    return String.format("%s%02d", service, i);
  }

  /** Every instance's config, keyed by instance id, on ports chosen now. */
  public Map<String, StubConfig> configs() {
    int total = services.values().stream().mapToInt(Svc::count).sum();
    int[] ports = StubHost.freePorts(total);
    int next = 0;
    endpoints.clear();
    var placed = new LinkedHashMap<String, StubConfig.Endpoint>();
    for (Svc s : services.values()) {
      var list = new ArrayList<StubConfig.Endpoint>();
      for (int i = 0; i < s.count(); i++) {
        var e =
            new StubConfig.Endpoint(
                id(s.name(), i), "http://127.0.0.1:" + ports[next++], region(s, i), zone(s, i));
        list.add(e);
        placed.put(e.instance(), e);
      }
      endpoints.put(s.name(), list);
    }
    var out = new LinkedHashMap<String, StubConfig>();
    for (Svc s : services.values()) {
      for (int i = 0; i < s.count(); i++) {
        var deps = new ArrayList<StubConfig.Dependency>();
        for (String d : s.deps()) {
          Svc target = services.get(d);
          deps.add(
              new StubConfig.Dependency(
                  d,
                  target.pkg(),
                  d.equals(s.name()),
                  policies.getOrDefault(s.name() + "->" + d, defaultPolicy),
                  StubConfig.Discovery.of(endpoints.get(d))));
        }
        out.put(
            id(s.name(), i),
            new StubConfig(
                arch,
                s.name(),
                s.pkg(),
                id(s.name(), i),
                region(s, i),
                zone(s, i),
                7,
                s.crossRegion(),
                s.behavior(),
                s.traffic(),
                List.copyOf(deps),
                tracing,
                null,
                faas.containsKey(s.name())
                    ? faas.get(s.name())
                    : Defaults.faas(new ServiceSpec(s.name(), s.pkg(), s.count(), 1))));
      }
    }
    return out;
  }

  public static int port(StubConfig.Endpoint e) {
    return java.net.URI.create(e.url()).getPort();
  }

  /** Starts every instance on {@code host}, leaves first; keyed by instance id. */
  public Map<String, StubInstance> start(StubHost host) {
    Map<String, StubConfig> configs = configs();
    var started = new LinkedHashMap<String, StubInstance>();
    for (StubConfig c : configs.values()) {
      StubConfig.Endpoint e =
          endpoints.get(c.service()).stream()
              .filter(x -> x.instance().equals(c.instance()))
              .findFirst()
              .orElseThrow();
      started.put(c.instance(), host.start(c, port(e)));
    }
    return started;
  }

  private static String region(Svc s, int i) {
    List<String> r = s.regions() == null ? List.of(REGION) : s.regions();
    return r.get((i / zonesOf(s).size()) % r.size());
  }

  private static String zone(Svc s, int i) {
    List<String> z = zonesOf(s);
    return z.get(i % z.size());
  }

  private static List<String> zonesOf(Svc s) {
    return s.zones() == null ? ZONES : s.zones();
  }
}
