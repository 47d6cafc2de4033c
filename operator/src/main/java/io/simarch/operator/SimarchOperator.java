package io.simarch.operator;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.javaoperatorsdk.operator.Operator;
import io.javaoperatorsdk.operator.api.config.ConfigurationServiceOverrider;
import io.javaoperatorsdk.operator.api.config.LeaderElectionConfiguration;
import io.simarch.api.v1alpha1.SimulatedArchitecture;
import io.simarch.operator.architecture.SimulatedArchitectureReconciler;
import io.simarch.operator.chaos.ChaosSpans;
import java.util.function.Consumer;

/** Builds the operator: one controller per kind, configured from {@link OperatorSettings}. */
public final class SimarchOperator {
  private SimarchOperator() {}

  public static Operator create(KubernetesClient client, OperatorSettings settings) {
    return create(client, settings, o -> {});
  }

  /**
   * @param extra further configuration (tests against fabric8's mock server turn SSA off here)
   */
  public static Operator create(
      KubernetesClient client,
      OperatorSettings settings,
      Consumer<ConfigurationServiceOverrider> extra) {
    return create(client, settings, new ChaosSpans(), extra);
  }

  /**
   * @param chaosSpans where chaos kills are traced; the caller closes it after the operator stops
   */
  public static Operator create(
      KubernetesClient client,
      OperatorSettings settings,
      ChaosSpans chaosSpans,
      Consumer<ConfigurationServiceOverrider> extra) {
    return create(client, settings, chaosSpans, new OperatorMetrics(), extra);
  }

  /**
   * @param metrics where JOSDK and the reconciler record (the health port's /metrics)
   */
  public static Operator create(
      KubernetesClient client,
      OperatorSettings settings,
      ChaosSpans chaosSpans,
      OperatorMetrics metrics,
      Consumer<ConfigurationServiceOverrider> extra) {
    var operator =
        new Operator(
            o -> {
              o.withKubernetesClient(client)
                  .withCloseClientOnStop(false)
                  .withMetrics(metrics.josdk());
              if (settings.leaderElection()) {
                o.withLeaderElectionConfiguration(
                    new LeaderElectionConfiguration(
                        settings.leaseName(), settings.leaseNamespace()));
              }
              extra.accept(o);
            });
    operator.register(
        new SimulatedArchitectureReconciler(settings, chaosSpans, metrics),
        c -> {
          if (settings.namespaces().isEmpty()) {
            c.watchingAllNamespaces();
          } else {
            c.settingNamespaces(settings.namespaces());
          }
        });
    return operator;
  }

  /** The resource kind the operator serves, for logs and checks. */
  public static Class<SimulatedArchitecture> primary() {
    return SimulatedArchitecture.class;
  }
}
