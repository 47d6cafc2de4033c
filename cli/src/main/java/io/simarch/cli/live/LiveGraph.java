package io.simarch.cli.live;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.simarch.api.model.Plan;
import io.simarch.stub.local.InstanceStats;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/**
 * What the live view shows at one moment: the plan's services and dependencies with the rates of
 * the last sampling window, and the recent events. Pure: the counters come from the instances'
 * {@link InstanceStats} (the same numbers as the end-of-run summary), taken over the window.
 *
 * @param arch the architecture's name
 * @param time when the window ended, epoch milliseconds
 * @param windowMs how long the window was
 * @param root the root service, null when there is none
 * @param regions the regions with instances; a node's {@code group} is set when there are several
 * @param victims the services the chaos monkey may strike (and the page's kill button)
 */
public record LiveGraph(
    String arch,
    long time,
    long windowMs,
    String root,
    List<String> regions,
    Set<String> victims,
    List<Node> nodes,
    List<Edge> edges,
    List<Event> events) {

  /**
   * One service, or its instances in one region.
   *
   * @param id the service's name, or {@code service@region} for a service in several of several
   *     regions (one node per region)
   * @param service the service's name
   * @param group its region when the architecture has several and all its instances are in it
   * @param unanswered instances running whose counters could not be read this window (a pod whose
   *     {@code /metrics} did not answer); its rates leave them out
   * @param zones running instances by {@code region/zone} ({@code *} for a global or cross-zone
   *     one), every place it was started in
   * @param requestsPerSecond requests served; for the root, the requests its traffic sent
   * @param errorRate of those, the share that failed (0 to 1)
   * @param p99Ms the worst instance's 99th percentile time to answer in the window
   */
  public record Node(
      String id,
      String service,
      @JsonProperty("package") String packageName,
      String group,
      int running,
      int started,
      int unanswered,
      Map<String, Integer> zones,
      double requestsPerSecond,
      double errorRate,
      double p99Ms) {}

  /** One dependency, summed over the calling service's instances; rates per second. */
  public record Edge(
      String source,
      String target,
      double callsPerSecond,
      double errorsPerSecond,
      double retriesPerSecond,
      double timeoutsPerSecond) {}

  /**
   * Something that happened.
   *
   * @param kind {@code started}, {@code kill} (a chaos decision, by the monkey or the page) or
   *     {@code stopped} (an instance went down)
   * @param detail the chaos mode and who struck ({@code chaosmonkey} or {@code ui}), else empty
   */
  public record Event(long time, String kind, String service, String instance, String detail) {}

  /**
   * One instance as the view counts it: a local instance or a pod.
   *
   * @param window its counts over the window; null when there is none (its first sample, or it did
   *     not answer)
   * @param answered false when it runs but its counters could not be read (a pod whose {@code
   *     /metrics} did not answer in time)
   */
  public record Member(
      String service,
      String region,
      String zone,
      boolean running,
      InstanceStats window,
      boolean answered) {}

  /**
   * The graph of a local run.
   *
   * @param window each instance's counters over the window, by node name
   * @param running whether a node name's instance runs now
   */
  public static LiveGraph of(
      Plan plan,
      Map<String, InstanceStats> window,
      Predicate<String> running,
      long time,
      long windowMs,
      Set<String> victims,
      List<Event> events) {
    List<Member> members =
        plan.instances().stream()
            .map(
                i ->
                    new Member(
                        i.service(),
                        i.region(),
                        i.zone(),
                        running.test(i.name()),
                        window.get(i.name()),
                        true))
            .toList();
    return of(plan, members, time, windowMs, victims, events);
  }

  /**
   * The graph of {@code members}, the instances started (a cluster's: its pods) with their counts
   * over the window; a node's {@code started} is how many members it has.
   *
   * <p>When the architecture has several regions, a service in several of them is one node per
   * region ({@code service@region}), each in its region's group. The calls of a caller node go to
   * the callee's node in its own region when there is one; otherwise (a global caller, or a region
   * the callee is not in) they are shared among the callee's nodes in proportion to the requests
   * each served, as no counter says which region a call went to.
   */
  public static LiveGraph of(
      Plan plan,
      List<Member> members,
      long time,
      long windowMs,
      Set<String> victims,
      List<Event> events) {
    double seconds = Math.max(1, windowMs) / 1000.0;
    List<String> regions = plan.regions();
    var nodes = new ArrayList<Node>();
    Map<String, List<Place>> places = new LinkedHashMap<>();
    // each place's members, found once per sample: edges read them again
    Map<String, List<Member>> byService =
        members.stream().collect(Collectors.groupingBy(Member::service));
    Map<String, List<Member>> ofPlace = new HashMap<>();
    for (Plan.PlannedService s : plan.services()) {
      // from the plan, not the members: the page lays the nodes out once
      List<String> own =
          plan.instancesOf(s.name()).stream().map(Plan.Instance::region).distinct().toList();
      boolean split = regions.size() > 1 && own.size() > 1 && !own.contains(Plan.ANY);
      var mine = new ArrayList<Place>();
      if (split) {
        for (String r : own) {
          mine.add(new Place(s.name() + "@" + r, s.name(), r));
        }
      } else {
        String group =
            regions.size() > 1 && own.size() == 1 && !Plan.ANY.equals(own.get(0))
                ? own.get(0)
                : null;
        mine.add(new Place(s.name(), s.name(), group));
      }
      places.put(s.name(), mine);
      for (Place place : mine) {
        List<Member> its = place.members(byService.getOrDefault(s.name(), List.of()));
        ofPlace.put(place.id(), its);
        nodes.add(node(place, s.packageName(), its, seconds));
      }
    }
    Map<String, Double> served = new HashMap<>();
    nodes.forEach(n -> served.put(n.id(), n.requestsPerSecond()));
    var edges = new ArrayList<Edge>();
    for (Plan.Edge e : plan.edges()) {
      List<Place> targets = places.get(e.to());
      for (Place caller : places.get(e.from())) {
        long[] sums = new long[4];
        for (Member m : ofPlace.get(caller.id())) {
          InstanceStats.Dependency d =
              m.window() == null ? null : m.window().dependencies().get(e.to());
          if (d != null) {
            sums[0] += d.calls();
            sums[1] += d.errors();
            sums[2] += d.retries();
            sums[3] += d.timeouts();
          }
        }
        List<Place> to =
            targets.stream()
                .filter(t -> caller.region() != null && caller.region().equals(t.region()))
                .toList();
        if (to.isEmpty() || targets.size() == 1) {
          to = targets;
        }
        double total = to.stream().mapToDouble(t -> served.get(t.id())).sum();
        for (Place t : to) {
          double share = total > 0 ? served.get(t.id()) / total : 1.0 / to.size();
          double f = share / seconds;
          edges.add(
              new Edge(caller.id(), t.id(), sums[0] * f, sums[1] * f, sums[2] * f, sums[3] * f));
        }
      }
    }
    return new LiveGraph(
        plan.arch(), time, windowMs, plan.root(), regions, victims, nodes, edges, events);
  }

  /**
   * Where a node is drawn: a service, or its instances in one region.
   *
   * @param region the group it is drawn in, or null; for a split service, its instances' region
   */
  private record Place(String id, String service, String region) {
    boolean split() {
      return !id.equals(service);
    }

    /** Its members among {@code ofService}, the members of its service. */
    List<Member> members(List<Member> ofService) {
      return split()
          ? ofService.stream().filter(m -> m.region().equals(region)).toList()
          : ofService;
    }
  }

  private static Node node(
      Place place, String packageName, List<Member> instances, double seconds) {
    long requests = 0;
    long errors = 0;
    long rootRequests = 0;
    long rootErrors = 0;
    double p99 = 0;
    int up = 0;
    int unanswered = 0;
    Map<String, Integer> zones = new TreeMap<>();
    for (Member i : instances) {
      InstanceStats st = i.window();
      if (st != null) {
        requests += st.requests();
        errors += st.errors();
        rootRequests += st.rootRequests();
        rootErrors += st.rootErrors();
        p99 = Math.max(p99, st.p99Ms());
      }
      up += i.running() ? 1 : 0;
      unanswered += i.running() && !i.answered() ? 1 : 0;
      zones.merge(i.region() + "/" + i.zone(), i.running() ? 1 : 0, Integer::sum);
    }
    if (requests == 0 && rootRequests > 0) {
      requests = rootRequests;
      errors = rootErrors;
    }
    return new Node(
        place.id(),
        place.service(),
        packageName,
        place.region(),
        up,
        instances.size(),
        unanswered,
        zones,
        requests / seconds,
        requests == 0 ? 0 : (double) errors / requests,
        p99);
  }
}
