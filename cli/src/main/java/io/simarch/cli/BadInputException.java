package io.simarch.cli;

/** Input the user must fix; the message is printed as is and the exit code is 2. */
public final class BadInputException extends RuntimeException {
  public BadInputException(String message) {
    super(message);
  }
}
