package io.simarch.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;

/** A {@code kinesis} service's batches: how its consumers are invoked. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class StreamSpec {
  @JsonPropertyDescription(
      "Records one consumer invocation carries at most (Lambda's Kinesis default). Default 100.")
  @Min(1)
  @Max(10000)
  private Integer batchSize;

  @JsonPropertyDescription(
      "How often each consumer is invoked with the records put since. Default 1s.")
  @Pattern(Patterns.DURATION)
  private String batchWindow;

  public Integer getBatchSize() {
    return batchSize;
  }

  public void setBatchSize(Integer batchSize) {
    this.batchSize = batchSize;
  }

  public String getBatchWindow() {
    return batchWindow;
  }

  public void setBatchWindow(String batchWindow) {
    this.batchWindow = batchWindow;
  }
}
