package io.simarch.api.model;

import java.util.Arrays;
import java.util.Locale;

/**
 * The stub JVM's compilers, chosen per architecture ({@code spec.stub.jit}, whose description says
 * when each pays; the README's Images section has the figures). The image's entrypoint leaves the
 * choice open and the operator makes it per pod through {@link #ENV}, which the JVM reads before
 * its command line.
 */
public enum StubJit {
  C1("-XX:TieredStopAtLevel=1"),
  C2(null);

  /** The environment variable the JVM takes options from; {@code Picked up ...} in the log. */
  public static final String ENV = "JAVA_TOOL_OPTIONS";

  public static final StubJit DEFAULT = C1;

  private final String jvmOptions;

  StubJit(String jvmOptions) {
    this.jvmOptions = jvmOptions;
  }

  /** The value as the spec writes it: {@code c1}, {@code c2}. */
  public String value() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** What {@link #ENV} must hold for this choice, or null: nothing to set. */
  public String jvmOptions() {
    return jvmOptions;
  }

  /** {@code spec.stub.jit}'s value; null is the default (the CRD's pattern admits nothing else). */
  public static StubJit of(String value) {
    if (value == null) {
      return DEFAULT;
    }
    return Arrays.stream(values())
        .filter(j -> j.value().equals(value))
        .findFirst()
        .orElseThrow(() -> new IllegalArgumentException("spec.stub.jit: " + value));
  }

  /** What a JVM runs, from its {@code TieredStopAtLevel}: C2 compiles at tier 4. */
  public static StubJit running(int tieredStopAtLevel) {
    return tieredStopAtLevel >= 4 ? C2 : C1;
  }
}
