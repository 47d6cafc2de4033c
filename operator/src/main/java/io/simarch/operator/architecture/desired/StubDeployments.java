package io.simarch.operator.architecture.desired;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.EnvVarBuilder;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.PodSpecBuilder;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.ProbeBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeBuilder;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.VolumeMountBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.simarch.api.model.KubeNames;
import io.simarch.api.model.Plan;
import io.simarch.api.model.StubConfig;
import io.simarch.api.model.StubJit;
import io.simarch.operator.Annotations;
import io.simarch.operator.Labels;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One Deployment per cell of the plan (service × region × zone), so zones are real objects that
 * zone-affinity and zone-outage chaos can act on. Pods are hardened: non-root, read-only root
 * filesystem, no privilege escalation, no capabilities, no service-account token.
 */
public final class StubDeployments {
  public static final String CONTAINER = "stub";
  public static final String CONFIG_DIR = "/etc/simarch";
  public static final String CONFIG_PATH = CONFIG_DIR + "/" + StubConfigJson.KEY;
  public static final long RUN_AS = 65532;
  public static final String LIVENESS_PATH = "/health/liveness";
  public static final String READINESS_PATH = "/health/readiness";

  /** The stub's health listener: liveness on a thread of its own, never starved by serving. */
  public static final String HEALTH_PORT_NAME = "health";

  public static final String METRICS_PATH = "/metrics";
  public static final String DEFAULT_PULL_POLICY = "IfNotPresent";
  public static final long TERMINATION_GRACE_SECONDS = 20;

  private StubDeployments() {}

  public static List<Deployment> desired(DesiredArchitecture arch) {
    var out = new ArrayList<Deployment>();
    for (Plan.Cell cell : arch.plan().cells()) {
      out.add(deployment(arch, arch.service(cell.service()), cell));
    }
    return out;
  }

  public static String name(String architecture, Plan.Cell cell) {
    return KubeNames.cell(architecture, cell.service(), cell.region(), cell.zone());
  }

  static Deployment deployment(
      DesiredArchitecture arch, DesiredArchitecture.ServiceModel service, Plan.Cell cell) {
    Map<String, String> selector =
        Labels.cellSelector(arch.name(), service.name(), cell.region(), cell.zone());
    var podLabels = new LinkedHashMap<>(ChildMetadata.labels(arch, service));
    podLabels.putAll(selector);
    return new DeploymentBuilder()
        .withMetadata(ChildMetadata.of(arch, service, name(arch.name(), cell), selector))
        .withNewSpec()
        .withReplicas(cell.instances().size())
        .withRevisionHistoryLimit(2)
        .withNewSelector()
        .withMatchLabels(selector)
        .endSelector()
        .withNewTemplate()
        .withNewMetadata()
        .withLabels(podLabels)
        .withAnnotations(podAnnotations(arch, service))
        .endMetadata()
        .withSpec(podSpec(arch, service, cell))
        .endTemplate()
        .endSpec()
        .build();
  }

  private static Map<String, String> podAnnotations(
      DesiredArchitecture arch, DesiredArchitecture.ServiceModel service) {
    var annotations = new LinkedHashMap<String, String>();
    annotations.put(Annotations.CONFIG_HASH, service.configHash());
    var metrics = arch.spec().getMetrics();
    boolean scrape =
        metrics == null
            || (!Boolean.FALSE.equals(metrics.getEnabled())
                && !Boolean.FALSE.equals(metrics.getScrapeAnnotations()));
    if (scrape) {
      annotations.put(Annotations.PROMETHEUS_SCRAPE, "true");
      annotations.put(Annotations.PROMETHEUS_PORT, String.valueOf(StubConfig.PORT));
      annotations.put(Annotations.PROMETHEUS_PATH, METRICS_PATH);
    }
    return annotations;
  }

  static PodSpec podSpec(
      DesiredArchitecture arch, DesiredArchitecture.ServiceModel service, Plan.Cell cell) {
    return new PodSpecBuilder()
        // stubs never call the API server; with 1000 Services, service links would also flood env
        .withAutomountServiceAccountToken(false)
        .withEnableServiceLinks(false)
        // the stub keeps serving SIMARCH_DRAIN_DELAY (3s) after SIGTERM, then waits up to
        // SIMARCH_GRACE (10s) for requests in flight: leave it that long before SIGKILL
        .withTerminationGracePeriodSeconds(TERMINATION_GRACE_SECONDS)
        .withNewSecurityContext()
        .withRunAsNonRoot(true)
        .withRunAsUser(RUN_AS)
        .withRunAsGroup(RUN_AS)
        .withFsGroup(RUN_AS)
        .withNewSeccompProfile()
        .withType("RuntimeDefault")
        .endSeccompProfile()
        .endSecurityContext()
        .withContainers(container(arch, service, cell))
        .withVolumes(volumes(arch, service))
        .build();
  }

