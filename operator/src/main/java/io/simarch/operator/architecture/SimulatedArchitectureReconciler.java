package io.simarch.operator.architecture;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.javaoperatorsdk.operator.api.config.informer.Informer;
import io.javaoperatorsdk.operator.api.config.informer.InformerEventSourceConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.api.reconciler.PrimaryUpdateAndCacheUtils;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.api.reconciler.Workflow;
import io.javaoperatorsdk.operator.api.reconciler.dependent.Dependent;
import io.javaoperatorsdk.operator.processing.dependent.workflow.WorkflowReconcileResult;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import io.simarch.api.model.ArchitectureValidator;
import io.simarch.api.model.Problem;
import io.simarch.api.v1alpha1.ChaosStatus;
import io.simarch.api.v1alpha1.SimulatedArchitecture;
import io.simarch.api.v1alpha1.SimulatedArchitectureStatus;
import io.simarch.operator.Labels;
import io.simarch.operator.OperatorMetrics;
import io.simarch.operator.OperatorSettings;
import io.simarch.operator.architecture.dependent.StubBulkDependent;
import io.simarch.operator.architecture.dependent.StubConfigMapsDependent;
import io.simarch.operator.architecture.dependent.StubDeploymentsDependent;
import io.simarch.operator.architecture.dependent.StubNetworkPoliciesDependent;
import io.simarch.operator.architecture.dependent.StubServicesDependent;
import io.simarch.operator.architecture.desired.DesiredArchitecture;
import io.simarch.operator.chaos.ChaosMonkey;
import io.simarch.operator.chaos.ChaosPlanner;
import io.simarch.operator.chaos.ChaosSpans;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns a SimulatedArchitecture into stub-service ConfigMaps, Deployments, Services and
 * NetworkPolicies, and lets its chaos monkey loose on them. Each reconcile: validate (an invalid
 * spec changes nothing in the cluster and kills nothing), run the dependents' workflow, take the
 * chaos monkey's turn, then write the status once, if it changed.
 */
@ControllerConfiguration(name = SimulatedArchitectureReconciler.NAME, informer = @Informer)
// handleExceptionsInReconciler: a failed dependent comes back in the workflow's result instead of
// an exception thrown past reconcile(), so the status says what failed, the retry is ours and the
// chaos monkey keeps its turn
@Workflow(
    explicitInvocation = true,
    handleExceptionsInReconciler = true,
    dependents = {
      @Dependent(name = StubConfigMapsDependent.NAME, type = StubConfigMapsDependent.class),
      @Dependent(
          name = StubDeploymentsDependent.NAME,
          type = StubDeploymentsDependent.class,
          dependsOn = StubConfigMapsDependent.NAME),
      @Dependent(name = StubServicesDependent.NAME, type = StubServicesDependent.class),
      @Dependent(
          name = StubNetworkPoliciesDependent.NAME,
          type = StubNetworkPoliciesDependent.class,
          reconcilePrecondition = NetworkPoliciesEnabled.class)
    })
public class SimulatedArchitectureReconciler implements Reconciler<SimulatedArchitecture> {
  public static final String NAME = "simulatedarchitecture";

  /** The informer on the architectures' stub pods, for the chaos monkey. */
  public static final String PODS = "stub-pods";

  /** A failed dependent is retried after this, with the status already saying what failed. */
  static final Duration RETRY_AFTER = Duration.ofSeconds(10);

  private static final Logger log = LoggerFactory.getLogger(SimulatedArchitectureReconciler.class);

  private final OperatorSettings settings;
  private final Clock clock;
  private final ChaosSpans chaosSpans;
  private final OperatorMetrics metrics;

  public SimulatedArchitectureReconciler(OperatorSettings settings, ChaosSpans chaosSpans) {
    this(settings, chaosSpans, new OperatorMetrics());
  }

  public SimulatedArchitectureReconciler(
      OperatorSettings settings, ChaosSpans chaosSpans, OperatorMetrics metrics) {
    this(settings, Clock.systemUTC(), chaosSpans, metrics);
  }

  public SimulatedArchitectureReconciler(
      OperatorSettings settings, Clock clock, ChaosSpans chaosSpans) {
    this(settings, clock, chaosSpans, new OperatorMetrics());
  }

  public SimulatedArchitectureReconciler(
      OperatorSettings settings, Clock clock, ChaosSpans chaosSpans, OperatorMetrics metrics) {
    this.settings = settings;
    this.clock = clock;
    this.chaosSpans = chaosSpans;
    this.metrics = metrics;
  }

