package io.simarch.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/** Prometheus metrics of every instance. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class MetricsSpec {
  @JsonPropertyDescription(
      "false: Prometheus does not scrape the stubs (no scrape annotations); every stub still"
          + " serves /metrics. Default true.")
  private Boolean enabled;

  @JsonPropertyDescription("Add prometheus.io/scrape annotations to the pods. Default true.")
  private Boolean scrapeAnnotations;

  public Boolean getEnabled() {
    return enabled;
  }

  public void setEnabled(Boolean enabled) {
    this.enabled = enabled;
  }

  public Boolean getScrapeAnnotations() {
    return scrapeAnnotations;
  }

  public void setScrapeAnnotations(Boolean scrapeAnnotations) {
    this.scrapeAnnotations = scrapeAnnotations;
  }
}
