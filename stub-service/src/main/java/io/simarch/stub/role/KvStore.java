package io.simarch.stub.role;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/** A bounded key/value map: the oldest write goes first when it is full. */
public final class KvStore {
  public static final String KNOWN_KEY = "why?";
  public static final byte[] KNOWN_VALUE = "because...".getBytes(StandardCharsets.UTF_8);
  public static final int DEFAULT_CAPACITY = 10_000;

  private final Map<String, byte[]> map;

  public KvStore(int capacity) {
    this.map =
        new LinkedHashMap<>(16, 0.75f, false) {
          @Override
          protected boolean removeEldestEntry(Map.Entry<String, byte[]> eldest) {
            return size() > capacity;
          }
        };
    map.put(KNOWN_KEY, KNOWN_VALUE); // spigo's preloaded key
  }

  public synchronized byte[] get(String key) {
    return map.get(key);
  }

  public synchronized void put(String key, byte[] value) {
    map.put(key, value == null ? new byte[0] : value);
  }

  public synchronized int size() {
    return map.size();
  }
}