  private static Container container(
      DesiredArchitecture arch, DesiredArchitecture.ServiceModel service, Plan.Cell cell) {
    var stub = arch.spec().getStub();
    String pullPolicy =
        stub != null && stub.getImagePullPolicy() != null
            ? stub.getImagePullPolicy()
            : DEFAULT_PULL_POLICY;
    return new ContainerBuilder()
        .withName(CONTAINER)
        .withImage(arch.stubImage())
        .withImagePullPolicy(pullPolicy)
        .addNewPort()
        .withName(StubServices.PORT_NAME)
        .withContainerPort(StubConfig.PORT)
        .withProtocol("TCP")
        .endPort()
        .addNewPort()
        .withName(HEALTH_PORT_NAME)
        .withContainerPort(StubConfig.HEALTH_PORT)
        .withProtocol("TCP")
        .endPort()
        .withEnv(env(arch, service, cell))
        .withResources(StubResources.of(stub == null ? null : stub.getResources()))
        // a JVM starts in seconds alone but in minutes when a node starts dozens at once under
        // CPU limits (over 5 minutes for 27 pods on a busy 2-core node): the startup probe
        // allows 10 minutes before liveness may restart it, asking every second so a started
        // stub is let through at once.
        // The probes ask the health listener, which busy serving cannot starve: overload never
        // gets a stub restarted, nor taken out of the rotation. A busy stub sheds what it cannot
        // serve with fast 503s instead; de-routing it under load made the whole tier unreachable
        // when it had one instance (banking's elb in operator/bench).
        // Readiness is asked seldom (a started stub stays ready until it stops, and a stopping
        // pod leaves its Service's endpoints because it is terminating): the probes are an idle
        // stub's largest cost. It is asked at all because a 1.20 kubelet marks a container with no
        // readiness probe Ready only at its next sync of the pod, up to a minute after the
        // startup probe passed. The startup probe asks readiness too, so Started means serving.
        .withStartupProbe(probe(READINESS_PATH, HEALTH_PORT_NAME, 1, 600))
        .withLivenessProbe(probe(LIVENESS_PATH, HEALTH_PORT_NAME, 30, 3))
        .withReadinessProbe(probe(READINESS_PATH, HEALTH_PORT_NAME, 10, 1))
        .withNewSecurityContext()
        .withAllowPrivilegeEscalation(false)
        .withReadOnlyRootFilesystem(true)
        .withPrivileged(false)
        .withRunAsNonRoot(true)
        .withNewCapabilities()
        .withDrop("ALL")
        .endCapabilities()
        .endSecurityContext()
        .withVolumeMounts(volumeMounts())
        .build();
  }

  /**
   * Identity from the cell and the pod name, OTEL_* from the spec's tracing section, and the JVM's
   * compilers from {@code spec.stub.jit}.
   */
  static List<EnvVar> env(
      DesiredArchitecture arch, DesiredArchitecture.ServiceModel service, Plan.Cell cell) {
    var env = new ArrayList<EnvVar>();
    env.add(value("SIMARCH_CONFIG", CONFIG_PATH));
    env.add(
        new EnvVarBuilder()
            .withName("SIMARCH_INSTANCE")
            .withNewValueFrom()
            .withNewFieldRef()
            .withApiVersion("v1")
            .withFieldPath("metadata.name")
            .endFieldRef()
            .endValueFrom()
            .build());
    env.add(value("SIMARCH_REGION", cell.region()));
    env.add(value("SIMARCH_ZONE", cell.zone()));
    env.addAll(OtelEnv.of(arch, service, cell));
    var stub = arch.spec().getStub();
    String jvm = StubJit.of(stub == null ? null : stub.getJit()).jvmOptions();
    if (jvm != null) {
      env.add(value(StubJit.ENV, jvm));
    }
    return env;
  }

  static EnvVar value(String name, String value) {
    return new EnvVarBuilder().withName(name).withValue(value).build();
  }

  private static Probe probe(String path, String port, int periodSeconds, int failureThreshold) {
    return new ProbeBuilder()
        .withNewHttpGet()
        .withPath(path)
        .withPort(new IntOrString(port))
        .withScheme("HTTP")
        .endHttpGet()
        .withPeriodSeconds(periodSeconds)
        .withFailureThreshold(failureThreshold)
        .withTimeoutSeconds(5)
        .build();
  }

  private static List<Volume> volumes(
      DesiredArchitecture arch, DesiredArchitecture.ServiceModel service) {
    return List.of(
        new VolumeBuilder()
            .withName("config")
            .withNewConfigMap()
            .withName(StubConfigMaps.name(arch.name(), service.name()))
            .endConfigMap()
            .build(),
        // the root filesystem is read-only; the JVM and Netty still want a scratch directory
        new VolumeBuilder()
            .withName("tmp")
            .withNewEmptyDir()
            .withSizeLimit(new Quantity("64Mi"))
            .endEmptyDir()
            .build());
  }

  private static List<VolumeMount> volumeMounts() {
    return List.of(
        new VolumeMountBuilder()
            .withName("config")
            .withMountPath(CONFIG_DIR)
            .withReadOnly(true)
            .build(),
        new VolumeMountBuilder().withName("tmp").withMountPath("/tmp").build());
  }
}
