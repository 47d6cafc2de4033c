package io.simarch.stub.core;

/**
 * One key/value request as a role sees it.
 *
 * @param value the written value (PUT, REPLICATE), else null
 * @param forwarded a ring node sent this to its owner: answer, do not forward again
 * @param scope for REPLICATE: how far the write has travelled
 * @param batch a stream delivers a batch of records: a consumer function's trigger is pubsub
 */
public record Request(
    Op op, String key, byte[] value, boolean forwarded, Scope scope, boolean batch) {
  /** How far a replica write has come, which decides whether it is copied further. */
  public enum Scope {
    /** From a peer in the same region: store only. */
    LOCAL,
    /** From another region: store, then copy once to the other zones of this region. */
    REGION
  }

  public static Request get(String key) {
    return new Request(Op.GET, key, null, false, Scope.LOCAL, false);
  }

  public static Request put(String key, byte[] value) {
    return new Request(Op.PUT, key, value, false, Scope.LOCAL, false);
  }

  public static Request replicate(String key, byte[] value, Scope scope) {
    return new Request(Op.REPLICATE, key, value, false, scope, false);
  }

  public Request withKey(String newKey) {
    return new Request(op, newKey, value, forwarded, scope, batch);
  }

  public Request asForwarded() {
    return new Request(op, key, value, true, scope, batch);
  }

  public Request asBatch() {
    return new Request(op, key, value, forwarded, scope, true);
  }
}
