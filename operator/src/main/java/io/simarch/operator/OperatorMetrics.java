package io.simarch.operator;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.javaoperatorsdk.operator.api.monitoring.Metrics;
import io.javaoperatorsdk.operator.api.reconciler.RetryInfo;
import io.javaoperatorsdk.operator.monitoring.micrometer.MicrometerMetrics;
import io.javaoperatorsdk.operator.processing.Controller;
import io.javaoperatorsdk.operator.processing.event.Event;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.controller.ResourceAction;
import io.javaoperatorsdk.operator.processing.event.source.controller.ResourceEvent;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.simarch.api.v1alpha1.SimulatedArchitecture;
import io.simarch.api.v1alpha1.SimulatedArchitectureStatus;
import io.simarch.operator.architecture.ArchitectureStatusAggregator;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

/**
 * The operator's own metrics, served in the Prometheus format on the health port's {@code
 * /metrics}: JOSDK's (reconciliations started, succeeded, failed, their duration, events, the
 * queue; Micrometer names them {@code operator_sdk_*}) and simarch's:
 *
 * <ul>
 *   <li>{@code simarch_chaos_kills_total{namespace,architecture,mode,dry_run}}: pods the chaos
 *       monkey killed (or, in a dry run, chose);
 *   <li>{@code simarch_chaos_spared_total{namespace,architecture,mode}}: pods it chose but was not
 *       allowed to kill (the {@code ChaosSpared} event: a PodDisruptionBudget, the API server);
 *   <li>{@code simarch_architectures{ready,state}}: architectures by their Ready condition and its
 *       reason ({@code AllInstancesReady}, {@code InstancesNotReady}, {@code InvalidSpec}, {@code
 *       ReconcileFailed}).
 * </ul>
 *
 * <p>One Micrometer registry over Prometheus client_java 1.x, the library the stubs use.
 */
public final class OperatorMetrics {
  static final String KILLS = "simarch.chaos.kills";
  static final String SPARED = "simarch.chaos.spared";
  static final String ARCHITECTURES = "simarch.architectures";

