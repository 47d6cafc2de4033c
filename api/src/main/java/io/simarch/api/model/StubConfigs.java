package io.simarch.api.model;

import io.simarch.api.v1alpha1.FaultSpec;
import io.simarch.api.v1alpha1.PackageNames;
import io.simarch.api.v1alpha1.ServiceSpec;
import io.simarch.api.v1alpha1.SimulatedArchitectureSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/** Builds {@link StubConfig}s from a validated architecture and its plan. */
public final class StubConfigs {
  private StubConfigs() {}

  /**
   * The configuration of one service.
   *
   * @param discovery where each dependency (by service name) is found
   */
  public static StubConfig forService(
      SimulatedArchitectureSpec spec,
      Plan plan,
      String serviceName,
      Function<String, StubConfig.Discovery> discovery) {
    ServiceSpec service =
        spec.getServices().stream()
            .filter(s -> s.getName().equals(serviceName))
            .findFirst()
            .orElseThrow(() -> new IllegalArgumentException("no service " + serviceName));
    var deps = new ArrayList<StubConfig.Dependency>();
    List<String> declared =
        service.getDependencies() == null ? List.of() : service.getDependencies();
    for (String d : declared) {
      if (PackageNames.EUREKA.equals(d)) {
        continue;
      }
      deps.add(
          new StubConfig.Dependency(
              d,
              plan.service(d).packageName(),
              d.equals(serviceName),
              Defaults.callPolicy(spec, service, d),
              discovery.apply(d)));
    }
    return new StubConfig(
        plan.arch(),
        serviceName,
        service.getPackageName(),
        null,
        null,
        null,
        Defaults.seed(spec),
        declared.contains(PackageNames.EUREKA),
        Defaults.behavior(spec, service),
        // as in spigo, only a denominator acts on the traffic start sent to the root
        serviceName.equals(plan.root())
                && PackageRole.of(service.getPackageName())
                    .map(PackageRole::trafficSource)
                    .orElse(false)
            ? Defaults.traffic(spec)
            : null,
        List.copyOf(deps),
        Defaults.tracing(spec),
        fault(spec, serviceName),
        Defaults.faas(service));
  }

  private static StubConfig.Fault fault(SimulatedArchitectureSpec spec, String service) {
    var chaos = spec.getChaos();
    if (chaos == null
        || chaos.getFault() == null
        || !ChaosTargets.victims(spec).contains(service)) {
      return null;
    }
    FaultSpec f = chaos.getFault();
    return new StubConfig.Fault(
        Durations.parseOr(f.getAddedLatency(), java.time.Duration.ZERO).toMillis(),
        f.getErrorRate() == null ? 0 : f.getErrorRate(),
        Durations.parseOr(f.getStart(), java.time.Duration.ZERO).toMillis(),
        Durations.parseOr(f.getDuration(), java.time.Duration.ZERO).toMillis());
  }
}
