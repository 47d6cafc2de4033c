package io.simarch.operator.architecture;

import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.dependent.DependentResource;
import io.javaoperatorsdk.operator.processing.dependent.workflow.Condition;
import io.simarch.api.v1alpha1.SimulatedArchitecture;

/**
 * Reconcile precondition of the NetworkPolicies: on unless {@code spec.stub.networkPolicies} is
 * false. When it turns false the workflow deletes the policies it made.
 */
public class NetworkPoliciesEnabled implements Condition<NetworkPolicy, SimulatedArchitecture> {
  @Override
  public boolean isMet(
      DependentResource<NetworkPolicy, SimulatedArchitecture> dependentResource,
      SimulatedArchitecture primary,
      Context<SimulatedArchitecture> context) {
    return enabled(primary);
  }

  public static boolean enabled(SimulatedArchitecture primary) {
    var stub = primary.getSpec() == null ? null : primary.getSpec().getStub();
    return stub == null || !Boolean.FALSE.equals(stub.getNetworkPolicies());
  }
}
