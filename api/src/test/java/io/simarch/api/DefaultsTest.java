package io.simarch.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.simarch.api.model.ArchitectureFiles;
import io.simarch.api.model.CallPolicy;
import io.simarch.api.model.Defaults;
import io.simarch.api.model.RetryMode;
import io.simarch.api.v1alpha1.SimulatedArchitectureSpec;
import org.junit.jupiter.api.Test;

class DefaultsTest {
  private static final SimulatedArchitectureSpec SPEC =
      ArchitectureFiles.parse(
              """
              apiVersion: simarch.io/v1alpha1
              kind: SimulatedArchitecture
              metadata: {name: t}
              spec:
                callPolicy: {timeout: 2s, retries: 2, retryMode: immediate}
                services:
                  - {name: db, package: store}
                  - {name: cache, package: store}
                  - name: app
                    package: monolith
                    dependencies: [db, cache]
                    callPolicy: {retries: 1, budget: true}
                    dependencyPolicies:
                      db: {timeout: 150ms, retryMode: failover, backoff: {initial: 10ms}}
              """,
              "t")
          .resource()
          .getSpec();

  @Test
  void dependencyOverridesServiceOverridesArchitectureFieldByField() {
    CallPolicy db = Defaults.callPolicy(SPEC, SPEC.getServices().get(2), "db");

    assertThat(db.timeoutMs()).isEqualTo(150);
    assertThat(db.retries()).isEqualTo(1);
    assertThat(db.retryMode()).isEqualTo(RetryMode.FAILOVER);
    assertThat(db.budget()).isTrue();
    assertThat(db.backoff().initialMs()).isEqualTo(10);
    assertThat(db.deadlineMs()).isEqualTo(300);
  }

  @Test
  void aDependencyWithoutItsOwnPolicyInheritsTheServicesAndTheArchitectures() {
    CallPolicy cache = Defaults.callPolicy(SPEC, SPEC.getServices().get(2), "cache");

    assertThat(cache.timeoutMs()).isEqualTo(2000);
    assertThat(cache.retries()).isEqualTo(1);
    assertThat(cache.retryMode()).isEqualTo(RetryMode.IMMEDIATE);
    assertThat(cache.maxAttempts()).isEqualTo(2);
  }

  @Test
  void builtInDefaultsWhenNothingIsSet() {
    var spec = new SimulatedArchitectureSpec();
    var svc = new io.simarch.api.v1alpha1.ServiceSpec("a", "monolith", 1, 1, "b");

    CallPolicy p = Defaults.callPolicy(spec, svc, "b");

    assertThat(p.timeoutMs()).isEqualTo(1000);
    assertThat(p.retryMode()).isEqualTo(RetryMode.NONE);
    assertThat(p.maxAttempts()).isEqualTo(1);
    assertThat(p.circuitBreaker().enabled()).isFalse();
    assertThat(Defaults.traffic(spec).intervalMicros()).isEqualTo(10_000);
    assertThat(Defaults.tracing(spec).enabled()).isFalse();
  }
}
