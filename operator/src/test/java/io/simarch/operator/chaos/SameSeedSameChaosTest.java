package io.simarch.operator.chaos;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.simarch.api.model.ArchitectureFiles;
import io.simarch.api.model.ChaosSchedule;
import io.simarch.api.model.ChaosStrike;
import io.simarch.api.model.Defaults;
import io.simarch.api.model.Plan;
import io.simarch.api.model.Planner;
import io.simarch.api.v1alpha1.SimulatedArchitecture;
import io.simarch.operator.architecture.desired.StubDeployments;
import io.simarch.operator.testing.Architectures;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.function.Function;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * One seed, one chaos: {@code simarch run} (its instances of examples/lamp.yaml, as {@code
 * LocalRun} strikes them) and the operator ({@link ChaosPlanner} over the pods of the Deployments
 * it would make for the same plan) take the same victims, kill after kill, and draw the same gaps.
 * Only where the live victims come from differs; a victim is compared by its cell and its rank in
 * the cell, since pods have no spigo instance number.
 */
class SameSeedSameChaosTest {
  static final Instant T0 = Instant.parse("2026-12-01T09:00:00Z");
  static final int KILLS = 20;

  /** A victim: the cell (Deployment) and its rank in the cell's victims at the start. */
  record Victim(String cell, int rank) {}

  /** What a run did: the victims of each strike and the time of each strike since the start. */
  record Chaos(List<List<Victim>> victims, List<Long> atMs) {}

  static SimulatedArchitecture lamp(String chaos, long seed) {
    var arch = ArchitectureFiles.load(Architectures.repo().resolve("examples/lamp.yaml"));
    assertThat(arch.problems()).isEmpty();
    var spec = arch.resource().getSpec();
    spec.setSeed(seed);
    var withChaos =
        ArchitectureFiles.parse(
            "apiVersion: simarch.io/v1alpha1\nkind: SimulatedArchitecture\nmetadata: {name: x}\n"
                + "spec:\n  services: []\n  chaos: "
                + chaos
                + "\n",
            "chaos");
    spec.setChaos(withChaos.resource().getSpec().getChaos());
    // victims never come back as old enough within the run: a cluster then offers what a local
    // run does, the victims not yet killed
    spec.getChaos().setMinPodAge("1h");
    spec.getChaos().setVictims(List.of("memcache", "rds-mysql"));
    spec.getTraffic().setDuration("0s");
    arch.resource().getMetadata().setNamespace(Architectures.NAMESPACE);
    arch.resource().getMetadata().setUid(Architectures.UID);
    return arch.resource();
  }

