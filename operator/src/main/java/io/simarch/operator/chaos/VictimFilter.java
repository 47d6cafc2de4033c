package io.simarch.operator.chaos;

import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.Pod;
import io.simarch.api.model.KubeNames;
import io.simarch.operator.Labels;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/**
 * Which pods the chaos monkey may take, chaoskube style: a chain of named filters, each of which a
 * pod must pass. Pure: the clock's reading is passed in. The first filters confine chaos to the
 * stub pods of the architecture that asked for it; no later setting can widen that.
 */
public final class VictimFilter {
  /** One link of the chain. */
  public record Filter(String name, Predicate<Pod> admits) {}

  /** A pod the chain turned away, and the filter that did. */
  public record Rejection(String pod, String filter) {}

  /** The pods that passed, and the rest. */
  public record Result(List<Pod> victims, List<Rejection> rejected) {}

  private final List<Filter> chain;

  private VictimFilter(List<Filter> chain) {
    this.chain = List.copyOf(chain);
  }

  /**
   * The chain for one architecture.
   *
   * @param services the victim services, as spec names
   * @param planned whether a pod belongs to a cell of the current plan
   */
  public static VictimFilter of(
      String namespace,
      String architecture,
      Collection<String> services,
      Predicate<Pod> planned,
      Duration minPodAge,
      Instant now) {
    Set<String> serviceLabels =
        services.stream().map(KubeNames::dns).collect(Collectors.toUnmodifiableSet());
    Instant bornBefore = now.minus(minPodAge);
    return new VictimFilter(
        List.of(
            new Filter("namespace", p -> namespace.equals(p.getMetadata().getNamespace())),
            new Filter(
                "stub-pod",
                p ->
                    Labels.OPERATOR_NAME.equals(label(p, Labels.MANAGED_BY))
                        && Labels.APP_NAME.equals(label(p, Labels.NAME))),
            new Filter("architecture", p -> architecture.equals(label(p, Labels.ARCHITECTURE))),
            new Filter("victim-service", p -> serviceLabels.contains(label(p, Labels.SERVICE))),
            new Filter("planned-cell", planned),
            new Filter("replicaset-owned", p -> controller(p).isPresent()),
            new Filter(
                "running",
                p -> p.getStatus() != null && "Running".equals(p.getStatus().getPhase())),
            new Filter("not-terminating", p -> p.getMetadata().getDeletionTimestamp() == null),
            new Filter(
                "min-age",
                p ->
                    p.getMetadata().getCreationTimestamp() != null
                        && !Instant.parse(p.getMetadata().getCreationTimestamp())
                            .isAfter(bornBefore))));
  }

  public List<String> filterNames() {
    return chain.stream().map(Filter::name).toList();
  }

  public Result apply(Collection<Pod> pods) {
    var victims = new ArrayList<Pod>();
    var rejected = new ArrayList<Rejection>();
    for (Pod pod : pods) {
      Optional<Filter> failed = chain.stream().filter(f -> !f.admits().test(pod)).findFirst();
      if (failed.isPresent()) {
        rejected.add(new Rejection(pod.getMetadata().getName(), failed.get().name()));
      } else {
        victims.add(pod);
      }
    }
    return new Result(List.copyOf(victims), List.copyOf(rejected));
  }

  private static Optional<OwnerReference> controller(Pod p) {
    return p.getMetadata().getOwnerReferences() == null
        ? Optional.empty()
        : p.getMetadata().getOwnerReferences().stream()
            .filter(o -> Boolean.TRUE.equals(o.getController()) && "ReplicaSet".equals(o.getKind()))
            .findFirst();
  }

  private static String label(Pod p, String key) {
    return p.getMetadata().getLabels() == null ? null : p.getMetadata().getLabels().get(key);
  }
}
