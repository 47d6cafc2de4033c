package io.simarch.operator.architecture.dependent;

import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.javaoperatorsdk.operator.api.config.informer.Informer;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependent;
import io.simarch.operator.Labels;
import io.simarch.operator.architecture.desired.DesiredArchitecture;
import io.simarch.operator.architecture.desired.StubNetworkPolicies;
import java.util.List;

/** The NetworkPolicys of an architecture, as {@link StubNetworkPolicies} builds them. */
@KubernetesDependent(informer = @Informer(labelSelector = Labels.MANAGED_SELECTOR))
public class StubNetworkPoliciesDependent extends StubBulkDependent<NetworkPolicy> {
  public static final String NAME = "networkpolicies";

  public StubNetworkPoliciesDependent() {
    super(NetworkPolicy.class);
  }

  @Override
  protected List<NetworkPolicy> desired(DesiredArchitecture architecture) {
    return StubNetworkPolicies.desired(architecture);
  }
}
