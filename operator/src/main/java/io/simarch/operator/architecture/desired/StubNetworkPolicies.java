package io.simarch.operator.architecture.desired;

import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.LabelSelectorBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyIngressRule;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyIngressRuleBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPeerBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPort;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPortBuilder;
import io.simarch.api.model.KubeNames;
import io.simarch.api.model.StubConfig;
import io.simarch.operator.Labels;
import io.simarch.operator.MetricsScrapers;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * One NetworkPolicy per service, spigo's "isolated single purpose connections": ingress to the stub
 * port only from the pods of the services that declare this one as a dependency. A second rule
 * admits Prometheus-style scrapers, as the operator's {@link MetricsScrapers} setting names them
 * (by default any pod labelled {@value Labels#METRICS_SCRAPER}=true, in any namespace; or every pod
 * of the namespaces with given labels); /metrics shares the stub port, so such a pod could also
 * call the service, which is the price of one port. Egress stays open: callers need DNS and every
 * dependency.
 */
public final class StubNetworkPolicies {
  private StubNetworkPolicies() {}

  public static String name(String architecture, String service) {
    return KubeNames.base(architecture, service);
  }

  public static List<NetworkPolicy> desired(DesiredArchitecture arch) {
    return arch.services().values().stream().map(s -> networkPolicy(arch, s)).toList();
  }

  static NetworkPolicy networkPolicy(
      DesiredArchitecture arch, DesiredArchitecture.ServiceModel service) {
    var rules = new ArrayList<NetworkPolicyIngressRule>();
    if (!service.callers().isEmpty()) {
      rules.add(fromCallers(arch, service.callers()));
    }
    rules.add(fromScrapers(arch.scrapers()));
    return new NetworkPolicyBuilder()
        .withMetadata(ChildMetadata.of(arch, service, name(arch.name(), service.name())))
        .withNewSpec()
        .withPodSelector(
            new LabelSelectorBuilder()
                .withMatchLabels(Labels.serviceSelector(arch.name(), service.name()))
                .build())
        .withPolicyTypes("Ingress")
        .withIngress(rules)
        .endSpec()
        .build();
  }

  private static NetworkPolicyIngressRule fromCallers(
      DesiredArchitecture arch, List<String> callers) {
    var callerLabels = callers.stream().map(KubeNames::dns).distinct().sorted().toList();
    LabelSelector selector =
        new LabelSelectorBuilder()
            .withMatchLabels(Map.of(Labels.ARCHITECTURE, arch.name()))
            .addNewMatchExpression()
            .withKey(Labels.SERVICE)
            .withOperator("In")
            .withValues(callerLabels)
            .endMatchExpression()
            .build();
    return new NetworkPolicyIngressRuleBuilder()
        .withFrom(new NetworkPolicyPeerBuilder().withPodSelector(selector).build())
        .withPorts(stubPort())
        .build();
  }

  /** Both selectors in one peer: pods matching the pod labels in namespaces matching theirs. */
  private static NetworkPolicyIngressRule fromScrapers(MetricsScrapers scrapers) {
    var peer =
        new NetworkPolicyPeerBuilder()
            .withNamespaceSelector(
                new LabelSelectorBuilder()
                    .withMatchLabels(
                        scrapers.namespaceLabels().isEmpty()
                            ? null
                            : new TreeMap<>(scrapers.namespaceLabels()))
                    .build());
    if (!scrapers.podLabels().isEmpty()) {
      peer.withPodSelector(
          new LabelSelectorBuilder().withMatchLabels(new TreeMap<>(scrapers.podLabels())).build());
    }
    return new NetworkPolicyIngressRuleBuilder()
        .withFrom(peer.build())
        .withPorts(stubPort())
        .build();
  }

  private static NetworkPolicyPort stubPort() {
    return new NetworkPolicyPortBuilder()
        .withProtocol("TCP")
        .withPort(new IntOrString(StubConfig.PORT))
        .build();
  }
}
