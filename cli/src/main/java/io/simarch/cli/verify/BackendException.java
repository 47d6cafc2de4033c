package io.simarch.cli.verify;

/** A backend could not be asked, or did not answer as its API does. */
public final class BackendException extends RuntimeException {
  /** Whether the backend was not reachable at all (rather than answering wrongly). */
  public final boolean unreachable;

  public BackendException(String message, boolean unreachable) {
    super(message);
    this.unreachable = unreachable;
  }
}
