package io.simarch.operator.architecture;

import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.api.model.ObjectReferenceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.simarch.api.model.Problem;
import io.simarch.api.model.TimeoutAnalysis;
import io.simarch.api.v1alpha1.SimulatedArchitecture;
import io.simarch.api.v1alpha1.SimulatedArchitectureStatus;
import io.simarch.operator.Labels;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
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

  /**
   * One Warning per distinct timeout warning (at most {@value #MAX_EVENTS}), each named after a
   * hash of the warning and the resource's uid: a later reconcile, or a restarted operator, finds
   * the Event there and adds nothing.
   */
  public void timeoutWarnings(
      SimulatedArchitecture resource, List<TimeoutAnalysis.Warning> warnings) {
    for (var w : warnings.subList(0, Math.min(MAX_EVENTS, warnings.size()))) {
      create(
          resource,
          timeoutEventName(resource, w),
          "Warning",
          ArchitectureStatusAggregator.TIMEOUT_WARNINGS,
          w.toString());
    }
  }

  /** Whether the TimeoutBudget condition changed, so its Events may be new. */
  public static boolean timeoutBudgetChanged(
      SimulatedArchitectureStatus previous, SimulatedArchitectureStatus next) {
    return !Objects.equals(timeoutBudget(previous), timeoutBudget(next));
  }

  static String timeoutEventName(SimulatedArchitecture resource, TimeoutAnalysis.Warning w) {
    String key = resource.getMetadata().getUid() + "\n" + w.rule() + "\n" + w.message();
    try {
      byte[] hash =
          MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
      return resource.getMetadata().getName()
          + ".timeout-budget."
          + HexFormat.of().formatHex(hash, 0, 8);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JVM has SHA-256", e);
    }
  }

  private static String timeoutBudget(SimulatedArchitectureStatus s) {
    if (s == null || s.getConditions() == null) {
      return null;
    }
    return s.getConditions().stream()
        .filter(c -> ArchitectureStatusAggregator.TIMEOUT_BUDGET.equals(c.getType()))
        .map(c -> c.getStatus() + " " + c.getMessage())
        .findFirst()
        .orElse(null);
  }

  public void warning(SimulatedArchitecture resource, String reason, String message) {
    event(resource, "Warning", reason, message);
  }

  /**
   * @param type Normal or Warning
   */
  public void event(SimulatedArchitecture resource, String type, String reason, String message) {
    create(
        resource,
        resource.getMetadata().getName()
            + "."
            + Long.toHexString(ThreadLocalRandom.current().nextLong()),
        type,
        reason,
        message);
  }

  private void create(
      SimulatedArchitecture resource, String name, String type, String reason, String message) {
    var meta = resource.getMetadata();
    String now = Instant.now().truncatedTo(ChronoUnit.SECONDS).toString();
    var event =
        new EventBuilder()
            .withNewMetadata()
            .withName(name)
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
      if (e.getCode() == 409) {
        return; // a named Event already reported this
      }
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
