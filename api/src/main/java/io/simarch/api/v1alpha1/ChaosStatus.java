package io.simarch.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/** The chaos controller's record. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class ChaosStatus {
  @JsonPropertyDescription("active, quiet (paused by quiet time), dry-run, finished or disabled.")
  private String state;

  @JsonPropertyDescription("Kills so far (planned kills in dry-run).")
  private Integer totalKills;

  @JsonPropertyDescription("When the next kill is planned (RFC 3339).")
  private String nextKill;

  @JsonPropertyDescription("The most recent kills, newest last.")
  private List<KillRecord> lastKills = new ArrayList<>();

  public String getState() {
    return state;
  }

  public void setState(String state) {
    this.state = state;
  }

  public Integer getTotalKills() {
    return totalKills;
  }

  public void setTotalKills(Integer totalKills) {
    this.totalKills = totalKills;
  }

  public String getNextKill() {
    return nextKill;
  }

  public void setNextKill(String nextKill) {
    this.nextKill = nextKill;
  }

  public List<KillRecord> getLastKills() {
    return lastKills;
  }

  public void setLastKills(List<KillRecord> lastKills) {
    this.lastKills = lastKills;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ChaosStatus s
        && Objects.equals(state, s.state)
        && Objects.equals(totalKills, s.totalKills)
        && Objects.equals(nextKill, s.nextKill)
        && Objects.equals(lastKills, s.lastKills);
  }

  @Override
  public int hashCode() {
    return Objects.hash(state, totalKills, nextKill, lastKills);
  }
}
