package io.simarch.operator.architecture;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.ConditionBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.simarch.api.model.Plan;
import io.simarch.api.model.Problem;
import io.simarch.api.model.TimeoutAnalysis;
import io.simarch.api.v1alpha1.ServiceStatus;
import io.simarch.api.v1alpha1.SimulatedArchitectureStatus;
import io.simarch.operator.architecture.desired.DesiredArchitecture;
import io.simarch.operator.architecture.desired.StubDeployments;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collector;
import java.util.stream.Collectors;

/**
 * The one place the status is computed: from scratch, from a {@link StatusInput}, with no I/O. The
 * reconciler patches the result only if it differs from the status on the resource. Conditions have
 * the standard shape; a condition's lastTransitionTime changes only when its status does.
 */
public final class ArchitectureStatusAggregator {
  public static final String VALID = "Valid";
  public static final String READY = "Ready";
  public static final String PROGRESSING = "Progressing";

  /** Whether timeouts cover the retries below them ({@link TimeoutAnalysis}); never blocks. */
  public static final String TIMEOUT_BUDGET = "TimeoutBudget";

  /** Reasons, CamelCase as Kubernetes writes them. */
  public static final String SPEC_VALID = "SpecValid";

  public static final String INVALID_SPEC = "InvalidSpec";
  public static final String ALL_READY = "AllInstancesReady";
  public static final String NOT_READY = "InstancesNotReady";
  public static final String ROLLING = "Rolling";
  public static final String COMPLETE = "Complete";
  public static final String RECONCILE_FAILED = "ReconcileFailed";
  public static final String TIMEOUTS_COVER_RETRIES = "TimeoutsCoverRetries";
  public static final String TIMEOUT_WARNINGS = "TimeoutBudgetWarnings";

  private static final int LISTED = 10;

  private ArchitectureStatusAggregator() {}

  public static SimulatedArchitectureStatus aggregate(StatusInput in) {
    var previous = in.previous() == null ? new SimulatedArchitectureStatus() : in.previous();
    var status = new SimulatedArchitectureStatus();
    status.setObservedGeneration(in.generation());
    status.setChaos(in.chaos());
    var conditions = new ArrayList<Condition>();
    if (!in.problems().isEmpty() || in.desired() == null) {
      // the cluster still runs the last valid architecture: keep reporting it
      status.setServices(previous.getServices());
      status.setServiceCount(previous.getServiceCount());
      status.setDesiredInstances(previous.getDesiredInstances());
      status.setReadyInstances(previous.getReadyInstances());
      status.setInstances(previous.getInstances());
      String message = in.problems().stream().map(Problem::toString).collect(joining());
      conditions.add(condition(in, VALID, false, INVALID_SPEC, message));
      conditions.add(condition(in, READY, false, INVALID_SPEC, "the spec is invalid: see Valid"));
      conditions.add(
          condition(
              in, PROGRESSING, false, INVALID_SPEC, "nothing changes until the spec is fixed"));
      status.setConditions(conditions);
      return status;
    }

    var cells = cellsByService(in);
    var services = new ArrayList<ServiceStatus>();
    var notReady = new ArrayList<String>();
    int desiredTotal = 0;
    int readyTotal = 0;
    int rolling = 0;
    for (var service : in.desired().services().values()) {
      int desired = 0;
      int ready = 0;
      for (Cell cell : cells.getOrDefault(service.name(), List.of())) {
        desired += cell.desired();
        ready += cell.ready();
        rolling += cell.complete() ? 0 : 1;
      }
      services.add(new ServiceStatus(service.name(), desired, ready));
      if (ready < desired) {
        notReady.add(service.name() + " " + ready + "/" + desired);
      }
      desiredTotal += desired;
      readyTotal += ready;
    }
    status.setServices(services);
    status.setServiceCount(services.size());
    status.setDesiredInstances(desiredTotal);
    status.setReadyInstances(readyTotal);
    status.setInstances(readyTotal + "/" + desiredTotal);

    conditions.add(
        condition(
            in,
            VALID,
            true,
            SPEC_VALID,
            services.size() + " services, " + desiredTotal + " instances planned"));
    if (!in.errors().isEmpty()) {
      String message = in.errors().stream().collect(joining());
      conditions.add(condition(in, READY, false, RECONCILE_FAILED, message));
      conditions.add(condition(in, PROGRESSING, false, RECONCILE_FAILED, message));
    } else {
      boolean ready = notReady.isEmpty() && rolling == 0;
      conditions.add(
          ready
              ? condition(in, READY, true, ALL_READY, readyTotal + " instances ready")
              : condition(
                  in,
                  READY,
                  false,
                  NOT_READY,
                  readyTotal + "/" + desiredTotal + " instances ready" + list(notReady)));
      int cellCount = cells.values().stream().mapToInt(List::size).sum();
      conditions.add(
          rolling > 0
              ? condition(
                  in,
                  PROGRESSING,
                  true,
                  ROLLING,
                  rolling + " of " + cellCount + " Deployments not yet rolled out")
              : condition(in, PROGRESSING, false, COMPLETE, cellCount + " Deployments rolled out"));
    }
    var warnings = timeoutWarnings(in.desired());
    conditions.add(
        warnings.isEmpty()
            ? condition(
                in, TIMEOUT_BUDGET, true, TIMEOUTS_COVER_RETRIES, "no timeout or retry warnings")
            : condition(
                in,
                TIMEOUT_BUDGET,
                false,
                TIMEOUT_WARNINGS,
                warnings.size()
                    + (warnings.size() == 1 ? " warning: " : " warnings: ")
                    + warnings.subList(0, Math.min(LISTED, warnings.size())).stream()
                        .map(TimeoutAnalysis.Warning::toString)
                        .collect(joining())
                    + (warnings.size() > LISTED ? "; …" : "")));
    status.setConditions(conditions);
    return status;
  }

