package io.simarch.operator.architecture.desired;

import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.simarch.operator.Annotations;
import io.simarch.operator.Labels;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Metadata shared by every child of one service: name, labels, owner reference. */
final class ChildMetadata {
  private ChildMetadata() {}

  static ObjectMeta of(
      DesiredArchitecture arch, DesiredArchitecture.ServiceModel service, String name) {
    return of(arch, service, name, Map.of());
  }

  static ObjectMeta of(
      DesiredArchitecture arch,
      DesiredArchitecture.ServiceModel service,
      String name,
      Map<String, String> extraLabels) {
    var labels = new LinkedHashMap<>(labels(arch, service));
    labels.putAll(extraLabels);
    return new ObjectMetaBuilder()
        .withName(name)
        .withNamespace(arch.namespace())
        .withLabels(labels)
        .withAnnotations(new LinkedHashMap<>(Map.of(Annotations.SERVICE_NAME, service.name())))
        .withOwnerReferences(List.of(arch.owner()))
        .build();
  }

  static Map<String, String> labels(
      DesiredArchitecture arch, DesiredArchitecture.ServiceModel service) {
    return Labels.forService(arch.name(), service.name(), service.spec().getPackageName());
  }
}
