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

/** rbac-rules.yaml grants what the code uses, and nothing it does not. */
class RbacRulesTest {
  static final Set<String> CHILD_VERBS =
      Set.of("get", "list", "watch", "create", "update", "patch", "delete");

  record Rules(List<PolicyRule> rules) {}

  static List<PolicyRule> rules() throws IOException {
    try (var in = RbacRulesTest.class.getClassLoader().getResourceAsStream("rbac-rules.yaml")) {
      return new ObjectMapper(new YAMLFactory()).readValue(in, Rules.class).rules();
    }
  }

  /** "group/resource:verb" for every rule. */
  static Set<String> granted() throws IOException {
    var out = new TreeSet<String>();
    for (PolicyRule r : rules()) {
      for (String g : r.getApiGroups()) {
        for (String res : r.getResources()) {
          for (String v : r.getVerbs()) {
            out.add(g + "/" + res + ":" + v);
          }
        }
      }
    }
    return out;
  }

  /** What the code needs: derived from the workflow's dependents and the primary resource. */
  static Set<String> needed() throws Exception {
    var out = new TreeSet<String>();
    var workflow = SimulatedArchitectureReconciler.class.getAnnotation(Workflow.class);
    for (Dependent d : workflow.dependents()) {
      Class<? extends HasMetadata> type = childType(d.type());
      var sample = type.getDeclaredConstructor().newInstance();
      String group = HasMetadata.getGroup(type);
      for (String v : CHILD_VERBS) {
        out.add(group + "/" + HasMetadata.getPlural(type) + ":" + v);
      }
      assertThat(sample).isNotNull();
    }
    String primary =
        HasMetadata.getGroup(SimulatedArchitecture.class)
            + "/"
            + HasMetadata.getPlural(SimulatedArchitecture.class);
    for (String v : List.of("get", "list", "watch")) {
      out.add(primary + ":" + v);
    }
    for (String v : List.of("get", "patch", "update")) {
      out.add(primary + "/status:" + v);
    }
    out.add(primary + "/finalizers:update");
    out.add("/events:create");
    // the chaos monkey: the reconciler's pod informer, deletions and evictions
    for (String v : List.of("list", "watch", "delete")) {
      out.add("/pods:" + v);
    }
    out.add("/pods/eviction:create");
    for (String v : List.of("get", "create", "update")) {
      out.add("coordination.k8s.io/leases:" + v);
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
  void testRulesGrantExactlyWhatTheCodeUses() throws Exception {
    assertThat(granted()).containsExactlyInAnyOrderElementsOf(needed());
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
