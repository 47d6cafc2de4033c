package io.simarch.stub.net;

/**
 * A response as the caller needs it.
 *
 * @param instance the {@code x-simarch-instance} header, or null
 * @param valueLength the {@code x-simarch-value-length} header, or -1
 * @param outcome the {@code x-simarch-outcome} header, or null
 * @param spans the {@code x-simarch-spans} header (the callee's span tally), or null
 */
public record HttpReply(
    int status, byte[] body, String instance, int valueLength, String outcome, String spans) {
  public HttpReply(int status, byte[] body, String instance, int valueLength, String outcome) {
    this(status, body, instance, valueLength, outcome, null);
  }

  /** The value at the start of the body, without the response-size padding. */
  public byte[] value() {
    if (valueLength < 0 || valueLength >= body.length) {
      return body;
    }
    return java.util.Arrays.copyOf(body, valueLength);
  }
}
