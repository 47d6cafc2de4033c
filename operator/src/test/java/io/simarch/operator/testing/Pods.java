package io.simarch.operator.testing;

import io.fabric8.kubernetes.api.model.PodBuilder;
import io.simarch.api.model.KubeNames;
import io.simarch.operator.Labels;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/** Stub pods as the operator's Deployments make them, for chaos tests. */
public final class Pods {
  private Pods() {}

  /** A Running stub pod of {@code service} in a cell, owned by the cell's ReplicaSet. */
  public static PodBuilder stub(
      String namespace,
      String architecture,
      String service,
      String region,
      String zone,
      String name,
      Instant created) {
    Map<String, String> labels =
        new LinkedHashMap<>(Labels.forService(architecture, service, "monolith"));
    labels.put(Labels.REGION, region);
    labels.put(Labels.ZONE, zone);
    return new PodBuilder()
        .withNewMetadata()
        .withName(name)
        .withNamespace(namespace)
        .withLabels(labels)
        .withCreationTimestamp(created.toString())
        .addNewOwnerReference()
        .withApiVersion("apps/v1")
        .withKind("ReplicaSet")
        .withName(KubeNames.base(architecture, service) + "-" + region + "-" + zone + "-5d9c")
        .withUid(architecture + "/" + service + "/" + region + "/" + zone)
        .withController(true)
        .endOwnerReference()
        .endMetadata()
        .withNewStatus()
        .withPhase("Running")
        .endStatus();
  }
}
