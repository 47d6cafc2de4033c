package io.simarch.stub.config;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import io.simarch.api.model.StubConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Map;

/**
 * Reads a pod's {@link StubConfig}: the JSON file at {@code SIMARCH_CONFIG} (default {@value
 * #DEFAULT_PATH}), with the per-pod identity taken from the environment where the file leaves it
 * out. Every problem is reported as a {@link ConfigException} naming the setting, so a bad
 * ConfigMap stops the pod at startup with a message that says what to fix.
 */
public final class ConfigLoader {
  public static final String CONFIG_ENV = "SIMARCH_CONFIG";
  public static final String DEFAULT_PATH = "/etc/simarch/stub.json";
  public static final String INSTANCE_ENV = "SIMARCH_INSTANCE";
  public static final String REGION_ENV = "SIMARCH_REGION";
  public static final String ZONE_ENV = "SIMARCH_ZONE";

  // strict: an unknown field is more likely a typo than a newer operator, which ships with us
  private static final ObjectMapper JSON =
      new ObjectMapper()
          .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, true)
          // a number left out reads as 0, which validation then rejects where 0 is wrong
          .configure(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES, false)
          .configure(DeserializationFeature.ACCEPT_FLOAT_AS_INT, false);

  private ConfigLoader() {}

  /** Loads, fills in the identity from {@code env} and validates. */
  public static StubConfig fromEnvironment(Map<String, String> env) {
    String path = env.getOrDefault(CONFIG_ENV, DEFAULT_PATH);
    String json;
    try {
      json = Files.readString(Path.of(path));
    } catch (NoSuchFileException e) {
      throw new ConfigException(CONFIG_ENV, "no configuration file at " + path);
    } catch (IOException e) {
      throw new ConfigException(CONFIG_ENV, "cannot read " + path + ": " + e.getMessage(), e);
    }
    return withIdentity(parse(json), env);
  }

  /** Parses JSON into a config, naming the setting when a value has the wrong shape. */
  public static StubConfig parse(String json) {
    try {
      StubConfig config = JSON.readValue(json, StubConfig.class);
      if (config == null) {
        throw new ConfigException("(root)", "the file is empty");
      }
      return config;
    } catch (UnrecognizedPropertyException e) {
      throw new ConfigException(path(e), "unknown setting", e);
    } catch (InvalidFormatException e) {
      throw new ConfigException(
          path(e),
          "'"
              + e.getValue()
              + "' is not a valid "
              + e.getTargetType().getSimpleName()
              + (isNumber(e.getTargetType()) ? " (durations are numbers of milliseconds)" : ""),
          e);
    } catch (JsonMappingException e) {
      throw new ConfigException(path(e), e.getOriginalMessage(), e);
    } catch (JsonProcessingException e) {
      throw new ConfigException("(json)", "not valid JSON: " + e.getOriginalMessage(), e);
    }
  }

  /** Fills null identity fields from the environment, then validates the whole config. */
  public static StubConfig withIdentity(StubConfig config, Map<String, String> env) {
    String instance = config.instance();
    if (instance == null) {
      instance = env.getOrDefault(INSTANCE_ENV, env.get("HOSTNAME"));
    }
    String region = config.region() != null ? config.region() : env.get(REGION_ENV);
    String zone = config.zone() != null ? config.zone() : env.get(ZONE_ENV);
    StubConfig filled = config.withIdentity(instance, region, zone);
    ConfigValidator.requireValid(filled);
    return filled;
  }

  public static ObjectMapper json() {
    return JSON;
  }

  private static boolean isNumber(Class<?> type) {
    return type == long.class
        || type == int.class
        || type == Long.class
        || type == Integer.class
        || type == double.class
        || type == Double.class;
  }

  /** {@code dependencies[0].policy.timeoutMs} from Jackson's reference chain. */
  static String path(JsonMappingException e) {
    var sb = new StringBuilder();
    for (JsonMappingException.Reference ref : e.getPath()) {
      if (ref.getFieldName() != null) {
        if (!sb.isEmpty()) {
          sb.append('.');
        }
        sb.append(ref.getFieldName());
      } else if (ref.getIndex() >= 0) {
        sb.append('[').append(ref.getIndex()).append(']');
      }
    }
    return sb.isEmpty() ? "(root)" : sb.toString();
  }
}
