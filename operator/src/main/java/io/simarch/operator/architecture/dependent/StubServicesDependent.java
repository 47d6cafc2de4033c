package io.simarch.operator.architecture.dependent;

import io.fabric8.kubernetes.api.model.Service;
import io.javaoperatorsdk.operator.api.config.informer.Informer;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependent;
import io.simarch.operator.Labels;
import io.simarch.operator.architecture.desired.DesiredArchitecture;
import io.simarch.operator.architecture.desired.StubServices;
import java.util.List;

/**
 * The Services of an architecture, as {@link StubServices} builds them. Created by a plain apply:
 * JOSDK's create-only-if-absent guard sends resourceVersion "1", which a Kubernetes 1.20 API server
 * rejects for Services with a 500 ("resourceVersion should not be set on objects to be created").
 */
@KubernetesDependent(
    createResourceOnlyIfNotExistingWithSSA = false,
    informer = @Informer(labelSelector = Labels.MANAGED_SELECTOR))
public class StubServicesDependent extends StubBulkDependent<Service> {
  public static final String NAME = "services";

  public StubServicesDependent() {
    super(Service.class);
  }

  @Override
  protected List<Service> desired(DesiredArchitecture architecture) {
    return StubServices.desired(architecture);
  }
}
