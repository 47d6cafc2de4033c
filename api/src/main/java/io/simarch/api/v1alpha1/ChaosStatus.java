package io.simarch.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/** The chaos controller's record. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class ChaosStatus {
  @JsonPropertyDescription(
      "waiting (for the architecture to be Ready), active, quiet (paused by quiet time), dry-run"
          + " or finished.")
  private String state;

  @JsonPropertyDescription(
      "When the chaos clock started: the first time the architecture was Ready. Kill times count"
          + " from it, as spigo's count from the start of traffic (RFC 3339).")
  private String startedAt;

  @JsonPropertyDescription(
      "Kills so far; a zone or region outage is one kill (planned kills in dry-run).")
  private Integer totalKills;

  @JsonPropertyDescription("Pods deleted so far (pods that would have been, in dry-run).")
  private Integer podsKilled;

  @JsonPropertyDescription("When the next kill is planned (RFC 3339).")
  private String nextKill;

  @JsonPropertyDescription(
      "Why the last due kill did not happen (no eligible victim, a PodDisruptionBudget).")
  private String message;

  @JsonPropertyDescription("The most recent pods killed, newest last.")
  private List<KillRecord> lastKills = new ArrayList<>();

  public String getState() {
    return state;
  }

  public void setState(String state) {
    this.state = state;
  }

  public String getStartedAt() {
    return startedAt;
  }

  public void setStartedAt(String startedAt) {
    this.startedAt = startedAt;
  }

  public Integer getTotalKills() {
    return totalKills;
  }

  public void setTotalKills(Integer totalKills) {
    this.totalKills = totalKills;
  }

  public Integer getPodsKilled() {
    return podsKilled;
  }

  public void setPodsKilled(Integer podsKilled) {
    this.podsKilled = podsKilled;
  }

  public String getNextKill() {
    return nextKill;
  }

  public void setNextKill(String nextKill) {
    this.nextKill = nextKill;
  }

  public String getMessage() {
    return message;
  }

  public void setMessage(String message) {
    this.message = message;
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
        && Objects.equals(startedAt, s.startedAt)
        && Objects.equals(totalKills, s.totalKills)
        && Objects.equals(podsKilled, s.podsKilled)
        && Objects.equals(nextKill, s.nextKill)
        && Objects.equals(message, s.message)
        && Objects.equals(lastKills, s.lastKills);
  }

  @Override
  public int hashCode() {
    return Objects.hash(state, startedAt, totalKills, podsKilled, nextKill, message, lastKills);
  }
}
