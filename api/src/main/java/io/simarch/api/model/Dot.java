package io.simarch.api.model;

import java.util.Map;

/** Graphviz DOT of a plan at service level: one node per service, labelled with its package. */
public final class Dot {
  private static final Map<String, String> SHAPES =
      Map.of(
          "denominator", "doublecircle",
          "elb", "trapezium",
          "zuul", "hexagon",
          "store", "cylinder",
          "cache", "cylinder",
          "volume", "cylinder",
          "priamCassandra", "cylinder",
          "riak", "cylinder",
          "staash", "component");

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
          .append(SHAPES.getOrDefault(s.packageName(), "box"))
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
