package io.simarch.cli;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.simarch.cli.live.KubeLive;
import io.simarch.cli.live.LiveView;
import io.simarch.cli.truth.KubeTruth;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(
    name = "ui",
    mixinStandardHelpOptions = true,
    description =
        "Serves the live view of an architecture running in a cluster on 127.0.0.1: the page of"
            + " `simarch run --ui`, fed through the API server of the kubeconfig from the"
            + " SimulatedArchitecture, its stub pods (watched: started, restarted and stopped"
            + " pods are events) and each running pod's /metrics (pods/proxy, every second); its"
            + " kill button deletes one pod of a victim service of that architecture, by the chaos"
            + " monkey's rules (refused in spec.chaos.quietTimes; with spec.chaos.dryRun logged,"
            + " nothing deleted). Runs until interrupted. docs/live-view.md lists the Role it"
            + " needs.")
public final class UiCommand implements Callable<Integer> {
  @Parameters(
      index = "0",
      paramLabel = "[NAMESPACE/]NAME",
      description =
          "the SimulatedArchitecture; without NAMESPACE, the context's namespace (or default)")
  String target;

  @Option(
      names = "--port",
      paramLabel = "PORT",
      defaultValue = "0",
      description = "port on 127.0.0.1 to serve the page on; 0 (the default) for a free one")
  int port;

  @Option(
      names = "--kubeconfig",
      paramLabel = "FILE",
      description = "the kubeconfig to use (default: KUBECONFIG, else ~/.kube/config)")
  Path kubeconfig;

  @Option(
      names = "--context",
      paramLabel = "NAME",
      description = "the kubeconfig context to use (default: its current context)")
  String context;

  /** A running view of a cluster's architecture; closing it stops the server and the watch. */
  public record Session(LiveView view, KubeLive feed, KubernetesClient client)
      implements AutoCloseable {
    public String url() {
      return view.url();
    }

    @Override
    public void close() {
      view.close();
      feed.close();
      client.close();
    }
  }

  @Override
  public Integer call() throws Exception {
    try (Session s = serve(kubeconfig, context, target, port)) {
      System.out.println("ui: " + s.url());
      var stop = new CountDownLatch(1);
      Runtime.getRuntime().addShutdownHook(new Thread(stop::countDown));
      stop.await();
    }
    return Simarch.OK;
  }

  /**
   * Starts the view of {@code target} ({@code [NAMESPACE/]NAME}) on 127.0.0.1:{@code port}.
   *
   * @throws BadInputException naming what the user can fix: the argument, the architecture, a
   *     permission, the port
   */
  public static Session serve(Path kubeconfig, String context, String target, int port) {
    RunCommand.servePort("--port", port);
    KubernetesClient client;
    try {
      client = KubeTruth.client(kubeconfig, context);
    } catch (KubernetesClientException | IllegalArgumentException e) {
      throw new BadInputException(
          "--kubeconfig/--context: cannot use "
              + (kubeconfig == null ? "the current kubeconfig" : kubeconfig)
              + (context == null ? "" : " context " + context)
              + " ("
              + e.getMessage()
              + ")");
    }
    KubeLive feed = null;
    try {
      KubeTruth.Target t;
      try {
        t = KubeTruth.Target.parse(target, KubeTruth.defaultNamespace(client));
      } catch (IllegalArgumentException e) {
        throw new BadInputException(target + ": " + e.getMessage());
      }
      feed = new KubeLive(client, t);
      LiveView view;
      try {
        view = LiveView.start(feed, feed, port, List.of());
      } catch (IOException e) {
        throw RunCommand.cannotListen("--port", port, e);
      }
      try {
        feed.watch(view::event);
      } catch (KubeTruth.FetchException e) {
        view.close();
        throw e;
      }
      return new Session(view, feed, client);
    } catch (KubeTruth.FetchException e) {
      closeQuietly(feed, client);
      throw new BadInputException(e.getMessage());
    } catch (KubernetesClientException e) {
      closeQuietly(feed, client);
      throw new BadInputException(
          target + ": cannot ask the API server of the kubeconfig (" + e.getMessage() + ")");
    } catch (RuntimeException e) {
      closeQuietly(feed, client);
      throw e;
    }
  }

  private static void closeQuietly(KubeLive feed, KubernetesClient client) {
    if (feed != null) {
      feed.close();
    }
    client.close();
  }
}
