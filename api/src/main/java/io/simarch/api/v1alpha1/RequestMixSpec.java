package io.simarch.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Min;

/** Weights of spigo's three request kinds. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class RequestMixSpec {
  @JsonPropertyDescription("Weight of Get of the preloaded key `why?`. Default 1.")
  @Min(0)
  private Integer getKnown;

  @JsonPropertyDescription("Weight of Get of a key put earlier. Default 1.")
  @Min(0)
  private Integer getRecent;

  @JsonPropertyDescription("Weight of Put of a new key. Default 1.")
  @Min(0)
  private Integer put;

  public RequestMixSpec() {}

  public RequestMixSpec(int getKnown, int getRecent, int put) {
    this.getKnown = getKnown;
    this.getRecent = getRecent;
    this.put = put;
  }

  public Integer getGetKnown() {
    return getKnown;
  }

  public void setGetKnown(Integer getKnown) {
    this.getKnown = getKnown;
  }

  public Integer getGetRecent() {
    return getRecent;
  }

  public void setGetRecent(Integer getRecent) {
    this.getRecent = getRecent;
  }

  public Integer getPut() {
    return put;
  }

  public void setPut(Integer put) {
    this.put = put;
  }
}
