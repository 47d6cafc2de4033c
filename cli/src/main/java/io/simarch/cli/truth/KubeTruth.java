package io.simarch.cli.truth;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.http.HttpClient;
import io.simarch.api.model.Planner;
import io.simarch.api.model.PodLabels;
import io.simarch.api.model.StubConfig;
import io.simarch.api.v1alpha1.SimulatedArchitecture;
import io.simarch.stub.core.Wire;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The truth of architectures running in a cluster: every root pod keeps its own ({@code TruthRing},
 * served on {@value Wire#TRUTH}); this finds the root pods of each architecture and fetches their
 * truth through the API server's {@code pods/proxy} subresource, so nothing but the user's
 * kubeconfig is needed (docs/ground-truth.md lists the RBAC).
 */
public final class KubeTruth {
  /** A {@code [NAMESPACE/]NAME} argument. */
  public record Target(String namespace, String name) {
    public static Target parse(String arg, String defaultNamespace) {
      int slash = arg.indexOf('/');
      String ns = slash < 0 ? defaultNamespace : arg.substring(0, slash);
      String name = slash < 0 ? arg : arg.substring(slash + 1);
      if (ns == null || ns.isEmpty() || name.isEmpty() || name.contains("/")) {
        throw new IllegalArgumentException(
            "give [NAMESPACE/]NAME of a SimulatedArchitecture, e.g. default/lamp");
      }
      return new Target(ns, name);
    }

    @Override
    public String toString() {
      return namespace + "/" + name;
    }
  }

  /** What a user can fix: no such architecture, no root pod, no permission, no endpoint. */
  public static final class FetchException extends Exception {
    public FetchException(String message) {
      super(message);
    }
  }

  /** A pod to ask and the URL of its truth. */
  public record PodTruth(String name, String url) {}

  private KubeTruth() {}

  /**
   * A client of the cluster a kubeconfig names: {@code kubeconfig} (null: {@code KUBECONFIG} or
   * ~/.kube/config, as kubectl) in its {@code context} (null: its current one).
   */
  public static KubernetesClient client(Path kubeconfig, String context) {
    Config config =
        kubeconfig != null
            ? Config.fromKubeconfig(context, kubeconfig.toFile())
            : Config.autoConfigure(context);
    return new KubernetesClientBuilder().withConfig(config).build();
  }

  /** The namespace of {@code [NAMESPACE/]NAME} when none is given: the context's, or default. */
  public static String defaultNamespace(KubernetesClient client) {
    return client.getNamespace() == null ? "default" : client.getNamespace();
  }

  /**
   * The architecture {@code t}, or what the user can fix: it is not there, or not theirs to get.
   */
  public static SimulatedArchitecture architecture(KubernetesClient client, Target t)
      throws FetchException {
    SimulatedArchitecture arch;
    try {
      arch =
          client
              .resources(SimulatedArchitecture.class)
              .inNamespace(t.namespace())
              .withName(t.name())
              .get();
    } catch (KubernetesClientException e) {
      throw new FetchException(t + ": " + kubeError(e, "get on simulatedarchitectures"));
    }
    if (arch == null) {
      throw new FetchException("no SimulatedArchitecture " + t + " (kubectl get simarch -A)");
    }
    return arch;
  }

  /** The truth URLs of every running root pod of {@code t}, through the API server. */
  public static List<PodTruth> rootPods(KubernetesClient client, Target t) throws FetchException {
    String root = Planner.plan(t.name(), architecture(client, t).getSpec()).root();
    List<Pod> pods;
    try {
      pods =
          client
              .pods()
              .inNamespace(t.namespace())
              .withLabels(PodLabels.serviceSelector(t.name(), root))
              .list()
              .getItems();
    } catch (KubernetesClientException e) {
      throw new FetchException(t + ": " + kubeError(e, "list on pods"));
    }
    var out = new ArrayList<PodTruth>();
    for (Pod p : pods) {
      if (p.getStatus() != null && "Running".equals(p.getStatus().getPhase())) {
        out.add(
            new PodTruth(
                t.namespace() + "/" + p.getMetadata().getName(),
                proxyUrl(client, t.namespace(), p, Wire.TRUTH)));
      }
    }
    if (out.isEmpty()) {
      throw new FetchException(
          t
              + ": no running pod of its root service (labels "
              + PodLabels.ARCHITECTURE
              + "="
              + t.name()
              + "); is the operator running it? (kubectl get pods -n "
              + t.namespace()
              + ")");
    }
    return out;
  }

  /** Every pod's truth, asked all at once, each within {@code timeoutMs}. */
  public static List<TruthMerge.Source> fetch(HttpClient http, List<PodTruth> pods, long timeoutMs)
      throws FetchException, InterruptedException {
    var answers =
        new ArrayList<CompletableFuture<io.fabric8.kubernetes.client.http.HttpResponse<String>>>();
    for (PodTruth p : pods) {
      answers.add(
          http.sendAsync(
              http.newHttpRequestBuilder()
                  .uri(p.url())
                  .timeout(timeoutMs, TimeUnit.MILLISECONDS)
                  .build(),
              String.class));
    }
    var out = new ArrayList<TruthMerge.Source>();
    for (int i = 0; i < pods.size(); i++) {
      PodTruth p = pods.get(i);
      io.fabric8.kubernetes.client.http.HttpResponse<String> r;
      try {
        r = answers.get(i).get(timeoutMs + 1000, TimeUnit.MILLISECONDS);
      } catch (ExecutionException | TimeoutException e) {
        Throwable c = e.getCause() != null ? e.getCause() : e;
        throw new FetchException(
            p.name() + ": GET " + p.url() + ": no answer (" + c.getClass().getSimpleName() + ")");
      }
      String body = r.body() == null ? "" : r.body();
      switch (r.code()) {
        case 200 -> out.add(new TruthMerge.Source(p.name(), body));
        case 401, 403 ->
            throw new FetchException(
                p.name()
                    + ": the API server refused (HTTP "
                    + r.code()
                    + "): the user needs get on pods/proxy (docs/ground-truth.md lists the Role)");
        case 404 ->
            throw new FetchException(
                p.name()
                    + ": "
                    + Wire.TRUTH
                    + " not found: the pod's stub image predates it, or it is not a root");
        default ->
            throw new FetchException(
                p.name() + ": GET " + p.url() + ": HTTP " + r.code() + " " + abbreviate(body));
      }
    }
    return out;
  }

  /**
   * The URL of {@code path} on a stub pod's serving port through the API server's {@code
   * pods/proxy} subresource: what the user's kubeconfig can reach without a route to the pods.
   */
  public static String proxyUrl(KubernetesClient client, String namespace, Pod pod, String path) {
    return client.getMasterUrl().toString().replaceAll("/+$", "")
        + "/api/v1/namespaces/"
        + namespace
        + "/pods/"
        + pod.getMetadata().getName()
        + ":"
        + StubConfig.PORT
        + "/proxy"
        + path;
  }

  /**
   * What a refused request tells the user: the permission {@code needs} names ("get on pods"), and
   * where the Role is; other errors as the client says them.
   */
  public static String kubeError(KubernetesClientException e, String needs) {
    if (e.getCode() == 401 || e.getCode() == 403) {
      return "the API server refused (HTTP "
          + e.getCode()
          + "): the user needs "
          + needs
          + " (docs/ground-truth.md and docs/live-view.md list the Roles)";
    }
    return e.getMessage();
  }

  private static String abbreviate(String s) {
    s = s.replaceAll("\\s+", " ").trim();
    return s.length() > 120 ? s.substring(0, 120) + "…" : s;
  }
}
