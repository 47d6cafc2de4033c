package io.simarch.operator.chaos;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.simarch.api.model.ChaosEvents;
import io.simarch.api.model.ChaosStrike;
import io.simarch.api.model.Tracing;
import io.simarch.api.v1alpha1.KillRecord;
import io.simarch.api.v1alpha1.SimulatedArchitecture;
import io.simarch.operator.OperatorMetrics;
import io.simarch.operator.architecture.ArchitectureEvents;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Carries out a strike the {@link ChaosPlanner} decided: deletes (or evicts, or in a dry run only
 * names) each target pod, and leaves behind spigo's log line, an Event on the architecture and a
 * span from {@code chaosmonkey}. Returns what really happened, for the status.
 */
public final class ChaosMonkey {
  private static final Logger log = LoggerFactory.getLogger(ChaosMonkey.class);

  /** Event reason when a PodDisruptionBudget spared a pod. */
  public static final String SPARED = "ChaosSpared";

  private final KubernetesClient client;
  private final ChaosSpans spans;
  private final Evictions evictions;
  private final Clock clock;
  private final OperatorMetrics metrics;

  public ChaosMonkey(
      KubernetesClient client, ChaosSpans spans, OperatorMetrics metrics, Clock clock) {
    this.client = client;
    this.spans = spans;
    this.metrics = metrics;
    this.evictions = new Evictions(client);
    this.clock = clock;
  }

  /** What a strike did. */
  public record Outcome(List<KillRecord> killed, String message) {}

  public Outcome strike(SimulatedArchitecture arch, ChaosPlanner.Turn turn, Tracing tracing) {
    var events = new ArchitectureEvents(client);
    String name = arch.getMetadata().getName();
    String namespace = arch.getMetadata().getNamespace();
    var killed = new ArrayList<KillRecord>();
    var spared = new ArrayList<String>();
    for (Pod pod : turn.targets()) {
      String node = ChaosPlanner.node(name, pod);
      var record = ChaosPlanner.record(pod, turn.mode(), turn.dryRun(), clock.instant());
      Map<String, String> attributes =
          ChaosEvents.attributes(
              record.getService(),
              pod.getMetadata().getName(),
              record.getRegion(),
              record.getZone(),
              turn.mode(),
              turn.dryRun());
      var span =
          spans.start(
              tracing, namespace, name, pod.getMetadata().getName(), attributes, turn.mode());
      String error = turn.dryRun() ? null : kill(pod, turn);
      span.end(error);
      if (error != null) {
        metrics.chaosSpared(arch, turn.mode());
        spared.add(pod.getMetadata().getName() + ": " + error);
        log.info(
            "chaosmonkey spared pod architecture={} namespace={} pod={} reason={}",
            name,
            namespace,
            pod.getMetadata().getName(),
            error);
        events.event(arch, "Warning", SPARED, "chaosmonkey spared " + node + ": " + error);
        continue;
      }
      // spigo's own line, then the structured one
      log.info(ChaosEvents.logLine(turn.mode(), node, turn.dryRun()));
      log.info(
          "Chaos kill architecture={} namespace={} pod={} service={} region={} zone={} mode={}"
              + " dryRun={}",
          name,
          namespace,
          pod.getMetadata().getName(),
          record.getService(),
          record.getRegion(),
          record.getZone(),
          turn.mode(),
          turn.dryRun());
      events.event(
          arch,
          "Normal",
          ChaosEvents.REASON,
          String.format(
              "%s (service %s, region %s, zone %s, mode %s%s)",
              ChaosEvents.logLine(turn.mode(), node, turn.dryRun()),
              record.getService(),
              record.getRegion(),
              record.getZone(),
              turn.mode(),
              turn.scope() == null ? "" : ", outage of " + turn.scope()));
      metrics.chaosKill(arch, turn.mode(), turn.dryRun());
      killed.add(record);
    }
    return new Outcome(killed, spared.isEmpty() ? null : "spared " + String.join("; ", spared));
  }

  /** Kills one pod; returns why it was spared, or null. */
  private String kill(Pod pod, ChaosPlanner.Turn turn) {
    boolean abrupt = ChaosStrike.abrupt(turn.mode());
    try {
      if (turn.respectPodDisruptionBudgets()) {
        return evictions.evict(pod, abrupt)
            ? null
            : "a PodDisruptionBudget forbids the eviction now";
      }
      var resource =
          client
              .pods()
              .inNamespace(pod.getMetadata().getNamespace())
              .withName(pod.getMetadata().getName());
      var deleted = abrupt ? resource.withGracePeriod(0).delete() : resource.delete();
      return deleted.isEmpty() ? "already gone" : null;
    } catch (KubernetesClientException e) {
      return "the API server refused: " + e.getCode() + " " + e.getMessage();
    }
  }
}
