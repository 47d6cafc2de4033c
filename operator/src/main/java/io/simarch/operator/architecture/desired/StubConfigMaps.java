package io.simarch.operator.architecture.desired;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.simarch.api.model.KubeNames;
import java.util.List;
import java.util.Map;

/** One ConfigMap per service holding its stub configuration under {@code stub.json}. */
public final class StubConfigMaps {
  private StubConfigMaps() {}

  public static String name(String architecture, String service) {
    return KubeNames.base(architecture, service);
  }

  public static List<ConfigMap> desired(DesiredArchitecture arch) {
    return arch.services().values().stream().map(s -> configMap(arch, s)).toList();
  }

  static ConfigMap configMap(DesiredArchitecture arch, DesiredArchitecture.ServiceModel service) {
    return new ConfigMapBuilder()
        .withMetadata(ChildMetadata.of(arch, service, name(arch.name(), service.name())))
        .withData(Map.of(StubConfigJson.KEY, service.configJson()))
        .build();
  }
}