  /** Whether the status says every instance is ready and every Deployment rolled out. */
  public static boolean isReady(SimulatedArchitectureStatus status) {
    return status.getConditions() != null
        && status.getConditions().stream()
            .anyMatch(c -> READY.equals(c.getType()) && "True".equals(c.getStatus()));
  }

  /**
   * The analysis of the spec: the TimeoutBudget condition and its Events read it. A reconcile asks
   * several times for the same desired state; the last answer is kept for it.
   */
  public static List<TimeoutAnalysis.Warning> timeoutWarnings(DesiredArchitecture desired) {
    var last = lastWarnings;
    if (last != null && last.desired() == desired) {
      return last.warnings();
    }
    var warnings =
        TimeoutAnalysis.analyze(desired.plan(), desired.spec(), TimeoutAnalysis.MAX_AMPLIFICATION)
            .warnings();
    lastWarnings = new Analysed(desired, warnings);
    return warnings;
  }

  private record Analysed(DesiredArchitecture desired, List<TimeoutAnalysis.Warning> warnings) {}

  private static volatile Analysed lastWarnings;

  /** A desired cell and what its Deployment reports. */
  private record Cell(int desired, int ready, boolean complete) {}

  private static Map<String, List<Cell>> cellsByService(StatusInput in) {
    Map<String, Deployment> byName = new HashMap<>();
    for (Deployment d : in.deployments()) {
      byName.put(d.getMetadata().getName(), d);
    }
    Map<String, List<Cell>> out = new HashMap<>();
    for (Plan.Cell cell : in.desired().plan().cells()) {
      int desired = cell.instances().size();
      Deployment d = byName.get(StubDeployments.name(in.desired().name(), cell));
      out.computeIfAbsent(cell.service(), k -> new ArrayList<>()).add(observe(d, desired));
    }
    return out;
  }

  /** Complete as {@code kubectl rollout status} means it, for the replica count we want. */
  private static Cell observe(Deployment d, int desired) {
    if (d == null || d.getStatus() == null) {
      return new Cell(desired, 0, false);
    }
    var s = d.getStatus();
    int ready = Math.min(orZero(s.getReadyReplicas()), desired);
    boolean observed =
        d.getMetadata().getGeneration() == null
            || s.getObservedGeneration() != null
                && s.getObservedGeneration() >= d.getMetadata().getGeneration();
    boolean complete =
        observed
            && Objects.equals(d.getSpec().getReplicas(), desired)
            && orZero(s.getUpdatedReplicas()) == desired
            && orZero(s.getReplicas()) == desired
            && orZero(s.getAvailableReplicas()) == desired;
    return new Cell(desired, ready, complete);
  }

  private static Condition condition(
      StatusInput in, String type, boolean status, String reason, String message) {
    String value = status ? "True" : "False";
    String since = in.now().truncatedTo(ChronoUnit.SECONDS).toString();
    if (in.previous() != null && in.previous().getConditions() != null) {
      for (Condition c : in.previous().getConditions()) {
        if (type.equals(c.getType()) && value.equals(c.getStatus())) {
          since = c.getLastTransitionTime();
        }
      }
    }
    return new ConditionBuilder()
        .withType(type)
        .withStatus(value)
        .withReason(reason)
        .withMessage(message)
        .withObservedGeneration(in.generation())
        .withLastTransitionTime(since)
        .build();
  }

  private static String list(List<String> items) {
    if (items.isEmpty()) {
      return "";
    }
    String shown = String.join(", ", items.subList(0, Math.min(LISTED, items.size())));
    return "; not ready: " + shown + (items.size() > LISTED ? ", …" : "");
  }

  private static Collector<CharSequence, ?, String> joining() {
    return Collectors.joining("; ");
  }

  private static int orZero(Integer i) {
    return i == null ? 0 : i;
  }
}
