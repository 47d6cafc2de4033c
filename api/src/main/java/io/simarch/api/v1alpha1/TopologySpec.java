package io.simarch.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import java.util.List;

/** Where instances are placed: spigo's region and zone names and its `-w` multiplier. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class TopologySpec {
  public static final List<String> DEFAULT_REGIONS =
      List.of(
          "us-east-1",
          "us-west-2",
          "eu-west-1",
          "eu-central-1",
          "ap-southeast-1",
          "ap-southeast-2");
  public static final List<String> DEFAULT_ZONES = List.of("zoneA", "zoneB", "zoneC");

  @JsonPropertyDescription(
      "Region names, in order of use. Default spigo's six AWS regions, from us-east-1.")
  private List<String> regionNames;

  @JsonPropertyDescription(
      "Zone names used in every region (their number is the zones per region). Default zoneA,"
          + " zoneB, zoneC. Instances go round-robin over them by instance index.")
  private List<String> zoneNames;

  @JsonPropertyDescription(
      "Regions to replicate into, spigo's `-w`: each service's regions are multiplied by it."
          + " Default 1.")
  @Min(1)
  @Max(64)
  private Integer replicateRegions;

  public List<String> regionNamesOrDefault() {
    return regionNames == null || regionNames.isEmpty() ? DEFAULT_REGIONS : regionNames;
  }

  public List<String> zoneNamesOrDefault() {
    return zoneNames == null || zoneNames.isEmpty() ? DEFAULT_ZONES : zoneNames;
  }

  public List<String> getRegionNames() {
    return regionNames;
  }

  public void setRegionNames(List<String> regionNames) {
    this.regionNames = regionNames;
  }

  public List<String> getZoneNames() {
    return zoneNames;
  }

  public void setZoneNames(List<String> zoneNames) {
    this.zoneNames = zoneNames;
  }

  public Integer getReplicateRegions() {
    return replicateRegions;
  }

  public void setReplicateRegions(Integer replicateRegions) {
    this.replicateRegions = replicateRegions;
  }
}
