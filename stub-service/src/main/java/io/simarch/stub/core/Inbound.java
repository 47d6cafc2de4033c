package io.simarch.stub.core;

/**
 * An HTTP request as the core needs it, as {@code net.NettyStubServer} read it, in a pod or in the
 * local runtime.
 */
public interface Inbound {
  String method();

  /** The path still percent-encoded, so keys may hold any character. */
  String rawPath();

  /** The raw query without {@code ?}, or null. */
  String rawQuery();

  /** A header value by lower-case name, or null. */
  String header(String name);

  /** Header names, for propagators that look at every header. */
  Iterable<String> headerNames();

  /** The body, or an empty array. */
  byte[] body();
}