  @Override
  public List<EventSource<?, SimulatedArchitecture>> prepareEventSources(
      EventSourceContext<SimulatedArchitecture> context) {
    // stub pods are owned by ReplicaSets, not by the architecture: map them back by label
    var pods =
        InformerEventSourceConfiguration.from(Pod.class, SimulatedArchitecture.class)
            .withName(PODS)
            .withLabelSelector(Labels.MANAGED_SELECTOR)
            .withSecondaryToPrimaryMapper(
                pod -> {
                  var labels = pod.getMetadata().getLabels();
                  String arch = labels == null ? null : labels.get(Labels.ARCHITECTURE);
                  return arch == null
                      ? Set.of()
                      : Set.of(new ResourceID(arch, pod.getMetadata().getNamespace()));
                })
            // only what changes a chaos decision: a pod running, or going away
            .withOnUpdateFilter(
                (now, before) ->
                    !Objects.equals(phase(now), phase(before))
                        || !Objects.equals(
                            now.getMetadata().getDeletionTimestamp(),
                            before.getMetadata().getDeletionTimestamp()))
            .build();
    return List.of(new InformerEventSource<>(pods, context));
  }

  @Override
  public UpdateControl<SimulatedArchitecture> reconcile(
      SimulatedArchitecture resource, Context<SimulatedArchitecture> context) {
    // without a finalizer a deletion calls nothing here: the tracer providers of deleted
    // architectures go at the next reconcile of any architecture
    chaosSpans.retainOnly(context.getPrimaryCache().keys().toList());
    List<Problem> problems = ArchitectureValidator.validate(resource);
    if (!problems.isEmpty()) {
      return rejectInvalid(resource, problems, context);
    }
    var desired = DesiredArchitecture.of(resource, settings);
    context.managedWorkflowAndDependentResourceContext().put(StubBulkDependent.DESIRED, desired);
    WorkflowReconcileResult result =
        context.managedWorkflowAndDependentResourceContext().reconcileManagedWorkflow();
    List<String> errors = errors(result);
    var input =
        new StatusInput(
            generation(resource),
            resource.getStatus(),
            List.of(),
            desired,
            context.getSecondaryResources(Deployment.class),
            errors,
            previousChaos(resource),
            clock.instant());
    var chaos = chaos(resource, desired, ArchitectureStatusAggregator.aggregate(input), context);
    var status =
        ArchitectureStatusAggregator.aggregate(
            input.withChaos(chaos == null ? null : chaos.status()));
    boolean changed = !status.equals(resource.getStatus());
    if (ArchitectureEvents.timeoutBudgetChanged(resource.getStatus(), status)) {
      new ArchitectureEvents(context.getClient())
          .timeoutWarnings(resource, ArchitectureStatusAggregator.timeoutWarnings(desired));
    }
    var control = patchStatusIfChanged(resource, status, context);
    metrics.status(resource, status);
    if (changed) {
      log.info(
          "Reconciled SimulatedArchitecture architecture={} namespace={} generation={}"
              + " services={} instances={}",
          resource.getMetadata().getName(),
          resource.getMetadata().getNamespace(),
          generation(resource),
          status.getServiceCount(),
          status.getInstances());
    }
    if (!errors.isEmpty()) {
      log.warn(
          "Failed to reconcile SimulatedArchitecture architecture={} namespace={} errors={}",
          resource.getMetadata().getName(),
          resource.getMetadata().getNamespace(),
          errors);
      control.rescheduleAfter(RETRY_AFTER);
    } else if (chaos != null && chaos.requeue().isPresent()) {
      control.rescheduleAfter(chaos.requeue().get());
    }
    return control;
  }

  /** What the chaos monkey's turn leaves for the status, and when it wants to act again. */
  private record ChaosResult(ChaosStatus status, Optional<Duration> requeue) {}

  /**
   * The chaos monkey's turn: plan from the status and the pods, strike if a kill is due. The clock
   * starts only once the architecture is Ready; after that the monkey keeps its schedule even while
   * a dependent fails to reconcile, as spigo's kept it whatever the system did.
   */
  private ChaosResult chaos(
      SimulatedArchitecture resource,
      DesiredArchitecture desired,
      SimulatedArchitectureStatus beforeChaos,
      Context<SimulatedArchitecture> context) {
    var turn =
        ChaosPlanner.plan(
            new ChaosPlanner.Input(
                resource.getMetadata().getNamespace(),
                resource.getMetadata().getName(),
                resource.getSpec(),
                previousChaos(resource),
                ArchitectureStatusAggregator.isReady(beforeChaos),
                context.getSecondaryResources(Pod.class),
                clock.instant()));
    if (turn == null) {
      return null;
    }
    if (turn.targets().isEmpty()) {
      return new ChaosResult(turn.status(), turn.requeue());
    }
    var outcome =
        new ChaosMonkey(context.getClient(), chaosSpans, metrics, clock)
            .strike(resource, turn, desired.tracing());
    return new ChaosResult(
        turn.settle(outcome.killed(), outcome.message()), turn.requeueAfter(outcome.killed()));
  }

