package io.simarch.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import java.util.Objects;

/** One chaos kill. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class KillRecord {
  @JsonPropertyDescription("The pod killed.")
  private String pod;

  @JsonPropertyDescription("Its service.")
  private String service;

  @JsonPropertyDescription("Its region.")
  private String region;

  @JsonPropertyDescription("Its zone.")
  private String zone;

  @JsonPropertyDescription("The kill mode.")
  private String mode;

  @JsonPropertyDescription("When (RFC 3339).")
  private String time;

  @JsonPropertyDescription("True when nothing was deleted (dryRun).")
  private Boolean dryRun;

  public String getPod() {
    return pod;
  }

  public void setPod(String pod) {
    this.pod = pod;
  }

  public String getService() {
    return service;
  }

  public void setService(String service) {
    this.service = service;
  }

  public String getRegion() {
    return region;
  }

  public void setRegion(String region) {
    this.region = region;
  }

  public String getZone() {
    return zone;
  }

  public void setZone(String zone) {
    this.zone = zone;
  }

  public String getMode() {
    return mode;
  }

  public void setMode(String mode) {
    this.mode = mode;
  }

  public String getTime() {
    return time;
  }

  public void setTime(String time) {
    this.time = time;
  }

  public Boolean getDryRun() {
    return dryRun;
  }

  public void setDryRun(Boolean dryRun) {
    this.dryRun = dryRun;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof KillRecord k
        && Objects.equals(pod, k.pod)
        && Objects.equals(service, k.service)
        && Objects.equals(region, k.region)
        && Objects.equals(zone, k.zone)
        && Objects.equals(mode, k.mode)
        && Objects.equals(time, k.time)
        && Objects.equals(dryRun, k.dryRun);
  }

  @Override
  public int hashCode() {
    return Objects.hash(pod, time);
  }
}
