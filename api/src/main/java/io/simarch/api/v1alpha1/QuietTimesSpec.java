package io.simarch.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import java.util.List;

/** When chaos pauses, chaoskube style. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class QuietTimesSpec {
  @JsonPropertyDescription("Weekdays without kills: Mon, Tue, Wed, Thu, Fri, Sat, Sun.")
  private List<@Pattern(Patterns.WEEKDAY) String> weekdays;

  @JsonPropertyDescription(
      "Times of day without kills, HH:MM-HH:MM; may cross midnight (22:00-08:00).")
  private List<@Pattern(Patterns.TIME_OF_DAY_RANGE) String> timesOfDay;

  @JsonPropertyDescription("IANA time zone for weekdays and times of day. Default UTC.")
  private String timeZone;

  public List<String> getWeekdays() {
    return weekdays;
  }

  public void setWeekdays(List<String> weekdays) {
    this.weekdays = weekdays;
  }

  public List<String> getTimesOfDay() {
    return timesOfDay;
  }

  public void setTimesOfDay(List<String> timesOfDay) {
    this.timesOfDay = timesOfDay;
  }

  public String getTimeZone() {
    return timeZone;
  }

  public void setTimeZone(String timeZone) {
    this.timeZone = timeZone;
  }
}
