package io.simarch.operator.testing;

import static org.assertj.core.api.Assumptions.assumeThat;

import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.ServiceAccountBuilder;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.authentication.TokenRequestBuilder;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.api.model.rbac.RoleBindingBuilder;
import io.fabric8.kubernetes.api.model.rbac.RoleBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.javaoperatorsdk.operator.Operator;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * The cluster named by KUBECONFIG, for *IT, *E2E and the bench; skips loudly when there is none.
 */
public final class Cluster {
  public static final String CRD_RESOURCE =
      "META-INF/fabric8/simulatedarchitectures.simarch.io-v1.yml";
  public static final String CRD_NAME = "simulatedarchitectures.simarch.io";

  private Cluster() {}

  /**
   * Why no cluster can be used, or null when the KUBECONFIG cluster answers. Checked once per JVM.
   */
  public static synchronized String unavailable() {
    if (checked == null) {
      checked = check();
      if (!checked.isEmpty()) {
        System.out.println("SKIPPED (no cluster): " + checked);
      }
    }
    return checked.isEmpty() ? null : checked;
  }

  /** Skips the calling test, with the reason printed once, unless a cluster answers. */
  public static void assumeReachable() {
    String reason = unavailable();
    assumeThat(reason).as("no cluster: %s", reason).isNull();
  }

  private static String checked;

  private static String check() {
    String kubeconfig = System.getenv("KUBECONFIG");
    if (kubeconfig == null || kubeconfig.isBlank()) {
      return "KUBECONFIG is not set (export KUBECONFIG for a Kubernetes API server to test against)";
    }
    if (!Files.isReadable(Path.of(kubeconfig.split(File.pathSeparator)[0]))) {
      return "KUBECONFIG names no readable file: " + kubeconfig;
    }
    try (var client = client(null)) {
      client.getKubernetesVersion();
      return "";
    } catch (RuntimeException e) {
      return "the API server of KUBECONFIG=" + kubeconfig + " does not answer: " + e.getMessage();
    }
  }

  /** A client of the KUBECONFIG cluster; {@code counter} (may be null) sees every request. */
  public static KubernetesClient client(RequestCounter counter) {
    var config = Config.autoConfigure(null);
    config.setRequestTimeout(30_000);
    var builder = new KubernetesClientBuilder().withConfig(config);
    if (counter != null) {
      builder.withHttpClientBuilderConsumer(b -> b.addOrReplaceInterceptor("counter", counter));
    }
    return builder.build();
  }

  /** Applies the generated CRD (server-side) and waits until it is Established. */
  public static void installCrd(KubernetesClient client) {
    CustomResourceDefinition crd;
    try (InputStream in = crdStream()) {
      crd = client.apiextensions().v1().customResourceDefinitions().load(in).item();
    } catch (IOException e) {
      throw new IllegalStateException("cannot read the CRD", e);
    }
    crd.getMetadata().setResourceVersion(null);
    client.resource(crd).fieldManager("simarch-test").forceConflicts().serverSideApply();
    client
        .apiextensions()
        .v1()
        .customResourceDefinitions()
        .withName(CRD_NAME)
        .waitUntilCondition(
            c ->
                c != null
                    && c.getStatus() != null
                    // a CRD just created has a status without conditions for a moment
                    && c.getStatus().getConditions() != null
                    && c.getStatus().getConditions().stream()
                        .anyMatch(
                            x -> "Established".equals(x.getType()) && "True".equals(x.getStatus())),
            60,
            TimeUnit.SECONDS);
  }

  /** crds/ of the repository when the lead committed it there, else the one the api jar holds. */
  private static InputStream crdStream() throws IOException {
    Path committed = Architectures.repo().resolve("crds/" + CRD_NAME + "-v1.yml");
    if (Files.isRegularFile(committed)) {
      return Files.newInputStream(committed);
    }
    var in = Cluster.class.getClassLoader().getResourceAsStream(CRD_RESOURCE);
    if (in == null) {
      throw new IllegalStateException("no CRD in crds/ nor on the classpath at " + CRD_RESOURCE);
    }
    return in;
  }

  /**
   * A client that has exactly the operator's RBAC (rbac-rules.yaml) in {@code namespace}, through a
   * ServiceAccount's token: what the operator does with it, the chart's Role allows.
   */
  public static KubernetesClient operatorClient(
      KubernetesClient admin, String namespace, RequestCounter counter) {
    return operatorAccount(admin, namespace).client(counter);
  }

  /**
   * The ServiceAccount {@code simarch-operator} in {@code namespace}, bound by a Role to exactly
   * rbac-rules.yaml, with a token from the TokenRequest API ({@code serviceaccounts/token}, served
   * since 1.20; token Secrets are no longer made from 1.24 on). Several clients may share it, as
   * the replicas of one Deployment do.
   */
  public static OperatorAccount operatorAccount(KubernetesClient admin, String namespace) {
    return new OperatorAccount(accountToken(admin, namespace, "simarch-operator", rbacRules()));
  }

