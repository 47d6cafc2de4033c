package io.simarch.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;

/** A {@code dynamodb} service's capacity. One request is one capacity unit. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class TableSpec {
  @JsonPropertyDescription(
      "onDemand (no limit) or provisioned (readCapacity and writeCapacity per second). Default"
          + " onDemand.")
  @Pattern(Patterns.TABLE_MODE)
  private String mode;

  @JsonPropertyDescription(
      "Gets per second one instance serves when provisioned; more are answered 429. Default 5.")
  @Min(1)
  @Max(1000000)
  private Integer readCapacity;

  @JsonPropertyDescription(
      "Puts per second one instance serves when provisioned; more are answered 429. Default 5.")
  @Min(1)
  @Max(1000000)
  private Integer writeCapacity;

  public String getMode() {
    return mode;
  }

  public void setMode(String mode) {
    this.mode = mode;
  }

  public Integer getReadCapacity() {
    return readCapacity;
  }

  public void setReadCapacity(Integer readCapacity) {
    this.readCapacity = readCapacity;
  }

  public Integer getWriteCapacity() {
    return writeCapacity;
  }

  public void setWriteCapacity(Integer writeCapacity) {
    this.writeCapacity = writeCapacity;
  }
}
