package io.simarch.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import java.util.List;

/**
 * Chaos beyond spigo's single kill. Without it, {@code spec.victim} alone kills one victim instance
 * once, halfway through the traffic duration.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class ChaosSpec {
  @JsonPropertyDescription("Victim services in addition to spec.victim.")
  private List<@Pattern(Patterns.SERVICE_NAME) String> victims;

  @JsonPropertyDescription(
      "delete (graceful), kill (grace period 0), zone-outage (every victim pod of one zone),"
          + " region-outage (every victim pod of one region). Default delete.")
  @Pattern(Patterns.CHAOS_MODE)
  private String mode;

  @JsonPropertyDescription("Fixed time between kills; at least 1s.")
  @Pattern(Patterns.DURATION)
  private String interval;

  @JsonPropertyDescription(
      "Mean time between kills, drawn from an exponential distribution (seeded); at least 1s.")
  @Pattern(Patterns.DURATION)
  private String meanTimeBetweenKills;

  @JsonPropertyDescription("Wait before the first kill.")
  @Pattern(Patterns.DURATION)
  private String startDelay;

  @JsonPropertyDescription("Stop after this many kills. Default 1 when neither interval is set.")
  @Min(0)
  private Integer maxKills;

  @JsonPropertyDescription("Only pods at least this old are victims. Default 0s.")
  @Pattern(Patterns.DURATION)
  private String minPodAge;

  @JsonPropertyDescription("Log and record what would be killed, kill nothing. Default false.")
  private Boolean dryRun;

  @JsonPropertyDescription("Skip a kill that a PodDisruptionBudget would forbid. Default false.")
  private Boolean respectPodDisruptionBudgets;

  @JsonPropertyDescription(
      "Zone taken out by zone-outage (default: a random zone with victim instances).")
  private String zone;

  @JsonPropertyDescription(
      "Region taken out by region-outage (default: a random region with victim instances).")
  private String region;

  @JsonPropertyDescription("Times when no kill happens.")
  private QuietTimesSpec quietTimes;

  @JsonPropertyDescription("Latency and errors injected into the victims for a window.")
  private FaultSpec fault;

  public List<String> getVictims() {
    return victims;
  }

  public void setVictims(List<String> victims) {
    this.victims = victims;
  }

  public String getMode() {
    return mode;
  }

  public void setMode(String mode) {
    this.mode = mode;
  }

  public String getInterval() {
    return interval;
  }

  public void setInterval(String interval) {
    this.interval = interval;
  }

  public String getMeanTimeBetweenKills() {
    return meanTimeBetweenKills;
  }

  public void setMeanTimeBetweenKills(String meanTimeBetweenKills) {
    this.meanTimeBetweenKills = meanTimeBetweenKills;
  }

  public String getStartDelay() {
    return startDelay;
  }

  public void setStartDelay(String startDelay) {
    this.startDelay = startDelay;
  }

  public Integer getMaxKills() {
    return maxKills;
  }

  public void setMaxKills(Integer maxKills) {
    this.maxKills = maxKills;
  }

  public String getMinPodAge() {
    return minPodAge;
  }

  public void setMinPodAge(String minPodAge) {
    this.minPodAge = minPodAge;
  }

  public Boolean getDryRun() {
    return dryRun;
  }

  public void setDryRun(Boolean dryRun) {
    this.dryRun = dryRun;
  }

  public Boolean getRespectPodDisruptionBudgets() {
    return respectPodDisruptionBudgets;
  }

  public void setRespectPodDisruptionBudgets(Boolean respectPodDisruptionBudgets) {
    this.respectPodDisruptionBudgets = respectPodDisruptionBudgets;
  }

  public QuietTimesSpec getQuietTimes() {
    return quietTimes;
  }

  public void setQuietTimes(QuietTimesSpec quietTimes) {
    this.quietTimes = quietTimes;
  }

  public FaultSpec getFault() {
    return fault;
  }

  public void setFault(FaultSpec fault) {
    this.fault = fault;
  }

  public String getZone() {
    return zone;
  }

  public void setZone(String zone) {
    this.zone = zone;
  }

  public String getRegion() {
    return region;
  }

  public void setRegion(String region) {
    this.region = region;
  }
}