  private static ChaosStatus previousChaos(SimulatedArchitecture resource) {
    return resource.getStatus() == null ? null : resource.getStatus().getChaos();
  }

  private static String phase(Pod pod) {
    return pod.getStatus() == null ? null : pod.getStatus().getPhase();
  }

  private UpdateControl<SimulatedArchitecture> rejectInvalid(
      SimulatedArchitecture resource,
      List<Problem> problems,
      Context<SimulatedArchitecture> context) {
    var status =
        ArchitectureStatusAggregator.aggregate(
            new StatusInput(
                generation(resource),
                resource.getStatus(),
                problems,
                null,
                List.of(),
                List.of(),
                previousChaos(resource),
                clock.instant()));
    if (!sameValidMessage(resource.getStatus(), status)) {
      log.info(
          "Rejected invalid SimulatedArchitecture architecture={} namespace={} generation={}"
              + " problems={}",
          resource.getMetadata().getName(),
          resource.getMetadata().getNamespace(),
          generation(resource),
          problems.size());
      new ArchitectureEvents(context.getClient()).invalidSpec(resource, problems);
    }
    metrics.status(resource, status);
    return patchStatusIfChanged(resource, status, context);
  }

  /**
   * The one status write: a fresh object holding only the status (a minimal intent), patched on the
   * status subresource and put into the framework's cache. The status is the chaos monkey's memory
   * (kills so far, the next kill), so the next reconcile must see this write, not an older copy the
   * informer still holds: that would kill twice.
   */
  private static UpdateControl<SimulatedArchitecture> patchStatusIfChanged(
      SimulatedArchitecture resource,
      SimulatedArchitectureStatus status,
      Context<SimulatedArchitecture> context) {
    if (status.equals(resource.getStatus())) {
      return UpdateControl.noUpdate();
    }
    var patch = new SimulatedArchitecture();
    patch.getMetadata().setName(resource.getMetadata().getName());
    patch.getMetadata().setNamespace(resource.getMetadata().getNamespace());
    patch.setStatus(status);
    PrimaryUpdateAndCacheUtils.ssaPatchStatusAndCacheResource(resource, patch, context);
    return UpdateControl.noUpdate();
  }

  /** Events only when the problems differ from those already reported. */
  private static boolean sameValidMessage(
      SimulatedArchitectureStatus previous, SimulatedArchitectureStatus next) {
    return previous != null
        && Objects.equals(
            validCondition(previous).map(Condition::getMessage),
            validCondition(next).map(Condition::getMessage))
        && validCondition(previous).map(Condition::getStatus).orElse("").equals("False");
  }

  private static Optional<Condition> validCondition(SimulatedArchitectureStatus s) {
    return s.getConditions() == null
        ? Optional.empty()
        : s.getConditions().stream()
            .filter(c -> ArchitectureStatusAggregator.VALID.equals(c.getType()))
            .findFirst();
  }

  private static List<String> errors(WorkflowReconcileResult result) {
    return result.getErroredDependents().entrySet().stream()
        .map(e -> e.getKey().name() + ": " + rootMessage(e.getValue()))
        .sorted()
        .toList();
  }

  /** The API server's own message where there is one (e.g. "... exceeded quota: ..."). */
  static String rootMessage(Throwable t) {
    while (t.getCause() != null && t.getCause() != t) {
      if (t instanceof KubernetesClientException) {
        break;
      }
      t = t.getCause();
    }
    if (t instanceof KubernetesClientException k
        && k.getStatus() != null
        && k.getStatus().getMessage() != null) {
      return "HTTP " + k.getCode() + ": " + k.getStatus().getMessage();
    }
    return t.getClass().getSimpleName() + ": " + t.getMessage();
  }

  private static long generation(SimulatedArchitecture resource) {
    Long g = resource.getMetadata().getGeneration();
    return g == null ? 0 : g;
  }
}
