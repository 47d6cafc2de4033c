package io.simarch.operator.architecture.dependent;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.javaoperatorsdk.operator.api.config.informer.Informer;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependent;
import io.simarch.operator.Labels;
import io.simarch.operator.architecture.desired.DesiredArchitecture;
import io.simarch.operator.architecture.desired.StubConfigMaps;
import java.util.List;

/** The ConfigMaps of an architecture, as {@link StubConfigMaps} builds them. */
@KubernetesDependent(informer = @Informer(labelSelector = Labels.MANAGED_SELECTOR))
public class StubConfigMapsDependent extends StubBulkDependent<ConfigMap> {
  public static final String NAME = "configmaps";

  public StubConfigMapsDependent() {
    super(ConfigMap.class);
  }

  @Override
  protected List<ConfigMap> desired(DesiredArchitecture architecture) {
    return StubConfigMaps.desired(architecture);
  }
}
