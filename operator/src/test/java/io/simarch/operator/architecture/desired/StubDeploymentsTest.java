package io.simarch.operator.architecture.desired;

import static io.simarch.operator.testing.Architectures.desired;
import static io.simarch.operator.testing.Architectures.lamp;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import io.fabric8.kubernetes.api.model.ResourceRequirementsBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.simarch.api.v1alpha1.MetricsSpec;
import io.simarch.api.v1alpha1.ServiceSpec;
import io.simarch.api.v1alpha1.SimulatedArchitecture;
import io.simarch.api.v1alpha1.StubSpec;
import io.simarch.api.v1alpha1.TopologySpec;
import io.simarch.api.v1alpha1.TracingSpec;
import io.simarch.operator.Annotations;
import io.simarch.operator.Labels;
import io.simarch.operator.OperatorSettings;
import io.simarch.operator.testing.Architectures;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

class StubDeploymentsTest {

  static Stream<Arguments> cells() {
    return Stream.of(
        Arguments.of(
            "lamp: zones round-robin, count 0 is one cross-zone instance, regions 0 is global",
            lamp(),
            cells(
                "lamp-rds-mysql-us-east-1-zone-a=1 us-east-1 zoneA",
                "lamp-rds-mysql-us-east-1-zone-b=1 us-east-1 zoneB",
                "lamp-memcache-us-east-1-zone-a=1 us-east-1 zoneA",
                "lamp-webserver-us-east-1-zone-a=6 us-east-1 zoneA",
                "lamp-webserver-us-east-1-zone-b=6 us-east-1 zoneB",
                "lamp-webserver-us-east-1-zone-c=6 us-east-1 zoneC",
                "lamp-webserver-elb-us-east-1=1 us-east-1 any",
                "lamp-www-global=1 global any")),
        Arguments.of(
            "scale 50 truncates (1 → 0: cross-zone), replicateRegions 2 doubles the regions",
            Architectures.with(
                Architectures.of(
                    "tiny",
                    new ServiceSpec("db", "store", 3, 1),
                    new ServiceSpec("api", "karyon", 1, 1, "db")),
                s -> {
                  s.setScale(50);
                  var t = new TopologySpec();
                  t.setReplicateRegions(2);
                  t.setZoneNames(List.of("a", "b"));
                  s.setTopology(t);
                }),
            cells(
                "tiny-db-us-east-1-a=1 us-east-1 a",
                "tiny-db-us-west-2-b=1 us-west-2 b",
                "tiny-api-us-east-1=1 us-east-1 any",
                "tiny-api-us-west-2=1 us-west-2 any")));
  }

