package io.simarch.operator.architecture.desired;

import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.simarch.api.model.Defaults;
import io.simarch.api.model.KubeNames;
import io.simarch.api.model.Plan;
import io.simarch.api.model.Planner;
import io.simarch.api.model.StubConfig;
import io.simarch.api.model.StubConfigs;
import io.simarch.api.model.Tracing;
import io.simarch.api.v1alpha1.ServiceSpec;
import io.simarch.api.v1alpha1.SimulatedArchitecture;
import io.simarch.api.v1alpha1.SimulatedArchitectureSpec;
import io.simarch.operator.MetricsScrapers;
import io.simarch.operator.OperatorSettings;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Everything the desired-state builders need, computed once per reconcile from a validated
 * architecture: the plan, each service's stub configuration (JSON and hash) and its callers.
 *
 * @param name metadata.name: the prefix of every child's name
 * @param owner the owner reference every child carries
 * @param services per service, in spec order
 * @param tracing the spec's trace export, with the operator's default endpoint when it names none
 * @param scrapers who may scrape the stubs through their NetworkPolicies (operator setting)
 */
public record DesiredArchitecture(
    String name,
    String namespace,
    OwnerReference owner,
    SimulatedArchitectureSpec spec,
    Plan plan,
    String stubImage,
    Map<String, ServiceModel> services,
    Tracing tracing,
    MetricsScrapers scrapers) {

  /**
   * One service.
   *
   * @param callers services that declare this one as a dependency (itself for a self-dependency)
   * @param configJson the ConfigMap's {@code stub.json}
   * @param configHash hash of {@code configJson}, on the pod template
   */
  public record ServiceModel(
      ServiceSpec spec,
      Plan.PlannedService planned,
      List<String> callers,
      String configJson,
      String configHash) {
    public String name() {
      return spec.getName();
    }
  }

  public static DesiredArchitecture of(SimulatedArchitecture resource, OperatorSettings settings) {
    var meta = resource.getMetadata();
    var spec = resource.getSpec();
    Plan plan = Planner.plan(meta.getName(), spec);
    Map<String, List<String>> callers = new LinkedHashMap<>();
    for (Plan.Edge e : plan.edges()) {
      callers.computeIfAbsent(e.to(), k -> new ArrayList<>()).add(e.from());
    }
    var services = new LinkedHashMap<String, ServiceModel>();
    for (ServiceSpec s : spec.getServices()) {
      StubConfig config =
          StubConfigs.forService(
              spec,
              plan,
              s.getName(),
              dep ->
                  StubConfig.Discovery.dns(
                      KubeNames.headless(meta.getName(), dep), StubConfig.PORT));
      String json = StubConfigJson.write(config);
      services.put(
          s.getName(),
          new ServiceModel(
              s,
              plan.service(s.getName()),
              List.copyOf(callers.getOrDefault(s.getName(), List.of())),
              json,
              StubConfigJson.hash(json)));
    }
    String image =
        spec.getStub() != null
                && spec.getStub().getImage() != null
                && !spec.getStub().getImage().isBlank()
            ? spec.getStub().getImage()
            : settings.stubImage();
    return new DesiredArchitecture(
        meta.getName(),
        meta.getNamespace(),
        ownerReference(resource),
        spec,
        plan,
        image,
        services,
        tracing(spec, settings.defaultOtlpEndpoint()),
        settings.scrapers());
  }

  /** spec.tracing resolved; an operator-wide endpoint applies unless tracing is turned off. */
  static Tracing tracing(SimulatedArchitectureSpec spec, String defaultEndpoint) {
    Tracing t = Defaults.tracing(spec);
    var declared = spec.getTracing();
    boolean off = declared != null && Boolean.FALSE.equals(declared.getEnabled());
    if (t.endpoint() != null || defaultEndpoint == null || off) {
      return t;
    }
    return new Tracing(true, defaultEndpoint, t.protocol(), t.sampling());
  }

  /** The controller reference of every child: garbage collection removes them with the CR. */
  static OwnerReference ownerReference(SimulatedArchitecture resource) {
    return new OwnerReferenceBuilder()
        .withApiVersion(resource.getApiVersion())
        .withKind(resource.getKind())
        .withName(resource.getMetadata().getName())
        .withUid(resource.getMetadata().getUid())
        .withController(true)
        .withBlockOwnerDeletion(true)
        .build();
  }

  public ServiceModel service(String name) {
    return services.get(name);
  }
}
