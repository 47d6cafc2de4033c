package io.simarch.operator.architecture;

import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.api.model.ObjectReferenceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.simarch.api.model.Problem;
import io.simarch.api.v1alpha1.SimulatedArchitecture;
import io.simarch.operator.Labels;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Kubernetes Events about an architecture (core/v1, as {@code kubectl describe} shows them). */
public final class ArchitectureEvents {
  private static final Logger log = LoggerFactory.getLogger(ArchitectureEvents.class);
  private static final int MAX_EVENTS = 20;

  private final KubernetesClient client;

  public ArchitectureEvents(KubernetesClient client) {
    this.client = client;
  }

  /** One Warning per problem (at most {@value #MAX_EVENTS}); the condition has them all. */
  public void invalidSpec(SimulatedArchitecture resource, List<Problem> problems) {
    for (Problem p : problems.subList(0, Math.min(MAX_EVENTS, problems.size()))) {
      warning(resource, ArchitectureStatusAggregator.INVALID_SPEC, p.toString());
    }
  }

  public void warning(SimulatedArchitecture resource, String reason, String message) {
    event(resource, "Warning", reason, message);
  }

  /**
   * @param type Normal or Warning
   */
  public void event(SimulatedArchitecture resource, String type, String reason, String message) {
    var meta = resource.getMetadata();
    String now = Instant.now().truncatedTo(ChronoUnit.SECONDS).toString();
    var event =
        new EventBuilder()
            .withNewMetadata()
            .withName(
                meta.getName() + "." + Long.toHexString(ThreadLocalRandom.current().nextLong()))
            .withNamespace(meta.getNamespace())
            .endMetadata()
            .withInvolvedObject(
                new ObjectReferenceBuilder()
                    .withApiVersion(resource.getApiVersion())
                    .withKind(resource.getKind())
                    .withName(meta.getName())
                    .withNamespace(meta.getNamespace())
                    .withUid(meta.getUid())
                    .withResourceVersion(meta.getResourceVersion())
                    .build())
            .withType(type)
            .withReason(reason)
            .withMessage(message)
            .withFirstTimestamp(now)
            .withLastTimestamp(now)
            .withCount(1)
            .withNewSource()
            .withComponent(Labels.OPERATOR_NAME)
            .endSource()
            .build();
    try {
      client.v1().events().inNamespace(meta.getNamespace()).resource(event).create();
    } catch (KubernetesClientException e) {
      // an event is a courtesy: the Valid condition carries the same message
      log.warn(
          "Failed to record Event architecture={} namespace={} reason={} code={}",
          meta.getName(),
          meta.getNamespace(),
          reason,
          e.getCode());
    }
  }
}
