package io.simarch.stub.config;

/** A configuration the stub cannot run with; the message names the offending setting. */
public final class ConfigException extends IllegalArgumentException {
  private final String setting;

  public ConfigException(String setting, String problem) {
    super(setting + ": " + problem);
    this.setting = setting;
  }

  public ConfigException(String setting, String problem, Throwable cause) {
    super(setting + ": " + problem, cause);
    this.setting = setting;
  }

  /** The setting at fault, as a JSON path ({@code dependencies[0].policy.timeoutMs}). */
  public String setting() {
    return setting;
  }
}
