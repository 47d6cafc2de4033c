package io.simarch.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.kubernetes.api.model.ResourceRequirements;

/** The stub-service pods. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class StubSpec {
  @JsonPropertyDescription("Stub-service image. Default the operator's configured image.")
  private String image;

  @JsonPropertyDescription("Always, IfNotPresent or Never. Default IfNotPresent.")
  @Pattern(Patterns.IMAGE_PULL_POLICY)
  private String imagePullPolicy;

  @JsonPropertyDescription(
      "Resources of every stub container. Default requests 50m CPU / 96Mi, limits 500m / 256Mi.")
  private ResourceRequirements resources;

  @JsonPropertyDescription(
      "Create a NetworkPolicy per service that admits only its declared callers. Default true.")
  private Boolean networkPolicies;

  @JsonPropertyDescription(
      "The stub JVM's JIT compilers. c1: the least CPU and memory to start, and per request while"
          + " a pod serves tens of requests a second; right for many pods on a small node. c2: the"
          + " JVM's tiered default, about half the CPU per request once compiled, for a few pods"
          + " serving hundreds of requests a second each (a stress test's fast way to many spans"
          + " per core); its compiles take minutes of CPU in every pod, which many pods on a"
          + " small node cannot afford. Default c1.")
  @Pattern(Patterns.STUB_JIT)
  private String jit;

  public String getImage() {
    return image;
  }

  public void setImage(String image) {
    this.image = image;
  }

  public String getImagePullPolicy() {
    return imagePullPolicy;
  }

  public void setImagePullPolicy(String imagePullPolicy) {
    this.imagePullPolicy = imagePullPolicy;
  }

  public ResourceRequirements getResources() {
    return resources;
  }

  public void setResources(ResourceRequirements resources) {
    this.resources = resources;
  }

  public Boolean getNetworkPolicies() {
    return networkPolicies;
  }

  public void setNetworkPolicies(Boolean networkPolicies) {
    this.networkPolicies = networkPolicies;
  }

  public String getJit() {
    return jit;
  }

  public void setJit(String jit) {
    this.jit = jit;
  }
}
