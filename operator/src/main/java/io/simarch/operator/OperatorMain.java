package io.simarch.operator;

import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.simarch.operator.chaos.ChaosSpans;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Entry point of the operator jar and image. The client finds its cluster as kubectl does:
 * in-cluster service account, else {@code KUBECONFIG}, else {@code ~/.kube/config}.
 */
public final class OperatorMain {
  private static final Logger log = LoggerFactory.getLogger(OperatorMain.class);

  private OperatorMain() {}

  public static void main(String[] args) throws Exception {
    var settings = OperatorSettings.fromEnv(System.getenv());
    var client = new KubernetesClientBuilder().build();
    var chaosSpans = new ChaosSpans();
    var metrics = new OperatorMetrics();
    var operator = SimarchOperator.create(client, settings, chaosSpans, metrics, o -> {});
    var health = HealthServer.start(settings.healthPort(), operator, metrics);
    operator.installShutdownHook(Duration.ofSeconds(10));
    Runtime.getRuntime().addShutdownHook(new Thread(health::close, "health-shutdown"));
    Runtime.getRuntime().addShutdownHook(new Thread(chaosSpans::close, "chaos-spans-shutdown"));
    log.info(
        "Starting operator server={} namespaces={} stubImage={} leaderElection={} healthPort={}",
        client.getMasterUrl(),
        settings.namespaces().isEmpty() ? "all" : settings.namespaces(),
        settings.stubImage(),
        settings.leaderElection(),
        health.port());
    operator.start();
  }
}
