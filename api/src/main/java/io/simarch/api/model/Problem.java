package io.simarch.api.model;

/**
 * One thing wrong with an architecture: where ({@code path}, e.g. {@code
 * spec.services[2].package}), the offending value, what is wrong and how to fix it.
 */
public record Problem(String path, String value, String message, String fix) {

  /** One line, as the CLI prints it and the operator puts it into the Valid condition. */
  @Override
  public String toString() {
    var sb = new StringBuilder(path);
    if (value != null) {
      sb.append(" = ").append(quote(value));
    }
    sb.append(": ").append(message);
    if (fix != null && !fix.isEmpty()) {
      sb.append("; fix: ").append(fix);
    }
    return sb.toString();
  }

  private static String quote(String v) {
    return v.length() > 80 ? "\"" + v.substring(0, 77) + "...\"" : "\"" + v + "\"";
  }
}
