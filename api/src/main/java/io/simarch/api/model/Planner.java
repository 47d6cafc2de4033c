package io.simarch.api.model;

import io.simarch.api.v1alpha1.PackageNames;
import io.simarch.api.v1alpha1.ServiceSpec;
import io.simarch.api.v1alpha1.SimulatedArchitectureSpec;
import io.simarch.api.v1alpha1.TopologySpec;
import java.util.ArrayList;
import java.util.List;

/**
 * Expands an architecture into its {@link Plan}, following spigo's {@code asgard.Create}:
 *
 * <ul>
 *   <li>regions = service regions × replicateRegions; 0 → one global instance ({@code *.*});
 *   <li>count = service count × scale / 100, truncated; 0 → one instance per region, zone {@code
 *       *};
 *   <li>instance i (counting on across regions) goes to zone {@code zones[i % zones]};
 *   <li>the root is the last service.
 * </ul>
 *
 * Call it on a spec that {@link ArchitectureValidator} accepted.
 */
public final class Planner {
  private Planner() {}

  public static Plan plan(String archName, SimulatedArchitectureSpec spec) {
    return plan(archName, spec, null, null);
  }

  /**
   * @param scaleOverride replaces spec.scale when not null (the CLI's --scale)
   * @param regionsOverride replaces topology.replicateRegions when not null (--regions)
   */
  public static Plan plan(
      String archName,
      SimulatedArchitectureSpec spec,
      Integer scaleOverride,
      Integer regionsOverride) {
    int scale = Defaults.scale(spec, scaleOverride);
    int w = Defaults.replicateRegions(spec, regionsOverride);
    TopologySpec topo = spec.getTopology() == null ? new TopologySpec() : spec.getTopology();
    List<String> regionNames = topo.regionNamesOrDefault();
    List<String> zoneNames = topo.zoneNamesOrDefault();
    String arch = Defaults.arch(archName, spec);

    var planned = new ArrayList<Plan.PlannedService>();
    var instances = new ArrayList<Plan.Instance>();
    var edges = new ArrayList<Plan.Edge>();
    for (ServiceSpec s : spec.getServices()) {
      int regions = Defaults.regions(s) * w;
      int count = Defaults.count(s) * scale / 100;
      var mine = new ArrayList<Plan.Instance>();
      if (regions == 0) {
        mine.add(instance(arch, s, Plan.ANY, Plan.ANY, 0));
      }
      for (int r = 0; r < regions; r++) {
        String region = regionNames.get(r);
        if (count == 0) {
          mine.add(instance(arch, s, region, Plan.ANY, 0));
        } else {
          for (int i = r * count; i < (r + 1) * count; i++) {
            mine.add(instance(arch, s, region, zoneNames.get(i % zoneNames.size()), i));
          }
        }
      }
      instances.addAll(mine);
      List<String> deps = s.getDependencies() == null ? List.of() : s.getDependencies();
      for (String d : deps) {
        if (!PackageNames.EUREKA.equals(d)) {
          edges.add(new Plan.Edge(s.getName(), d));
        }
      }
      planned.add(
          new Plan.PlannedService(
              s.getName(),
              s.getPackageName(),
              regions,
              count,
              List.copyOf(deps),
              deps.contains(PackageNames.EUREKA),
              mine.size()));
    }
    String root =
        spec.getServices().isEmpty()
            ? null
            : spec.getServices().get(spec.getServices().size() - 1).getName();
    return new Plan(
        arch, scale, w, root, List.copyOf(planned), List.copyOf(instances), List.copyOf(edges));
  }

  private static Plan.Instance instance(
      String arch, ServiceSpec s, String region, String zone, int index) {
    String id = String.format("%s%02d", s.getName(), index);
    return new Plan.Instance(
        arch + "." + region + "." + zone + "." + id,
        id,
        s.getName(),
        s.getPackageName(),
        region,
        zone,
        index);
  }
}
