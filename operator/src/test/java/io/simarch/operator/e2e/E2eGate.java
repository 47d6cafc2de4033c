package io.simarch.operator.e2e;

import static org.assertj.core.api.Assumptions.assumeThat;

import io.simarch.operator.testing.Cluster;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Whether an *E2E class can run here, and if not why: its {@code @BeforeAll} asks for what it needs
 * (a stub image, a property, a cluster) and stops at the first thing missing; the gate prints the
 * reason once and then skips each of the class's tests with it. A skip is never silent: {@code
 * .ci/run} fails the tier on any skipped test, so under CI a tier that cannot run fails.
 *
 * <p>Registered per instance, so the {@code @BeforeAll} of a {@code PER_CLASS} test can use it:
 *
 * <pre>
 * &#64;RegisterExtension final E2eGate gate = new E2eGate(getClass());
 *
 * &#64;BeforeAll
 * void setUp() {
 *   String stubImage = gate.stubImage();
 *   if (stubImage == null || !gate.clusterOfKubeconfig()) {
 *     return;
 *   }
 *   ...
 * }
 * </pre>
 */
final class E2eGate implements BeforeEachCallback {
  /** Why the stub image is missing, and what to pass. */
  static final String NO_STUB_IMAGE =
      "no stub image: pass -Dsimarch.stubImage=<image loaded into the cluster>";

  private final String test;
  private String closed;

  E2eGate(Class<?> testClass) {
    this.test = testClass.getSimpleName();
  }

  /**
   * The stub image loaded into the cluster ({@code -Dsimarch.stubImage}, else the environment's
   * {@code SIMARCH_E2E_STUB_IMAGE}); null, the gate closed, when there is none.
   */
  String stubImage() {
    String image = System.getProperty("simarch.stubImage", System.getenv("SIMARCH_E2E_STUB_IMAGE"));
    if (image == null || image.isBlank()) {
      close(NO_STUB_IMAGE);
      return null;
    }
    return image;
  }

  /** The system property {@code name}; null, the gate closed saying {@code why}, without it. */
  String property(String name, String why) {
    String value = System.getProperty(name);
    if (value == null || value.isBlank()) {
      close(why);
      return null;
    }
    return value;
  }

  /**
   * Whether the cluster of KUBECONFIG answers (the gate closed with {@link Cluster#unavailable}'s
   * reason when not); for a test that hands the user's kubeconfig on, which a Testcontainers k3s
   * could not.
   */
  boolean clusterOfKubeconfig() {
    String why = Cluster.unavailable();
    return why == null || close(why);
  }

  /**
   * The cluster of KUBECONFIG, else a k3s ({@link E2eCluster#open}); null, the gate closed, when
   * neither can be had.
   */
  E2eCluster cluster() {
    var why = new String[1];
    E2eCluster cluster = E2eCluster.open(why);
    if (cluster == null) {
      close(why[0]);
    }
    return cluster;
  }

  /** Closes the gate: prints {@code reason} once and skips every test of the class with it. */
  boolean close(String reason) {
    if (closed == null) {
      closed = reason;
      System.out.println("SKIPPED (" + test + "): " + reason);
    }
    return false;
  }

  /** Whether nothing closed the gate. */
  boolean open() {
    return closed == null;
  }

  @Override
  public void beforeEach(ExtensionContext context) {
    assumeThat(closed).as("E2E skipped: %s", closed).isNull();
  }
}
