package io.simarch.api.model;

/** Graphviz DOT of a plan at service level: one node per service, labelled with its package. */
public final class Dot {
  private Dot() {}

  public static String of(Plan plan) {
    var sb = new StringBuilder();
    sb.append("digraph ").append(quote(plan.arch())).append(" {\n");
    sb.append("  rankdir=LR;\n  node [fontname=\"Helvetica\"];\n");
    for (Plan.PlannedService s : plan.services()) {
      sb.append("  ")
          .append(quote(s.name()))
          .append(" [label=")
          .append(quote(s.name() + "\\n" + s.packageName() + " ×" + s.instances()))
          .append(", shape=")
          .append(PackageRole.of(s.packageName()).map(PackageRole::dotShape).orElse("box"))
          .append(s.name().equals(plan.root()) ? ", style=bold" : "")
          .append("];\n");
    }
    for (Plan.Edge e : plan.edges()) {
      sb.append("  ")
          .append(quote(e.from()))
          .append(" -> ")
          .append(quote(e.to()))
          .append(e.from().equals(e.to()) ? " [style=dashed, label=\"replicates\"]" : "")
          .append(";\n");
    }
    return sb.append("}\n").toString();
  }

  private static String quote(String s) {
    return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
  }
}
