package io.simarch.operator;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.javaoperatorsdk.operator.api.reconciler.Workflow;
import io.javaoperatorsdk.operator.api.reconciler.dependent.Dependent;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependentResource;
import io.simarch.api.v1alpha1.SimulatedArchitecture;
import io.simarch.operator.architecture.SimulatedArchitectureReconciler;
import java.io.IOException;
import java.lang.reflect.ParameterizedType;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * What rbac-rules.yaml can be checked for without an API server: no wildcards, and a rule for every
 * kind the code names (the workflow's dependents, the primary and its status). Whether it allows
 * every request the operator makes is proven on a real API server: every operator *IT runs the
 * operator under exactly these rules through a ServiceAccount token and fails on any 403 ({@code
 * RequestCounter#forbidden}); that found the lease's {@code patch} missing.
 */
class RbacRulesTest {
  record Rules(List<PolicyRule> rules) {}

  static List<PolicyRule> rules() throws IOException {
    try (var in = RbacRulesTest.class.getClassLoader().getResourceAsStream("rbac-rules.yaml")) {
      return new ObjectMapper(new YAMLFactory()).readValue(in, Rules.class).rules();
    }
  }

  /** "group/resource" of every rule. */
  static Set<String> resources() throws IOException {
    var out = new TreeSet<String>();
    for (PolicyRule r : rules()) {
      for (String g : r.getApiGroups()) {
        for (String res : r.getResources()) {
          out.add(g + "/" + res);
        }
      }
    }
    return out;
  }

  /** The kinds the reconciler's workflow writes, from its annotation. */
  static Set<String> workflowKinds() {
    var out = new TreeSet<String>();
    var workflow = SimulatedArchitectureReconciler.class.getAnnotation(Workflow.class);
    for (Dependent d : workflow.dependents()) {
      Class<? extends HasMetadata> type = childType(d.type());
      out.add(HasMetadata.getGroup(type) + "/" + HasMetadata.getPlural(type));
    }
    return out;
  }

  @SuppressWarnings("unchecked")
  static Class<? extends HasMetadata> childType(Class<?> dependent) {
    Class<?> c = dependent;
    while (c != null && c.getSuperclass() != KubernetesDependentResource.class) {
      c = c.getSuperclass();
    }
    var generic = (ParameterizedType) c.getGenericSuperclass();
    var arg = generic.getActualTypeArguments()[0];
    if (arg instanceof Class<?> k) {
      return (Class<? extends HasMetadata>) k;
    }
    // StubBulkDependent<R>: the concrete class names R
    var concrete = (ParameterizedType) dependent.getGenericSuperclass();
    return (Class<? extends HasMetadata>) concrete.getActualTypeArguments()[0];
  }

  @Test
  void testEveryKindTheWorkflowWritesHasARule() throws IOException {
    assertThat(workflowKinds()).hasSize(4);
    assertThat(resources()).containsAll(workflowKinds());
  }

  @Test
  void testThePrimaryAndItsStatusHaveRules() throws IOException {
    String primary =
        HasMetadata.getGroup(SimulatedArchitecture.class)
            + "/"
            + HasMetadata.getPlural(SimulatedArchitecture.class);

    assertThat(resources()).contains(primary, primary + "/status");
  }

  @Test
  void testNoWildcards() throws IOException {
    var all = new ArrayList<String>();
    for (PolicyRule r : rules()) {
      all.addAll(r.getApiGroups());
      all.addAll(r.getResources());
      all.addAll(r.getVerbs());
    }
    assertThat(all).doesNotContain("*");
  }
}