  @ParameterizedTest(name = "{0}, seed {1}")
  @CsvSource(
      delimiter = '|',
      value = {
        "{interval: 1m, maxKills: 20}                      | 42",
        "{meanTimeBetweenKills: 1m, maxKills: 20}          | 42",
        "{meanTimeBetweenKills: 1m, maxKills: 20}          | 7",
        "{mode: kill, interval: 30s, maxKills: 20}         | 1",
        "{mode: zone-outage, interval: 30s, maxKills: 3}   | 42",
        "{mode: region-outage, interval: 30s, maxKills: 1} | 42",
      })
  void aSeedTakesTheSameVictimsLocallyAndInACluster(String chaos, long seed) {
    var arch = lamp(chaos, seed);

    Chaos local = local(arch);
    Chaos cluster = cluster(arch);

    int expected = arch.getSpec().getChaos().getMaxKills();
    assertThat(local.victims()).hasSize(expected);
    assertThat(cluster.victims()).isEqualTo(local.victims());
    // the same gaps: a cluster keeps its clock in whole seconds
    for (int k = 1; k < expected; k++) {
      long localGap = local.atMs().get(k) - local.atMs().get(k - 1);
      long clusterGap = cluster.atMs().get(k) - cluster.atMs().get(k - 1);
      assertThat(clusterGap).as("gap before kill %d", k).isCloseTo(localGap, within(1000L));
    }
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(
      strings = {"{interval: 1m, maxKills: 20}", "{meanTimeBetweenKills: 1m, maxKills: 20}"})
  void theSequenceReallyDependsOnTheSeed(String chaos) {
    var a = local(lamp(chaos, 42)).victims();
    var b = local(lamp(chaos, 43)).victims();

    assertThat(a).isNotEqualTo(b);
    // kills spread over services and cells, not one corner of the plan
    assertThat(a.stream().flatMap(List::stream).map(Victim::cell).distinct().count())
        .isGreaterThan(3);
  }

  /**
   * The local run's turns (LocalRun.chaosTurn): each strike on time, killed instances stay dead.
   */
  static Chaos local(SimulatedArchitecture arch) {
    var spec = arch.getSpec();
    Plan plan = Planner.plan(arch.getMetadata().getName(), spec);
    var schedule = new ChaosSchedule(spec, Defaults.traffic(spec).durationMs());
    Map<String, Victim> names = ranks(plan.instances(), i -> ChaosStrike.Place.of(plan.arch(), i));
    Set<String> dead = new HashSet<>();
    var victims = new ArrayList<List<Victim>>();
    var at = new ArrayList<Long>();
    var next = schedule.next(0, 0, schedule.random(0));
    while (next.isPresent()) {
      long now = next.getAsLong();
      Random random = schedule.random(victims.size());
      var targets =
          ChaosStrike.local(schedule, plan, i -> !dead.contains(i.name()), random).victims();
      if (targets.isEmpty()) {
        break;
      }
      targets.forEach(t -> dead.add(t.name()));
      victims.add(targets.stream().map(t -> names.get(t.name())).toList());
      at.add(now);
      next = schedule.next(victims.size(), now, random);
    }
    return new Chaos(victims, at);
  }

  /**
   * The operator's turns: the pods of the Deployments it makes for the plan, a fake clock that
   * jumps to each requeue, a killed pod replaced by a new one (too young to be a victim).
   */
  static Chaos cluster(SimulatedArchitecture arch) {
    var desired = Architectures.desired(arch);
    var places = new PodPlaces(arch.getMetadata().getName(), desired.plan());
    var random = new Random(99);
    var pods = new ArrayList<Pod>();
    Map<String, Deployment> owners = new HashMap<>();
    for (Deployment d : StubDeployments.desired(desired)) {
      for (int i = 0; i < d.getSpec().getReplicas(); i++) {
        var p = pod(d, random, T0.minus(Duration.ofHours(2)));
        pods.add(p);
        owners.put(p.getMetadata().getName(), d);
      }
    }
    // the API server lists pods in no order the monkey may rely on
    Collections.shuffle(pods, random);
    Map<String, Victim> names = ranks(pods, places::place);

    var run =
        ChaosPlannerTest.run(
            arch.getMetadata().getName(),
            arch.getSpec(),
            pods,
            T0,
            1000,
            (killed, now) -> {
              for (Pod p : killed) {
                pods.remove(p);
                pods.add(pod(owners.get(p.getMetadata().getName()), random, now));
              }
            });
    return new Chaos(
        run.victims().stream().map(v -> v.stream().map(names::get).toList()).toList(),
        run.killSeconds().stream().map(sec -> sec * 1000).toList());
  }

  /** Each victim's cell and rank in its cell, ordered by its own name (node or pod name). */
  static <T> Map<String, Victim> ranks(List<T> all, Function<T, ChaosStrike.Place> place) {
    Map<String, List<String>> byCell = new HashMap<>();
    for (T v : all) {
      var p = place.apply(v);
      byCell.computeIfAbsent(p.cell(), k -> new ArrayList<>()).add(p.name());
    }
    Map<String, Victim> out = new HashMap<>();
    byCell.forEach(
        (cell, names) -> {
          names.sort(Comparator.naturalOrder());
          for (int i = 0; i < names.size(); i++) {
            out.put(names.get(i), new Victim(cell, i));
          }
        });
    return out;
  }

  /** A Running pod of a Deployment, named as a ReplicaSet names them. */
  static Pod pod(Deployment d, Random random, Instant created) {
    String rs = d.getMetadata().getName() + "-5d9c7b8f6";
    String suffix = "";
    for (int i = 0; i < 5; i++) {
      suffix += (char) ('a' + random.nextInt(26));
    }
    return new PodBuilder()
        .withNewMetadata()
        .withName(rs + "-" + suffix)
        .withNamespace(Architectures.NAMESPACE)
        .withLabels(d.getSpec().getTemplate().getMetadata().getLabels())
        .withCreationTimestamp(created.toString())
        .addNewOwnerReference()
        .withApiVersion("apps/v1")
        .withKind("ReplicaSet")
        .withName(rs)
        .withUid(rs)
        .withController(true)
        .endOwnerReference()
        .endMetadata()
        .withNewStatus()
        .withPhase("Running")
        .endStatus()
        .build();
  }
}
