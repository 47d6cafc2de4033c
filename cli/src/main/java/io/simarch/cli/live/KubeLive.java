package io.simarch.cli.live;

import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.simarch.api.model.ChaosSchedule;
import io.simarch.api.model.ChaosTargets;
import io.simarch.api.model.KubeNames;
import io.simarch.api.model.ManualKill;
import io.simarch.api.model.Plan;
import io.simarch.api.model.Planner;
import io.simarch.api.model.PodLabels;
import io.simarch.api.v1alpha1.KillRecord;
import io.simarch.api.v1alpha1.SimulatedArchitecture;
import io.simarch.cli.truth.KubeTruth;
import io.simarch.stub.core.Wire;
import io.simarch.stub.local.InstanceStats;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * The live view of an architecture in a cluster, read through the API server with the user's
 * kubeconfig: the {@code SimulatedArchitecture} (its plan and chaos status), its stub pods (a
 * watch, whose changes are the view's events) and each running pod's {@code /metrics} through the
 * {@code pods/proxy} subresource, in the protobuf exposition. docs/live-view.md lists the Role it
 * needs.
 */
public final class KubeLive implements LiveView.Feed, LiveView.Killer, AutoCloseable {
  /** How long one pod's scrape may take before it is shown as not answering. */
  public static final long SCRAPE_TIMEOUT_MS = 800;

  /** Scrapes in flight at once, so a large architecture does not flood the API server. */
  public static final int SCRAPE_PARALLELISM = 16;

  /** How often the architecture itself is read again (its spec may change, its status does). */
  static final long ARCH_EVERY_MS = 5000;

  private static final DateTimeFormatter KLOG = DateTimeFormatter.ofPattern("MMdd HH:mm:ss.SSSSSS");

  private final KubernetesClient client;
  private final KubeTruth.Target target;
  private volatile SimulatedArchitecture arch;
  private volatile Plan plan;
  private long archReadAt;
  private final Map<String, PodMetrics> previous = new HashMap<>();
  private final Set<String> killsSeen = new HashSet<>();
  private final Set<String> failing = new HashSet<>();
  private Set<String> answeredLast = Set.of();
  private final Map<String, Pod> pods = new ConcurrentHashMap<>();
  private volatile Consumer<LiveGraph.Event> events = e -> {};
  private SharedIndexInformer<Pod> informer;

  /** Reads the architecture {@code target}; fails with what the user can fix. */
  public KubeLive(KubernetesClient client, KubeTruth.Target target)
      throws KubeTruth.FetchException {
    this.client = client;
    this.target = target;
    readArchitecture();
  }

  /** Lists the architecture's stub pods and watches them, each change an event to {@code sink}. */
  public void watch(Consumer<LiveGraph.Event> sink) throws KubeTruth.FetchException {
    this.events = sink;
    try {
      informer =
          client
              .pods()
              .inNamespace(target.namespace())
              .withLabels(PodLabels.stubPods(target.name()))
              .inform(new PodEvents(), 0);
    } catch (KubernetesClientException e) {
      throw new KubeTruth.FetchException(target + ": " + KubeTruth.kubeError(e, "watch on pods"));
    }
  }

  private void readArchitecture() throws KubeTruth.FetchException {
    SimulatedArchitecture a = KubeTruth.architecture(client, target);
    plan = Planner.plan(target.name(), a.getSpec());
    arch = a;
  }

  @Override
  public LiveGraph sample(long now, long windowMs, List<LiveGraph.Event> recent) {
    if (now - archReadAt >= ARCH_EVERY_MS) {
      archReadAt = now;
      try {
        readArchitecture();
        if (informer != null) {
          chaosKills(arch);
        }
      } catch (KubeTruth.FetchException | RuntimeException e) {
        // the last plan stays drawn; the next read may succeed
        log("W", "cannot read the architecture", "error=\"" + e.getMessage() + "\"");
      }
    }
    Plan p = plan;
    List<Pod> running = pods.values().stream().filter(KubeLive::running).toList();
    Map<String, PodMetrics> scraped = scrape(running);
    Map<String, InstanceStats> windows = windows(previous, answeredLast, scraped);
    answeredLast = Set.copyOf(scraped.keySet());
    previous.keySet().retainAll(pods.keySet());
    failing.retainAll(pods.keySet());
    previous.putAll(scraped);
    Set<String> answered = scraped.keySet();
    var members = members(p, pods.values(), windows, answered);
    return LiveGraph.of(p, members, now, windowMs, victims(), recent);
  }

  /**
   * Each pod's counts over the last interval: this scrape less the previous one, for a pod that
   * answered both. After a scrape a pod did not answer, its previous counters are two intervals
   * old, which the view's rates (per one interval) would double: it has no window until next time.
   *
   * @param previous each pod's last answer
   * @param answeredLast the pods that answered the previous scrape
   */
  static Map<String, InstanceStats> windows(
      Map<String, PodMetrics> previous, Set<String> answeredLast, Map<String, PodMetrics> now) {
    Map<String, InstanceStats> out = new HashMap<>();
    for (var e : now.entrySet()) {
      PodMetrics before = previous.get(e.getKey());
      if (before != null && answeredLast.contains(e.getKey())) {
        out.put(e.getKey(), e.getValue().since(before));
      }
    }
    return out;
  }

  private Set<String> victims() {
    return ChaosTargets.victims(arch.getSpec());
  }

  /**
   * The pods as the graph's members, in the plan's spelling of their service and place; pods of no
   * cell of the plan (left over from an older spec) are left out.
   */
  static List<LiveGraph.Member> members(
      Plan plan, Collection<Pod> pods, Map<String, InstanceStats> windows, Set<String> answered) {
    var cells = new PodLabels.Cells(plan);
    var out = new ArrayList<LiveGraph.Member>();
    for (Pod pod : pods) {
      Plan.Cell c = cells.of(pod.getMetadata().getLabels()).orElse(null);
      if (c == null) {
        continue;
      }
      String name = pod.getMetadata().getName();
      boolean on = running(pod);
      out.add(
          new LiveGraph.Member(
              c.service(),
              c.region(),
              c.zone(),
              on,
              windows.get(name),
              !on || answered.contains(name)));
    }
    return out;
  }

  /**
   * Running, ready and not being deleted: what the view counts as an instance up (a stub is ready
   * once it serves, so a pod that runs but is not ready yet has no /metrics to read either).
   */
  static boolean running(Pod p) {
    return p.getStatus() != null
        && "Running".equals(p.getStatus().getPhase())
        && p.getMetadata().getDeletionTimestamp() == null
        && p.getStatus().getConditions() != null
        && p.getStatus().getConditions().stream()
            .anyMatch(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus()));
  }

  /** Every pod's counters now, asked at most {@link #SCRAPE_PARALLELISM} at a time. */
  private Map<String, PodMetrics> scrape(List<Pod> running) {
    var http = client.getHttpClient();
    Map<String, PodMetrics> out = new HashMap<>();
    for (int from = 0; from < running.size(); from += SCRAPE_PARALLELISM) {
      List<Pod> batch = running.subList(from, Math.min(running.size(), from + SCRAPE_PARALLELISM));
      var answers =
          new ArrayList<
              CompletableFuture<io.fabric8.kubernetes.client.http.HttpResponse<byte[]>>>();
      for (Pod pod : batch) {
        answers.add(
            http.sendAsync(
                http.newHttpRequestBuilder()
                    .uri(KubeTruth.proxyUrl(client, target.namespace(), pod, Wire.METRICS))
                    .header("Accept", PodMetrics.ACCEPT)
                    .timeout(SCRAPE_TIMEOUT_MS, TimeUnit.MILLISECONDS)
                    .build(),
                byte[].class));
      }
      for (int i = 0; i < batch.size(); i++) {
        String name = batch.get(i).getMetadata().getName();
        try {
          var r = answers.get(i).get(SCRAPE_TIMEOUT_MS + 200, TimeUnit.MILLISECONDS);
          if (r.code() == 200) {
            out.put(name, PodMetrics.parse(r.body()));
            failing.remove(name);
          } else {
            failed(
                name,
                "HTTP "
                    + r.code()
                    + (r.code() == 401 || r.code() == 403
                        ? ": the user needs get on pods/proxy (docs/live-view.md lists the Role)"
                        : ""));
          }
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return out;
        } catch (Exception e) {
          // shown on its node as not answering; the view goes on
          answers.get(i).cancel(true);
          Throwable c = e.getCause() != null ? e.getCause() : e;
          failed(name, "no answer (" + c.getClass().getSimpleName() + ")");
        }
      }
    }
    return out;
  }

  /** Logs a pod's scrape failing, once until it answers again. */
  private void failed(String pod, String why) {
    if (failing.add(pod)) {
      log(
          "W",
          "Scrape failed",
          "pod=\"" + target.namespace() + "/" + pod + "\" error=\"" + why + "\"");
    }
  }

  /** The operator's recent chaos kills (its status) as events, each once. */
  private void chaosKills(SimulatedArchitecture a) {
    if (a.getStatus() == null || a.getStatus().getChaos() == null) {
      return;
    }
    for (KillRecord k : a.getStatus().getChaos().getLastKills()) {
      if (killsSeen.add(k.getPod() + "@" + k.getTime())) {
        long t;
        try {
          t = Instant.parse(k.getTime()).toEpochMilli();
        } catch (RuntimeException e) {
          t = System.currentTimeMillis();
        }
        events.accept(
            new LiveGraph.Event(
                t,
                "kill",
                k.getService(),
                k.getPod(),
                k.getMode()
                    + (Boolean.TRUE.equals(k.getDryRun()) ? " (dry run)" : "")
                    + " by chaosmonkey"));
      }
    }
  }

  /**
   * Deletes one running pod of {@code service}, chosen at random: only a stub pod of this
   * architecture ({@link PodLabels#stubPods}, the chaos monkey's confinement), and only when the
   * monkey's rules ({@link ManualKill}: victims, quiet times, dry run) of the spec as last read
   * allow it. In a dry run the pod is chosen, logged and shown, and not deleted.
   */
  @Override
  public List<String> kill(String service) {
    if (plan.services().stream().noneMatch(s -> s.name().equals(service))) {
      throw new IllegalArgumentException(
          "service " + service + ": not a service of " + target + "; give one of its services");
    }
    var decision = ManualKill.of(new ChaosSchedule(arch.getSpec(), 0), service, Instant.now());
    if (decision.refused()) {
      throw new IllegalArgumentException(target + ": " + decision.reason());
    }
    var selector = new HashMap<>(PodLabels.stubPods(target.name()));
    selector.put(PodLabels.SERVICE, KubeNames.dns(service));
    List<Pod> up;
    try {
      up =
          client
              .pods()
              .inNamespace(target.namespace())
              .withLabels(selector)
              .list()
              .getItems()
              .stream()
              .filter(KubeLive::running)
              .toList();
    } catch (KubernetesClientException e) {
      throw refusedOr(e, "list on pods");
    }
    if (up.isEmpty()) {
      throw new IllegalArgumentException("service " + service + ": no running pod left");
    }
    Pod victim = up.get(ThreadLocalRandom.current().nextInt(up.size()));
    String name = victim.getMetadata().getName();
    if (!decision.dryRun()) {
      try {
        client.pods().inNamespace(target.namespace()).withName(name).delete();
      } catch (KubernetesClientException e) {
        throw refusedOr(e, "delete on pods");
      }
    }
    log(
        "I",
        decision.dryRun() ? "Dry run, pod not deleted" : "Deleted pod",
        String.format(
            "pod=\"%s/%s\" architecture=\"%s\" service=\"%s\" by=\"ui\"%s",
            target.namespace(),
            name,
            target.name(),
            service,
            decision.dryRun() ? " dryRun=true" : ""));
    events.accept(
        new LiveGraph.Event(
            System.currentTimeMillis(),
            "kill",
            service,
            name,
            ChaosSchedule.DELETE + (decision.dryRun() ? " (dry run)" : "") + " by ui"));
    return List.of(name);
  }

  private RuntimeException refusedOr(KubernetesClientException e, String verb) {
    if (e.getCode() == 401 || e.getCode() == 403) {
      return new LiveView.Refused(target + ": " + KubeTruth.kubeError(e, verb));
    }
    return e;
  }

  /** A line in klog's format, as kubectl and the operator's Kubernetes neighbours write them. */
  static void log(String severity, String message, String keysAndValues) {
    System.err.println(
        severity
            + KLOG.format(LocalDateTime.now(ZoneOffset.UTC))
            + " simarch-ui] \""
            + message
            + "\" "
            + keysAndValues);
  }

  /** Pod changes as the view's events: started, restarted, stopped. */
  private final class PodEvents implements ResourceEventHandler<Pod> {
    @Override
    public void onAdd(Pod pod) {
      pods.put(pod.getMetadata().getName(), pod);
      event(pod, "started", "");
    }

    @Override
    public void onUpdate(Pod before, Pod after) {
      pods.put(after.getMetadata().getName(), after);
      int restarts = restarts(after) - restarts(before);
      if (restarts > 0) {
        event(after, "restarted", restarts(after) + " restarts");
      }
      if (before.getMetadata().getDeletionTimestamp() == null
          && after.getMetadata().getDeletionTimestamp() != null) {
        event(after, "stopped", "terminating");
      }
    }

    @Override
    public void onDelete(Pod pod, boolean finalStateUnknown) {
      pods.remove(pod.getMetadata().getName());
      if (pod.getMetadata().getDeletionTimestamp() == null) {
        event(pod, "stopped", "deleted");
      }
    }

    private void event(Pod pod, String kind, String detail) {
      String service = serviceOf(pod);
      if (service != null) {
        events.accept(
            new LiveGraph.Event(
                System.currentTimeMillis(), kind, service, pod.getMetadata().getName(), detail));
      }
    }
  }

  private String serviceOf(Pod pod) {
    var labels = pod.getMetadata().getLabels();
    String dns = labels == null ? null : labels.get(PodLabels.SERVICE);
    return plan.services().stream()
        .map(Plan.PlannedService::name)
        .filter(s -> KubeNames.dns(s).equals(dns))
        .findFirst()
        .orElse(null);
  }

  private static int restarts(Pod p) {
    if (p.getStatus() == null || p.getStatus().getContainerStatuses() == null) {
      return 0;
    }
    return p.getStatus().getContainerStatuses().stream()
        .mapToInt(ContainerStatus::getRestartCount)
        .sum();
  }

  @Override
  public void close() {
    if (informer != null) {
      informer.close();
    }
  }
}
