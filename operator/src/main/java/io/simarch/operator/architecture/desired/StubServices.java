package io.simarch.operator.architecture.desired;

import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.ServicePortBuilder;
import io.simarch.api.model.KubeNames;
import io.simarch.api.model.StubConfig;
import io.simarch.operator.Labels;
import java.util.ArrayList;
import java.util.List;

/**
 * A headless Service per service, the DNS name its callers resolve to every ready instance; and a
 * ClusterIP Service for the root, the one stable address worth giving a person or a tool.
 */
public final class StubServices {
  public static final String PORT_NAME = "http";

  private StubServices() {}

  public static List<Service> desired(DesiredArchitecture arch) {
    var out = new ArrayList<Service>();
    for (var s : arch.services().values()) {
      out.add(headless(arch, s));
      if (s.name().equals(arch.plan().root())) {
        out.add(clusterIp(arch, s));
      }
    }
    return out;
  }

  static Service headless(DesiredArchitecture arch, DesiredArchitecture.ServiceModel service) {
    return new ServiceBuilder()
        .withMetadata(
            ChildMetadata.of(arch, service, KubeNames.headless(arch.name(), service.name())))
        .withNewSpec()
        .withClusterIP("None")
        .withSelector(Labels.serviceSelector(arch.name(), service.name()))
        .withPorts(port())
        .endSpec()
        .build();
  }

  static Service clusterIp(DesiredArchitecture arch, DesiredArchitecture.ServiceModel service) {
    return new ServiceBuilder()
        .withMetadata(ChildMetadata.of(arch, service, KubeNames.base(arch.name(), service.name())))
        .withNewSpec()
        .withType("ClusterIP")
        .withSelector(Labels.serviceSelector(arch.name(), service.name()))
        .withPorts(port())
        .endSpec()
        .build();
  }

  private static ServicePort port() {
    return new ServicePortBuilder()
        .withName(PORT_NAME)
        .withProtocol("TCP")
        .withPort(StubConfig.PORT)
        .withTargetPort(new IntOrString(PORT_NAME))
        .build();
  }
}
