package io.simarch.api.model;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** What a caller does after a failed attempt. */
public enum RetryMode {
  /** Never retry. */
  NONE,
  /** Retry on a randomly chosen instance, which may be the one that just failed. */
  IMMEDIATE,
  /** Retry on another instance, never one that already failed this request. */
  FAILOVER;

  @JsonValue
  public String wire() {
    return name().toLowerCase(Locale.ROOT);
  }

  @JsonCreator
  public static RetryMode of(String s) {
    return valueOf(s.trim().toUpperCase(Locale.ROOT));
  }
}