  /** "name=replicas region-label zone-label". */
  private static Map<String, String> cells(String... rows) {
    var out = new LinkedHashMap<String, String>();
    for (String r : rows) {
      out.put(r.substring(0, r.indexOf('=')), r.substring(r.indexOf('=') + 1));
    }
    return out;
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cells")
  void testOneDeploymentPerCell(
      String what, SimulatedArchitecture resource, Map<String, String> expected) {
    var deployments = StubDeployments.desired(desired(resource));

    Map<String, String> actual =
        deployments.stream()
            .collect(
                Collectors.toMap(
                    d -> d.getMetadata().getName(),
                    d ->
                        d.getSpec().getReplicas()
                            + " "
                            + d.getMetadata().getLabels().get(Labels.REGION)
                            + " "
                            + d.getMetadata().getLabels().get(Labels.ZONE),
                    (a, b) -> a,
                    LinkedHashMap::new));
    assertThat(actual).containsExactlyEntriesOf(expected);
  }

  @Test
  void testSelectorPicksOnlyTheCellAndPodsCarryAllLabels() {
    var d = deployment(lamp(), "lamp-webserver-us-east-1-zone-b");

    assertThat(d.getSpec().getSelector().getMatchLabels())
        .containsExactlyInAnyOrderEntriesOf(
            Map.of(
                Labels.ARCHITECTURE, "lamp",
                Labels.SERVICE, "webserver",
                Labels.REGION, "us-east-1",
                Labels.ZONE, "zoneB"));
    assertThat(d.getSpec().getTemplate().getMetadata().getLabels())
        .containsAllEntriesOf(d.getSpec().getSelector().getMatchLabels())
        .containsEntry(Labels.MANAGED_BY, "simarch-operator")
        .containsEntry(Labels.PART_OF, "lamp")
        .containsEntry(Labels.COMPONENT, "monolith");
    assertThat(d.getMetadata().getOwnerReferences())
        .singleElement()
        .satisfies(o -> assertThat(o.getUid()).isEqualTo(Architectures.UID));
  }

  @Test
  void testPodIsHardened() {
    var pod = deployment(lamp(), "lamp-www-global").getSpec().getTemplate().getSpec();
    var c = pod.getContainers().get(0);

    assertThat(pod.getAutomountServiceAccountToken()).isFalse();
    assertThat(pod.getEnableServiceLinks()).isFalse();
    assertThat(pod.getSecurityContext().getRunAsNonRoot()).isTrue();
    assertThat(pod.getSecurityContext().getRunAsUser()).isEqualTo(65532L);
    assertThat(pod.getSecurityContext().getSeccompProfile().getType()).isEqualTo("RuntimeDefault");
    assertThat(c.getSecurityContext().getAllowPrivilegeEscalation()).isFalse();
    assertThat(c.getSecurityContext().getReadOnlyRootFilesystem()).isTrue();
    assertThat(c.getSecurityContext().getPrivileged()).isFalse();
    assertThat(c.getSecurityContext().getCapabilities().getDrop()).containsExactly("ALL");
    assertThat(c.getSecurityContext().getCapabilities().getAdd()).isNullOrEmpty();
    assertThat(c.getVolumeMounts())
        .extracting(m -> m.getMountPath() + (Boolean.TRUE.equals(m.getReadOnly()) ? " ro" : ""))
        .containsExactly("/etc/simarch ro", "/tmp");
    assertThat(pod.getVolumes().get(0).getConfigMap().getName()).isEqualTo("lamp-www");
    assertThat(pod.getVolumes().get(1).getEmptyDir()).isNotNull();
    assertThat(c.getLivenessProbe().getHttpGet().getPath()).isEqualTo("/health/liveness");
    assertThat(c.getReadinessProbe().getHttpGet().getPath()).isEqualTo("/health/readiness");
    assertThat(c.getReadinessProbe().getPeriodSeconds()).isEqualTo(10);
    assertThat(c.getStartupProbe().getHttpGet().getPath()).isEqualTo("/health/readiness");
    // every probe on the health listener (its own thread): busy serving cannot fail them
    assertThat(c.getLivenessProbe().getHttpGet().getPort().getStrVal()).isEqualTo("health");
    assertThat(c.getStartupProbe().getHttpGet().getPort().getStrVal()).isEqualTo("health");
    assertThat(c.getReadinessProbe().getHttpGet().getPort().getStrVal()).isEqualTo("health");
    assertThat(c.getPorts())
        .extracting(p -> p.getName() + "=" + p.getContainerPort())
        .containsExactly("http=8080", "health=8081");
  }

  @Test
  void testIdentityReachesThePodThroughEnvAndDownwardApi() {
    var c = container(lamp(), "lamp-webserver-elb-us-east-1");

    assertThat(env(c))
        .containsEntry("SIMARCH_CONFIG", "/etc/simarch/stub.json")
        .containsEntry("SIMARCH_REGION", "us-east-1")
        .containsEntry("SIMARCH_ZONE", "*")
        .containsEntry("OTEL_SERVICE_NAME", "webserver-elb");
    var instance =
        c.getEnv().stream().filter(e -> e.getName().equals("SIMARCH_INSTANCE")).findFirst().get();
    assertThat(instance.getValueFrom().getFieldRef().getFieldPath()).isEqualTo("metadata.name");
    assertThat(env(c).get("OTEL_RESOURCE_ATTRIBUTES"))
        .isEqualTo(
            "service.namespace=lamp,service.instance.id=$(SIMARCH_INSTANCE),"
                + "k8s.pod.name=$(SIMARCH_INSTANCE),k8s.namespace.name=sim,cloud.region=us-east-1");
  }

  static Stream<Arguments> tracing() {
    return Stream.of(
        Arguments.of(
            "no tracing section: off",
            null,
            Map.of("OTEL_TRACES_EXPORTER", "none"),
            List.of("OTEL_EXPORTER_OTLP_ENDPOINT", "OTEL_TRACES_SAMPLER")),
        Arguments.of(
            "an endpoint turns it on",
            tracing(null, "http://collector:4318", null, 0.25),
            Map.of(
                "OTEL_TRACES_EXPORTER", "otlp",
                "OTEL_EXPORTER_OTLP_ENDPOINT", "http://collector:4318",
                "OTEL_EXPORTER_OTLP_PROTOCOL", "http/protobuf",
                "OTEL_TRACES_SAMPLER", "parentbased_traceidratio",
                "OTEL_TRACES_SAMPLER_ARG", "0.25"),
            List.of()),
        Arguments.of(
            "enabled without endpoint: the SDK default endpoint, grpc",
            tracing(true, null, "grpc", null),
            Map.of(
                "OTEL_TRACES_EXPORTER", "otlp",
                "OTEL_EXPORTER_OTLP_PROTOCOL", "grpc",
                "OTEL_TRACES_SAMPLER_ARG", "1.0"),
            List.of("OTEL_EXPORTER_OTLP_ENDPOINT")),
        Arguments.of(
            "protocol zipkin: the SDK's Zipkin exporter, straight to Zipkin's span API",
            tracing(null, "http://zipkin:9411", "zipkin", null),
            Map.of(
                "OTEL_TRACES_EXPORTER", "zipkin",
                "OTEL_EXPORTER_ZIPKIN_ENDPOINT", "http://zipkin:9411/api/v2/spans",
                "OTEL_TRACES_SAMPLER_ARG", "1.0"),
            List.of("OTEL_EXPORTER_OTLP_ENDPOINT", "OTEL_EXPORTER_OTLP_PROTOCOL")),
        Arguments.of(
            "explicitly disabled despite an endpoint",
            tracing(false, "http://collector:4318", null, null),
            Map.of("OTEL_TRACES_EXPORTER", "none"),
            List.of("OTEL_EXPORTER_OTLP_ENDPOINT")));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("tracing")
  void testOtelSettingsFromTracingSection(
      String what, TracingSpec tracing, Map<String, String> expected, List<String> absent) {
    var resource = Architectures.with(lamp(), s -> s.setTracing(tracing));
    var env = env(container(resource, "lamp-memcache-us-east-1-zone-a"));

    assertThat(env)
        .containsAllEntriesOf(expected)
        .doesNotContainKeys(absent.toArray(String[]::new));
    assertThat(env).containsEntry("OTEL_METRICS_EXPORTER", "none");
  }

  @ParameterizedTest(name = "spec.stub.jit {0}")
  @CsvSource(
      nullValues = "null",
      value = {"null, -XX:TieredStopAtLevel=1", "c1, -XX:TieredStopAtLevel=1", "c2, null"})
  void testJitReachesTheJvmThroughItsOptionsVariable(String jit, String options) {
    var resource =
        Architectures.with(
            lamp(),
            s -> {
              var stub = new StubSpec();
              stub.setJit(jit);
              s.setStub(stub);
            });
    var env = env(container(resource, "lamp-memcache-us-east-1-zone-a"));

    // the JVM reads JAVA_TOOL_OPTIONS before its command line: the image's entrypoint has no say
    if (options == null) {
      assertThat(env).doesNotContainKey("JAVA_TOOL_OPTIONS");
    } else {
      assertThat(env).containsEntry("JAVA_TOOL_OPTIONS", options);
    }
  }

  static Stream<Arguments> resources() {
    return Stream.of(
        Arguments.of("defaults", null, "50m 96Mi / 500m 256Mi"),
        Arguments.of(
            "spec overrides key by key",
            new ResourceRequirementsBuilder()
                .withRequests(Map.of("memory", new Quantity("128Mi")))
                .withLimits(Map.of("cpu", new Quantity("1")))
                .build(),
            "50m 128Mi / 1 256Mi"),
        Arguments.of(
            "a request above the default limit raises the limit",
            new ResourceRequirementsBuilder()
                .withRequests(Map.of("cpu", new Quantity("2"), "memory", new Quantity("1Gi")))
                .build(),
            "2 1Gi / 2 1Gi"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("resources")
  void testResourcesFromSpecWithDefaults(String what, ResourceRequirements spec, String expected) {
    var stub = new StubSpec();
    stub.setResources(spec);
    var c = container(Architectures.with(lamp(), s -> s.setStub(stub)), "lamp-www-global");
    var r = c.getResources();

    assertThat(
            r.getRequests().get("cpu")
                + " "
                + r.getRequests().get("memory")
                + " / "
                + r.getLimits().get("cpu")
                + " "
                + r.getLimits().get("memory"))
        .isEqualTo(expected);
  }

  @Test
  void testOperatorDefaultOtlpEndpointUnlessSpecNamesOneOrTurnsTracingOff() {
    var settings = OperatorSettings.defaults().withDefaultOtlpEndpoint("http://otel:4318");
    var none = DesiredArchitecture.of(lamp(), settings);
    assertThat(
            env(
                StubDeployments.desired(none)
                    .get(0)
                    .getSpec()
                    .getTemplate()
                    .getSpec()
                    .getContainers()
                    .get(0)))
        .containsEntry("OTEL_EXPORTER_OTLP_ENDPOINT", "http://otel:4318")
        .containsEntry("OTEL_TRACES_EXPORTER", "otlp");

    var own =
        DesiredArchitecture.of(
            Architectures.with(
                lamp(), s -> s.setTracing(tracing(null, "http://mine:4318", null, null))),
            settings);
    assertThat(own.tracing().endpoint()).isEqualTo("http://mine:4318");

    var off =
        DesiredArchitecture.of(
            Architectures.with(lamp(), s -> s.setTracing(tracing(false, null, null, null))),
            settings);
    assertThat(off.tracing().enabled()).isFalse();
  }

  @Test
  void testImageFromSettingsUnlessSpecNamesOne() {
    var resource = lamp();
    var fromSettings =
        DesiredArchitecture.of(resource, OperatorSettings.defaults().withStubImage("reg/stub:1"));
    assertThat(
            StubDeployments.desired(fromSettings)
                .get(0)
                .getSpec()
                .getTemplate()
                .getSpec()
                .getContainers()
                .get(0)
                .getImage())
        .isEqualTo("reg/stub:1");

    var stub = new StubSpec();
    stub.setImage("mine/stub:2");
    stub.setImagePullPolicy("Never");
    var c = container(Architectures.with(lamp(), s -> s.setStub(stub)), "lamp-www-global");
    assertThat(c.getImage()).isEqualTo("mine/stub:2");
    assertThat(c.getImagePullPolicy()).isEqualTo("Never");
    assertThat(container(lamp(), "lamp-www-global").getImagePullPolicy()).isEqualTo("IfNotPresent");
  }

  @Test
  void testConfigHashAnnotationIsTheConfigMapsHash() {
    var arch = desired(lamp());
    for (Deployment d : StubDeployments.desired(arch)) {
      String service = d.getMetadata().getAnnotations().get(Annotations.SERVICE_NAME);
      assertThat(d.getSpec().getTemplate().getMetadata().getAnnotations())
          .containsEntry(Annotations.CONFIG_HASH, arch.service(service).configHash());
    }
  }

  @Test
  void testScrapeAnnotationsUnlessTurnedOff() {
    var on = deployment(lamp(), "lamp-www-global").getSpec().getTemplate().getMetadata();
    assertThat(on.getAnnotations())
        .containsEntry("prometheus.io/scrape", "true")
        .containsEntry("prometheus.io/port", "8080")
        .containsEntry("prometheus.io/path", "/metrics");

    var metrics = new MetricsSpec();
    metrics.setScrapeAnnotations(false);
    var off =
        deployment(Architectures.with(lamp(), s -> s.setMetrics(metrics)), "lamp-www-global")
            .getSpec()
            .getTemplate()
            .getMetadata();
    assertThat(off.getAnnotations()).containsOnlyKeys(Annotations.CONFIG_HASH);
  }

  private static TracingSpec tracing(
      Boolean enabled, String endpoint, String protocol, Double sampling) {
    var t = new TracingSpec();
    t.setEnabled(enabled);
    t.setEndpoint(endpoint);
    t.setProtocol(protocol);
    t.setSampling(sampling);
    return t;
  }

  private static Deployment deployment(SimulatedArchitecture resource, String name) {
    return StubDeployments.desired(desired(resource)).stream()
        .filter(d -> d.getMetadata().getName().equals(name))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no Deployment " + name));
  }

  private static Container container(SimulatedArchitecture resource, String deployment) {
    return deployment(resource, deployment)
        .getSpec()
        .getTemplate()
        .getSpec()
        .getContainers()
        .get(0);
  }

  private static Map<String, String> env(Container c) {
    var out = new LinkedHashMap<String, String>();
    for (EnvVar e : c.getEnv()) {
      out.put(e.getName(), e.getValue());
    }
    return out;
  }
}
