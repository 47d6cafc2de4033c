package io.simarch.operator.architecture.desired;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.simarch.api.model.StubConfig;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Writes a {@link StubConfig} as the JSON a stub reads. Deterministic (record components in
 * declaration order, map keys sorted) because its hash decides whether pods roll.
 */
public final class StubConfigJson {
  public static final String KEY = "stub.json";

  private static final ObjectMapper MAPPER =
      new ObjectMapper()
          .enable(SerializationFeature.INDENT_OUTPUT)
          .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS);

  private StubConfigJson() {}

  public static String write(StubConfig config) {
    try {
      return MAPPER.writeValueAsString(config) + "\n";
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("StubConfig is not serializable", e);
    }
  }

  public static StubConfig read(String json) {
    try {
      return MAPPER.readValue(json, StubConfig.class);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("not a stub configuration: " + e.getOriginalMessage(), e);
    }
  }

  /** First 16 hex digits of the SHA-256 of {@code json}: short, and collisions do not matter. */
  public static String hash(String json) {
    try {
      var digest = MessageDigest.getInstance("SHA-256");
      return HexFormat.of()
          .formatHex(digest.digest(json.getBytes(StandardCharsets.UTF_8)))
          .substring(0, 16);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from the JRE", e);
    }
  }
}
