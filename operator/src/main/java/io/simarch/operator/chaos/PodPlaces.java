package io.simarch.operator.chaos;

import io.fabric8.kubernetes.api.model.Pod;
import io.simarch.api.model.ChaosStrike;
import io.simarch.api.model.Plan;
import io.simarch.api.model.PodLabels;
import java.util.Optional;

/**
 * Which cell of the plan a pod belongs to, read from the labels its Deployment gave it, so the
 * chaos strike sees a pod in the plan's spelling, exactly as a local run sees its instances.
 */
final class PodPlaces {
  private final String architecture;
  private final PodLabels.Cells cells;

  PodPlaces(String architecture, Plan plan) {
    this.architecture = architecture;
    this.cells = new PodLabels.Cells(plan);
  }

  /** The pod's cell; empty for a pod of no cell of the plan (left over from an older spec). */
  Optional<Plan.Cell> cell(Pod pod) {
    return cells.of(pod.getMetadata().getLabels());
  }

  boolean planned(Pod pod) {
    return cell(pod).isPresent();
  }

  /** The pod's place; only for a {@link #planned} pod. */
  ChaosStrike.Place place(Pod pod) {
    Plan.Cell c =
        cell(pod)
            .orElseThrow(
                () -> new IllegalArgumentException(pod.getMetadata().getName() + " is in no cell"));
    return ChaosStrike.Place.of(
        architecture, c.service(), c.region(), c.zone(), pod.getMetadata().getName());
  }
}
