package io.simarch.api.model;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The resolved plan: every instance and every service edge of an architecture, expanded with
 * spigo's rules. Built by {@link Planner}; the same input always gives the same plan.
 */
public record Plan(
    String arch,
    int scale,
    int replicateRegions,
    String root,
    List<PlannedService> services,
    List<Instance> instances,
    List<Edge> edges) {

  /** spigo's wildcard for a cross-zone (zone) or global (region and zone) instance. */
  public static final String ANY = "*";

  /** One service after scaling: its instance count and where they go. */
  public record PlannedService(
      String name,
      @JsonProperty("package") String packageName,
      int regions,
      int count,
      List<String> dependencies,
      boolean crossRegion,
      int instances) {}

  /**
   * One instance. {@code name} is spigo's node name {@code arch.region.zone.id}, {@code id} the
   * instance id ({@code webserver00}), {@code index} its spigo index (continuing across regions).
   */
  public record Instance(
      String name,
      String id,
      String service,
      @JsonProperty("package") String packageName,
      String region,
      String zone,
      int index) {}

  /** A dependency of one service on another (a self edge means replication). */
  public record Edge(String from, String to) {}

  /** The instances of one service in one region and zone: one Deployment in a cluster. */
  public record Cell(String service, String region, String zone, List<Instance> instances) {}

  public PlannedService service(String name) {
    return services.stream()
        .filter(s -> s.name().equals(name))
        .findFirst()
        .orElseThrow(() -> new IllegalArgumentException("no service " + name + " in the plan"));
  }

  public List<Instance> instancesOf(String service) {
    return instances.stream().filter(i -> i.service().equals(service)).toList();
  }

  /** Cells in plan order: by service, then region, then zone as first used. */
  @JsonIgnore
  public List<Cell> cells() {
    Map<String, List<Instance>> byCell = new LinkedHashMap<>();
    for (Instance i : instances) {
      byCell
          .computeIfAbsent(
              i.service() + "\n" + i.region() + "\n" + i.zone(), k -> new ArrayList<>())
          .add(i);
    }
    return byCell.values().stream()
        .map(l -> new Cell(l.get(0).service(), l.get(0).region(), l.get(0).zone(), List.copyOf(l)))
        .toList();
  }

  /** Distinct regions with instances, in order of first use, without {@link #ANY}. */
  @JsonIgnore
  public List<String> regions() {
    return instances.stream().map(Instance::region).filter(r -> !ANY.equals(r)).distinct().toList();
  }

  /** Distinct zones with instances, in order of first use, without {@link #ANY}. */
  @JsonIgnore
  public List<String> zones() {
    return instances.stream().map(Instance::zone).filter(z -> !ANY.equals(z)).distinct().toList();
  }
}
