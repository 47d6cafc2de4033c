package io.simarch.operator.architecture;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.javaoperatorsdk.operator.api.config.informer.Informer;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.api.reconciler.Workflow;
import io.javaoperatorsdk.operator.api.reconciler.dependent.Dependent;
import io.javaoperatorsdk.operator.processing.dependent.workflow.WorkflowReconcileResult;
import io.simarch.api.model.ArchitectureValidator;
import io.simarch.api.model.Problem;
import io.simarch.api.v1alpha1.SimulatedArchitecture;
import io.simarch.api.v1alpha1.SimulatedArchitectureStatus;
import io.simarch.operator.OperatorSettings;
import io.simarch.operator.architecture.dependent.StubBulkDependent;
import io.simarch.operator.architecture.dependent.StubConfigMapsDependent;
import io.simarch.operator.architecture.dependent.StubDeploymentsDependent;
import io.simarch.operator.architecture.dependent.StubNetworkPoliciesDependent;
import io.simarch.operator.architecture.dependent.StubServicesDependent;
import io.simarch.operator.architecture.desired.DesiredArchitecture;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns a SimulatedArchitecture into stub-service ConfigMaps, Deployments, Services and
 * NetworkPolicies. Each reconcile: validate (an invalid spec changes nothing in the cluster), run
 * the dependents' workflow, then write the status once, if it changed.
 */
@ControllerConfiguration(name = SimulatedArchitectureReconciler.NAME, informer = @Informer)
@Workflow(
    explicitInvocation = true,
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

  /** A failed dependent is retried after this, with the status already saying what failed. */
  static final Duration RETRY_AFTER = Duration.ofSeconds(10);

  private static final Logger log = LoggerFactory.getLogger(SimulatedArchitectureReconciler.class);

  private final OperatorSettings settings;
  private final Clock clock;

  public SimulatedArchitectureReconciler(OperatorSettings settings) {
    this(settings, Clock.systemUTC());
  }

  public SimulatedArchitectureReconciler(OperatorSettings settings, Clock clock) {
    this.settings = settings;
    this.clock = clock;
  }

  @Override
  public UpdateControl<SimulatedArchitecture> reconcile(
      SimulatedArchitecture resource, Context<SimulatedArchitecture> context) {
    List<Problem> problems = ArchitectureValidator.validate(resource);
    if (!problems.isEmpty()) {
      return rejectInvalid(resource, problems, context);
    }
    var desired = DesiredArchitecture.of(resource, settings);
    context.managedWorkflowAndDependentResourceContext().put(StubBulkDependent.DESIRED, desired);
    WorkflowReconcileResult result =
        context.managedWorkflowAndDependentResourceContext().reconcileManagedWorkflow();
    List<String> errors = errors(result);
    var status =
        ArchitectureStatusAggregator.aggregate(
            new StatusInput(
                generation(resource),
                resource.getStatus(),
                List.of(),
                desired,
                context.getSecondaryResources(Deployment.class),
                errors,
                null,
                clock.instant()));
    var control = patchStatusIfChanged(resource, status);
    if (control.isPatchStatus()) {
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
    }
    return control;
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
                null,
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
    return patchStatusIfChanged(resource, status);
  }

  /** Patch the status subresource with a fresh object holding only the status: a minimal intent. */
  private static UpdateControl<SimulatedArchitecture> patchStatusIfChanged(
      SimulatedArchitecture resource, SimulatedArchitectureStatus status) {
    if (status.equals(resource.getStatus())) {
      return UpdateControl.noUpdate();
    }
    var patch = new SimulatedArchitecture();
    patch.getMetadata().setName(resource.getMetadata().getName());
    patch.getMetadata().setNamespace(resource.getMetadata().getNamespace());
    patch.setStatus(status);
    return UpdateControl.patchStatus(patch);
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

  private static String rootMessage(Throwable t) {
    while (t.getCause() != null && t.getCause() != t) {
      t = t.getCause();
    }
    return t.getClass().getSimpleName() + ": " + t.getMessage();
  }

  private static long generation(SimulatedArchitecture resource) {
    Long g = resource.getMetadata().getGeneration();
    return g == null ? 0 : g;
  }
}