  private final PrometheusMeterRegistry registry =
      new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  private final Metrics josdk;
  // by uid: a reconcile that started before its architecture was deleted may report a status
  // after the delete event, and must not bring it back; a same-named successor has a new uid
  private final Map<String, State> states = new ConcurrentHashMap<>();
  private final Set<String> deleted =
      Collections.newSetFromMap(
          new LinkedHashMap<>() {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
              return size() > 10_000;
            }
          });
  private final MultiGauge architectures;

  /** An architecture's Ready condition: whether it holds and why. */
  private record State(String ready, String state) {}

  public OperatorMetrics() {
    this.josdk = new Forgetting(MicrometerMetrics.withoutPerResourceMetrics(registry));
    this.architectures =
        MultiGauge.builder(ARCHITECTURES)
            .description("Architectures by their Ready condition and its reason.")
            .register(registry);
  }

  /** For JOSDK's {@code ConfigurationServiceOverrider.withMetrics}. */
  public Metrics josdk() {
    return josdk;
  }

  /** The Prometheus text exposition of every meter. */
  public String scrape() {
    return registry.scrape();
  }

  /** The chaos monkey killed (or, dry, chose) one pod. */
  public void chaosKill(SimulatedArchitecture arch, String mode, boolean dryRun) {
    Counter.builder(KILLS)
        .description("Pods the chaos monkey killed, or chose in a dry run.")
        .tags(archTags(arch).and("mode", mode, "dry_run", Boolean.toString(dryRun)))
        .register(registry)
        .increment();
  }

  /** The chaos monkey chose a pod but was not allowed to kill it. */
  public void chaosSpared(SimulatedArchitecture arch, String mode) {
    Counter.builder(SPARED)
        .description("Pods the chaos monkey chose but was not allowed to kill.")
        .tags(archTags(arch).and("mode", mode))
        .register(registry)
        .increment();
  }

  /** The status a reconcile wrote (or kept) for an architecture. */
  public synchronized void status(SimulatedArchitecture arch, SimulatedArchitectureStatus status) {
    var ready =
        status == null
            ? null
            : status.getConditions().stream()
                .filter(c -> ArchitectureStatusAggregator.READY.equals(c.getType()))
                .findFirst()
                .orElse(null);
    var state =
        ready == null
            ? new State("Unknown", "Unknown")
            : new State(ready.getStatus(), Objects.toString(ready.getReason(), "Unknown"));
    String uid = arch.getMetadata().getUid();
    if (uid == null || deleted.contains(uid)) {
      return;
    }
    if (!state.equals(states.put(uid, state))) {
      publishStates();
    }
  }

  private synchronized void publishStates() {
    Map<State, Long> counts =
        states.values().stream().collect(Collectors.groupingBy(s -> s, Collectors.counting()));
    architectures.register(
        counts.entrySet().stream()
            .map(
                e ->
                    MultiGauge.Row.of(
                        Tags.of("ready", e.getKey().ready(), "state", e.getKey().state()),
                        e.getValue()))
            .collect(Collectors.toList()),
        true);
  }

  private synchronized void forget(String uid) {
    deleted.add(uid);
    if (states.remove(uid) != null) {
      publishStates();
    }
  }

  private static Tags archTags(SimulatedArchitecture arch) {
    return Tags.of(
        "namespace",
        Objects.toString(arch.getMetadata().getNamespace(), ""),
        "architecture",
        arch.getMetadata().getName());
  }

  /** JOSDK's Micrometer metrics, and an architecture leaves the state gauge once deleted. */
  private final class Forgetting implements Metrics {
    private final Metrics delegate;

    Forgetting(Metrics delegate) {
      this.delegate = delegate;
    }

    @Override
    public void controllerRegistered(Controller<? extends HasMetadata> controller) {
      delegate.controllerRegistered(controller);
    }

    @Override
    public void receivedEvent(Event event, Map<String, Object> metadata) {
      delegate.receivedEvent(event, metadata);
      // without a finalizer JOSDK has no cleanup to report for a deleted primary: its delete
      // event is the last word on it
      if (event instanceof ResourceEvent e && e.getAction() == ResourceAction.DELETED) {
        e.getResource().map(r -> r.getMetadata().getUid()).ifPresent(uid -> forget(uid));
      }
    }

    @Override
    public void reconcileCustomResource(
        HasMetadata resource, RetryInfo retryInfo, Map<String, Object> metadata) {
      delegate.reconcileCustomResource(resource, retryInfo, metadata);
    }

    @Override
    public void failedReconciliation(
        HasMetadata resource, Exception exception, Map<String, Object> metadata) {
      delegate.failedReconciliation(resource, exception, metadata);
    }

    @Override
    public void reconciliationExecutionStarted(HasMetadata resource, Map<String, Object> metadata) {
      delegate.reconciliationExecutionStarted(resource, metadata);
    }

    @Override
    public void reconciliationExecutionFinished(
        HasMetadata resource, Map<String, Object> metadata) {
      delegate.reconciliationExecutionFinished(resource, metadata);
    }

    @Override
    public void cleanupDoneFor(ResourceID id, Map<String, Object> metadata) {
      delegate.cleanupDoneFor(id, metadata);
    }

    @Override
    public void finishedReconciliation(HasMetadata resource, Map<String, Object> metadata) {
      delegate.finishedReconciliation(resource, metadata);
    }

    @Override
    public <T> T timeControllerExecution(ControllerExecution<T> execution) throws Exception {
      return delegate.timeControllerExecution(execution);
    }

    @Override
    public <T extends Map<?, ?>> T monitorSizeOf(T map, String name) {
      return delegate.monitorSizeOf(map, name);
    }
  }
}
