package io.simarch.stub.core;

/** How one attempt to call a dependency ended; the value goes on its client span. */
public enum Outcome {
  OK("ok"),
  ERROR("error"),
  TIMEOUT("timeout"),
  /** The caller's budget was spent: nobody was called. */
  BUDGET_EXHAUSTED("budget-exhausted"),
  /** Every instance's breaker refused: nobody was called. */
  CIRCUIT_OPEN("circuit-open"),
  /** The callee was at its in-flight limit and answered 503 at once. */
  SHED(Wire.SHED),
  /**
   * The callee answered 503 because load was shed further down: it has retried already, so this
   * caller does not.
   */
  SHED_DOWNSTREAM(Wire.SHED_DOWNSTREAM);

  private final String label;

  Outcome(String label) {
    this.label = label;
  }

  public String label() {
    return label;
  }
}
