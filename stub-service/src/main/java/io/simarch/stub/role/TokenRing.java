package io.simarch.stub.role;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32;

/**
 * spigo's priamCassandra ring: members sorted by instance id hold evenly spaced tokens over the
 * 32-bit crc32 space, and a key belongs to the member whose range holds its hash.
 */
public final class TokenRing {
  private final List<String> members;

  public TokenRing(List<String> members) {
    this.members = members.stream().sorted().toList();
  }

  public List<String> members() {
    return members;
  }

  public static long hash(String key) {
    var crc = new CRC32();
    crc.update(key.getBytes(StandardCharsets.UTF_8));
    return crc.getValue();
  }

  public String owner(String key) {
    return members.get(ownerIndex(key));
  }

  int ownerIndex(String key) {
    return (int) ((hash(key) * members.size()) >>> 32);
  }

  /** The owner, then its successors around the ring: where the key goes when some are down. */
  public List<String> preference(String key) {
    int first = ownerIndex(key);
    var out = new ArrayList<String>(members.size());
    for (int i = 0; i < members.size(); i++) {
      out.add(members.get((first + i) % members.size()));
    }
    return out;
  }
}
