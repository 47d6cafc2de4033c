package io.simarch.stub.core;

/**
 * A role's answer.
 *
 * @param status HTTP status: 200 hit or written, 404 miss, 5xx failure
 * @param value the value read, or null
 * @param servedBy the instance that produced the answer
 * @param outcome for a failure, why (see {@link Wire#OUTCOME}); null otherwise
 */
public record Reply(int status, byte[] value, String servedBy, String outcome) {
  public static Reply hit(byte[] value, String by) {
    return new Reply(200, value, by, null);
  }

  public static Reply miss(String by) {
    return new Reply(404, null, by, null);
  }

  public static Reply ok(String by) {
    return new Reply(200, null, by, null);
  }

  public static Reply failure(int status, String outcome, String by) {
    return new Reply(status, null, by, outcome);
  }

  /** A hit, a write, or a miss: the callee did its job. */
  public boolean isSuccess() {
    return status < 400 || status == 404;
  }

  public boolean isHit() {
    return status == 200 && value != null;
  }
}
