package io.simarch.stub.core;

/** How one attempt to call a dependency ended; the value goes on its client span. */
public enum Outcome {
  OK("ok"),
  ERROR("error"),
  TIMEOUT("timeout"),
  /** The caller's budget was spent: nobody was called. */
  BUDGET_EXHAUSTED("budget-exhausted"),
  /** Every instance's breaker refused: nobody was called. */
  CIRCUIT_OPEN("circuit-open");

  private final String label;

  Outcome(String label) {
    this.label = label;
  }

  public String label() {
    return label;
  }
}
