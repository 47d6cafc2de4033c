package io.simarch.api.model;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.HashMap;
import java.util.Map;

/**
 * spigo's GraphJSON (version spigo-0.4), which simianviz's D3 page reads: {@code {arch, version,
 * args, date, graph:[node | edge | forget | done]}} with RFC 3339 timestamps. Not thread-safe;
 * callers that record from several threads synchronise.
 */
public final class GraphJson {
  private final ObjectNode root;
  private final ArrayNode graph;
  private final Map<String, String> edgeIds = new HashMap<>();
  private int nextEdge = 1;

  public GraphJson(String arch, String args, Instant date) {
    root = ArchitectureFiles.json().createObjectNode();
    root.put("arch", arch);
    root.put("version", "spigo-0.4");
    root.put("args", args);
    root.put("date", ts(date));
    graph = root.putArray("graph");
  }

  public GraphJson node(String node, String packageName, Instant t) {
    var n = graph.addObject();
    n.put("node", node);
    n.put("package", packageName);
    n.put("timestamp", ts(t));
    return this;
  }

  /** An edge between two nodes, once; later calls for the same pair are ignored. */
  public GraphJson edge(String source, String target, Instant t) {
    String key = source + " " + target;
    if (edgeIds.containsKey(key)) {
      return this;
    }
    String id = "e" + nextEdge++;
    edgeIds.put(key, id);
    var e = graph.addObject();
    e.put("edge", id);
    e.put("source", source);
    e.put("target", target);
    e.put("timestamp", ts(t));
    return this;
  }

  /** The edge between two nodes went away (its target was deleted). */
  public GraphJson forget(String source, String target, Instant t) {
    String id = edgeIds.remove(source + " " + target);
    if (id == null) {
      return this;
    }
    var f = graph.addObject();
    f.put("forget", id);
    f.put("source", source);
    f.put("target", target);
    f.put("timestamp", ts(t));
    return this;
  }

  public GraphJson done(String node, Instant t) {
    var d = graph.addObject();
    d.put("done", node);
    d.put("exit", "normal");
    d.put("timestamp", ts(t));
    return this;
  }

  /** Edges currently known whose target is {@code target}, as source names. */
  public java.util.List<String> sourcesOf(String target) {
    return edgeIds.keySet().stream()
        .filter(k -> k.endsWith(" " + target))
        .map(k -> k.substring(0, k.indexOf(' ')))
        .sorted()
        .toList();
  }

  public String toJson() {
    try {
      return ArchitectureFiles.json().writerWithDefaultPrettyPrinter().writeValueAsString(root);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The whole plan as a static graph: every instance, every edge it routes over. */
  public static GraphJson of(Plan plan, String args, Instant t) {
    var g = new GraphJson(plan.arch(), args, t);
    for (Plan.Instance i : plan.instances()) {
      g.node(i.name(), i.packageName(), t);
    }
    return g.routes(plan, t);
  }

  /** Adds an edge for every route between instances, as spigo's Eureka wiring allows them. */
  public GraphJson routes(Plan plan, Instant t) {
    for (Plan.Edge e : plan.edges()) {
      var from = plan.service(e.from());
      for (Plan.Instance src : plan.instancesOf(e.from())) {
        for (Plan.Instance dst : plan.instancesOf(e.to())) {
          if (!src.equals(dst) && Routing.routes(src, from.crossRegion(), dst)) {
            edge(src.name(), dst.name(), t);
          }
        }
      }
    }
    return this;
  }

  private static String ts(Instant t) {
    return DateTimeFormatter.ISO_INSTANT.format(t);
  }
}
