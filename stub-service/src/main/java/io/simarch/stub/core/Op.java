package io.simarch.stub.core;

/** spigo's impositions that travel between instances. */
public enum Op {
  GET("Get"),
  PUT("Put"),
  REPLICATE("Replicate");

  private final String spanName;

  Op(String spanName) {
    this.spanName = spanName;
  }

  /** The name spigo gave the message, used for spans. */
  public String spanName() {
    return spanName;
  }
}
