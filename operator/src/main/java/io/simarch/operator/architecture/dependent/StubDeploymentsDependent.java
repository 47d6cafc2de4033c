package io.simarch.operator.architecture.dependent;

import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.javaoperatorsdk.operator.api.config.informer.Informer;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependent;
import io.simarch.operator.Labels;
import io.simarch.operator.architecture.desired.DesiredArchitecture;
import io.simarch.operator.architecture.desired.StubDeployments;
import java.util.List;

/** The Deployments of an architecture, as {@link StubDeployments} builds them. */
@KubernetesDependent(informer = @Informer(labelSelector = Labels.MANAGED_SELECTOR))
public class StubDeploymentsDependent extends StubBulkDependent<Deployment> {
  public static final String NAME = "deployments";

  public StubDeploymentsDependent() {
    super(Deployment.class);
  }

  @Override
  protected List<Deployment> desired(DesiredArchitecture architecture) {
    return StubDeployments.desired(architecture);
  }
}
