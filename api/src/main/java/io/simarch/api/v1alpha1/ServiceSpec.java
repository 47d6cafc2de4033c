package io.simarch.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** One service of the architecture: spigo's service entry plus simarch's overrides. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"name", "package", "count", "regions", "dependencies"})
public class ServiceSpec {
  @JsonPropertyDescription(
      "Service name, unique in the architecture. spigo's camelCase names are kept; Kubernetes"
          + " objects use a DNS-1123 form of it (cassSubscriber → cass-subscriber).")
  @Required
  @Pattern(Patterns.SERVICE_NAME)
  private String name;

  @JsonPropertyDescription(
      "spigo package: the role the stub plays. One of denominator, elb, zuul, karyon, monolith,"
          + " staash, store, cache, volume, priamCassandra, riak,"
          + " apigateway, lambda, dynamodb, s3, kinesis.")
  @Required
  @Pattern(PackageNames.PATTERN)
  private String packageName;

  @JsonPropertyDescription(
      "Instances per region before scaling (spigo's `count`). 0 means one cross-zone instance per"
          + " region (zone `*`), as spigo's elb. Default 1.")
  @Min(0)
  private Integer count;

  @JsonPropertyDescription(
      "Number of regions the service runs in, multiplied by topology.replicateRegions (spigo's"
          + " `regions` × `-w`). 0 means one global instance (zone and region `*`), as spigo's"
          + " denominator. Default 1 (a missing value in a spigo JSON file means 0, as in spigo).")
  @Min(0)
  private Integer regions;

  @JsonPropertyDescription(
      "Services this one calls. A self-dependency means replication between its own instances;"
          + " `eureka` means it also sees instances in every other region.")
  private List<@Pattern(Patterns.SERVICE_NAME) String> dependencies = new ArrayList<>();

  @JsonPropertyDescription(
      "Call policy for this service's dependency calls (overrides spec.callPolicy).")
  private CallPolicySpec callPolicy;

  @JsonPropertyDescription(
      "Call policy per dependency name (overrides the service's and the architecture's).")
  private Map<String, CallPolicySpec> dependencyPolicies;

  @JsonPropertyDescription("Behaviour of this service (overrides spec.behavior field by field).")
  private BehaviorSpec behavior;

  @JsonPropertyDescription("Function settings; only for package lambda.")
  private FunctionSpec function;

  @JsonPropertyDescription("Rate limit; only for package apigateway.")
  private GatewaySpec gateway;

  @JsonPropertyDescription("Capacity; only for package dynamodb.")
  private TableSpec table;

  @JsonPropertyDescription("Batching of its consumers' invocations; only for package kinesis.")
  private StreamSpec stream;

  @JsonPropertyDescription("spigo arch-0.1 `machine`; informational.")
  private String machine;

  @JsonPropertyDescription("spigo arch-0.1 `instance`; informational.")
  private String instance;

  @JsonPropertyDescription("spigo arch-0.1 `container`; informational.")
  private String container;

  @JsonPropertyDescription("spigo arch-0.1 `process`; informational.")
  private String process;

  public ServiceSpec() {}

  public ServiceSpec(String name, String packageName, int count, int regions, String... deps) {
    this.name = name;
    this.packageName = packageName;
    this.count = count;
    this.regions = regions;
    this.dependencies = new ArrayList<>(List.of(deps));
  }

  @com.fasterxml.jackson.annotation.JsonProperty("package")
  public String getPackageName() {
    return packageName;
  }

  @com.fasterxml.jackson.annotation.JsonProperty("package")
  public void setPackageName(String packageName) {
    this.packageName = packageName;
  }

  /** The dependency policies, never null. */
  public Map<String, CallPolicySpec> dependencyPoliciesOrEmpty() {
    return dependencyPolicies == null ? Map.of() : dependencyPolicies;
  }

  public void putDependencyPolicy(String dependency, CallPolicySpec policy) {
    if (dependencyPolicies == null) {
      dependencyPolicies = new LinkedHashMap<>();
    }
    dependencyPolicies.put(dependency, policy);
  }

  public String getName() {
    return name;
  }

  public void setName(String name) {
    this.name = name;
  }

  public Integer getCount() {
    return count;
  }

  public void setCount(Integer count) {
    this.count = count;
  }

  public Integer getRegions() {
    return regions;
  }

  public void setRegions(Integer regions) {
    this.regions = regions;
  }

  public List<String> getDependencies() {
    return dependencies;
  }

  public void setDependencies(List<String> dependencies) {
    this.dependencies = dependencies;
  }

  public CallPolicySpec getCallPolicy() {
    return callPolicy;
  }

  public void setCallPolicy(CallPolicySpec callPolicy) {
    this.callPolicy = callPolicy;
  }

  public Map<String, CallPolicySpec> getDependencyPolicies() {
    return dependencyPolicies;
  }

  public void setDependencyPolicies(Map<String, CallPolicySpec> dependencyPolicies) {
    this.dependencyPolicies = dependencyPolicies;
  }

  public BehaviorSpec getBehavior() {
    return behavior;
  }

  public void setBehavior(BehaviorSpec behavior) {
    this.behavior = behavior;
  }

  public FunctionSpec getFunction() {
    return function;
  }

  public void setFunction(FunctionSpec function) {
    this.function = function;
  }

  public GatewaySpec getGateway() {
    return gateway;
  }

  public void setGateway(GatewaySpec gateway) {
    this.gateway = gateway;
  }

  public TableSpec getTable() {
    return table;
  }

  public void setTable(TableSpec table) {
    this.table = table;
  }

  public StreamSpec getStream() {
    return stream;
  }

  public void setStream(StreamSpec stream) {
    this.stream = stream;
  }

  public String getMachine() {
    return machine;
  }

  public void setMachine(String machine) {
    this.machine = machine;
  }

  public String getInstance() {
    return instance;
  }

  public void setInstance(String instance) {
    this.instance = instance;
  }

  public String getContainer() {
    return container;
  }

  public void setContainer(String container) {
    this.container = container;
  }

  public String getProcess() {
    return process;
  }

  public void setProcess(String process) {
    this.process = process;
  }
}