  /**
   * The token of a new ServiceAccount {@code name} in {@code namespace}, bound by a Role of the
   * same name to exactly {@code rules}.
   */
  public static String accountToken(
      KubernetesClient admin, String namespace, String name, List<PolicyRule> rules) {
    admin
        .serviceAccounts()
        .inNamespace(namespace)
        .resource(
            new ServiceAccountBuilder()
                .withNewMetadata()
                .withName(name)
                .withNamespace(namespace)
                .endMetadata()
                .build())
        .create();
    admin
        .rbac()
        .roles()
        .inNamespace(namespace)
        .resource(
            new RoleBuilder()
                .withNewMetadata()
                .withName(name)
                .withNamespace(namespace)
                .endMetadata()
                .withRules(rules)
                .build())
        .create();
    admin
        .rbac()
        .roleBindings()
        .inNamespace(namespace)
        .resource(
            new RoleBindingBuilder()
                .withNewMetadata()
                .withName(name)
                .withNamespace(namespace)
                .endMetadata()
                .withNewRoleRef("rbac.authorization.k8s.io", "Role", name)
                .addNewSubject()
                .withKind("ServiceAccount")
                .withName(name)
                .withNamespace(namespace)
                .endSubject()
                .build())
        .create();
    var request =
        admin
            .serviceAccounts()
            .inNamespace(namespace)
            .withName(name)
            .tokenRequest(
                new TokenRequestBuilder()
                    .withNewSpec()
                    // longer than any test class runs; the API server's default audience
                    .withExpirationSeconds(TOKEN_SECONDS)
                    .endSpec()
                    .build());
    return request.getStatus().getToken();
  }

  static final long TOKEN_SECONDS = 2 * 3600;

  /**
   * A kubeconfig file in {@code dir} for a new ServiceAccount of {@code namespace} bound to {@code
   * role}'s rules alone (named as the role): a user holding exactly that Role.
   */
  public static Path kubeconfigOf(KubernetesClient admin, String namespace, Role role, Path dir)
      throws IOException {
    String name = role.getMetadata().getName();
    String token = accountToken(admin, namespace, name, role.getRules());
    var config = admin.getConfiguration();
    String ca =
        config.getCaCertData() != null
            ? config.getCaCertData()
            : java.util.Base64.getEncoder()
                .encodeToString(Files.readAllBytes(Path.of(config.getCaCertFile())));
    Path file = dir.resolve(name + ".kubeconfig");
    Files.writeString(
        file,
        String.join(
            "\n",
            "apiVersion: v1",
            "kind: Config",
            "clusters:",
            "- name: kit",
            "  cluster:",
            "    server: " + admin.getMasterUrl(),
            "    certificate-authority-data: " + ca,
            "users:",
            "- name: " + name,
            "  user:",
            "    token: " + token,
            "contexts:",
            "- name: " + name,
            "  context: {cluster: kit, user: " + name + ", namespace: " + namespace + "}",
            "current-context: " + name,
            ""));
    return file;
  }

  /** rbac-rules.yaml, the operator's exact access. */
  public static List<PolicyRule> rbacRules() {
    try (var in = Cluster.class.getClassLoader().getResourceAsStream("rbac-rules.yaml")) {
      return Serialization.unmarshal(in, Role.class).getRules();
    } catch (IOException e) {
      throw new IllegalStateException("cannot read rbac-rules.yaml", e);
    }
  }

  /** A ServiceAccount token of the operator's RBAC. */
  public record OperatorAccount(String token) {
    /**
     * A client with the cluster's address and CA from KUBECONFIG and no credential but the token.
     */
    public KubernetesClient client(RequestCounter counter) {
      var kube = Config.autoConfigure(null);
      var config =
          new ConfigBuilder()
              .withMasterUrl(kube.getMasterUrl())
              .withCaCertData(kube.getCaCertData())
              .withCaCertFile(kube.getCaCertFile())
              .withTrustCerts(kube.isTrustCerts())
              .withOauthToken(token)
              .withRequestTimeout(30_000)
              .build();
      var builder = new KubernetesClientBuilder().withConfig(config);
      if (counter != null) {
        builder.withHttpClientBuilderConsumer(b -> b.addOrReplaceInterceptor("counter", counter));
      }
      return builder.build();
    }
  }

  /** Creates a namespace with a random suffix. */
  public static String createNamespace(KubernetesClient client, String prefix) {
    String name = prefix + "-" + Long.toString(ThreadLocalRandom.current().nextLong(1L << 40), 36);
    client
        .namespaces()
        .resource(new NamespaceBuilder().withNewMetadata().withName(name).endMetadata().build())
        .create();
    return name;
  }

  /**
   * Stops what an IT started, any of it null: the operator, then its client, then the namespace
   * (not waited for) and the admin client.
   */
  public static void stop(
      Operator operator,
      KubernetesClient operatorClient,
      KubernetesClient admin,
      String namespace) {
    if (operator != null) {
      operator.stop();
    }
    if (operatorClient != null) {
      operatorClient.close();
    }
    if (admin != null) {
      deleteNamespace(admin, namespace);
      admin.close();
    }
  }

  public static void deleteNamespace(KubernetesClient client, String name) {
    if (name != null) {
      // not waiting: namespace finalization takes as long as its pods' deletion
      client.namespaces().withName(name).delete();
    }
  }
}
