package io.simarch.operator.architecture;

import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.simarch.api.model.Problem;
import io.simarch.api.v1alpha1.ChaosStatus;
import io.simarch.api.v1alpha1.SimulatedArchitectureStatus;
import io.simarch.operator.architecture.desired.DesiredArchitecture;
import java.time.Instant;
import java.util.Collection;
import java.util.List;

/**
 * Everything the status is computed from, gathered by the reconciler.
 *
 * @param generation metadata.generation of the architecture
 * @param previous the status now on the resource (for transition times); may be null
 * @param problems the validator's findings; non-empty means nothing was reconciled
 * @param desired the desired state; null when the spec is invalid
 * @param deployments the Deployments the architecture owns, as the informer sees them
 * @param errors one line per dependent that failed in this reconcile
 * @param chaos the chaos controller's record; null when the architecture names no victim (an
 *     invalid spec keeps the previous record)
 */
public record StatusInput(
    long generation,
    SimulatedArchitectureStatus previous,
    List<Problem> problems,
    DesiredArchitecture desired,
    Collection<Deployment> deployments,
    List<String> errors,
    ChaosStatus chaos,
    Instant now) {

  public StatusInput withChaos(ChaosStatus chaos) {
    return new StatusInput(
        generation, previous, problems, desired, deployments, errors, chaos, now);
  }
}
