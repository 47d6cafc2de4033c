package io.simarch.cli.imports;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.simarch.api.model.PackageRole;
import io.simarch.api.v1alpha1.ServiceSpec;
import io.simarch.cli.imports.TraceImport.EdgeStats;
import io.simarch.cli.imports.TraceImport.InstanceSource;
import io.simarch.cli.imports.ZipkinSpans.BadTracesException;
import io.simarch.cli.imports.ZipkinSpans.Span;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Deriving an architecture from spans: graph, root, roles, instances, latency, errors. */
class TraceImportTest {
  /** A span; tags as key, value, key, value... */
  static Span span(
      String trace,
      String id,
      String parent,
      String kind,
      String service,
      long ts,
      long dur,
      String... tags) {
    Map<String, String> t = new LinkedHashMap<>();
    for (int i = 0; i < tags.length; i += 2) {
      t.put(tags[i], tags[i + 1]);
    }
    return new Span(trace, id, parent, kind, "op", ts, dur, service, null, null, t);
  }

  static Span withRemote(Span s, String remote) {
    return copy(s, s.address(), remote);
  }

  static Span withAddress(Span s, String address) {
    return copy(s, address, s.remoteService());
  }

  private static Span copy(Span s, String address, String remote) {
    return new Span(
        s.traceId(),
        s.id(),
        s.parentId(),
        s.kind(),
        s.name(),
        s.timestamp(),
        s.duration(),
        s.service(),
        address,
        remote,
        s.tags());
  }

  /**
   * One request as the stub traces it: www's root span, its call to api (instance api01), api's
   * server span (10 ms of its own around a 20 ms call), its call to db, db's server span and db's
   * replication to itself.
   */
  static List<Span> request(String trace, long t0, String apiInstance, String... dbTags) {
    return List.of(
        span(trace, trace + "r", null, null, "www", t0, 100),
        span(
            trace,
            trace + "c1",
            trace + "r",
            "CLIENT",
            "www",
            t0 + 1,
            98,
            "simarch.peer.instance",
            apiInstance,
            "simarch.attempt",
            "1"),
        span(trace, trace + "s1", trace + "c1", "SERVER", "api", t0 + 2, 30),
        span(
            trace,
            trace + "c2",
            trace + "s1",
            "CLIENT",
            "api",
            t0 + 7,
            20,
            "simarch.peer.instance",
            "db00"),
        span(trace, trace + "s2", trace + "c2", "SERVER", "db", t0 + 8, 18, dbTags),
        span(
            trace,
            trace + "c3",
            trace + "s2",
            "CLIENT",
            "db",
            t0 + 10,
            40,
            "simarch.peer.instance",
            "db01"),
        span(trace, trace + "s3", trace + "c3", "SERVER", "db", t0 + 11, 5));
  }

  static Map<String, ServiceSpec> services(TraceImport.Result r) {
    return r.architecture().getSpec().getServices().stream()
        .collect(Collectors.toMap(ServiceSpec::getName, s -> s));
  }

  @Test
  void aChainGivesItsServicesEdgesRolesAndSpigoOrder() {
    var spans = new ArrayList<Span>();
    spans.addAll(request("t1", 0, "api00"));
    spans.addAll(request("t2", 1_000_000, "api01"));
    spans.addAll(request("t3", 2_000_000, "api00"));

    var r = TraceImport.derive(spans, "chain");

    var names =
        r.architecture().getSpec().getServices().stream().map(ServiceSpec::getName).toList();
    assertThat(names).containsExactly("db", "api", "www");
    var s = services(r);
    assertThat(s.get("www").getDependencies()).containsExactly("api");
    assertThat(s.get("api").getDependencies()).containsExactly("db");
    assertThat(s.get("db").getDependencies()).containsExactly("db");
    assertThat(s.get("www").getPackageName()).isEqualTo(PackageRole.DENOMINATOR.packageName());
    assertThat(s.get("www").getCount()).isZero();
    assertThat(s.get("www").getRegions()).isZero();
    assertThat(s.get("db").getPackageName()).isEqualTo(PackageRole.STORE.packageName());
    assertThat(s.get("db").getCount()).isEqualTo(2);
    // api: two instances seen, called only by the root: not one instance, so no elb
    assertThat(s.get("api").getPackageName()).isEqualTo(PackageRole.MONOLITH.packageName());
    assertThat(s.get("api").getCount()).isEqualTo(2);
    assertThat(r.service("api").instancesFrom()).isEqualTo(InstanceSource.PEER_INSTANCE);
    // api's own time: 30 µs minus its 20 µs call
    assertThat(s.get("api").getBehavior().getLatency().getP50()).isEqualTo("0.01ms");
    assertThat(r.architecture().getSpec().getTraffic().getRate()).isEqualTo(1.0);
    assertThat(r.edges())
        .contains(new EdgeStats("www", "api", 3, 3, 1.0), new EdgeStats("db", "db", 3, 3, 0.5));
    assertThat(r.yaml()).startsWith("# Derived by simarch import from 3 traces (21 spans)");
  }

  @Test
  void theSameSpansInAnyOrderGiveTheSameBytes() {
    var spans = new ArrayList<Span>();
    spans.addAll(request("t1", 0, "api00"));
    spans.addAll(request("t2", 1_000_000, "api01"));
    var reversed = new ArrayList<>(spans);
    java.util.Collections.reverse(reversed);
    var twice = new ArrayList<>(spans);
    twice.addAll(spans);

    String yaml = TraceImport.derive(spans, "x").yaml();
    assertThat(TraceImport.derive(reversed, "x").yaml()).isEqualTo(yaml);
    assertThat(TraceImport.derive(twice, "x").yaml()).isEqualTo(yaml);
  }

  @Test
  void aSingleInstanceOnlyTheRootCallsIsAnElbOfCountZero() {
    var r = TraceImport.derive(request("t1", 0, "api00"), "x");

    assertThat(services(r).get("api").getPackageName()).isEqualTo(PackageRole.ELB.packageName());
    assertThat(services(r).get("api").getCount()).isZero();
  }

  @Test
  void aCallNobodyTracedOnTheOtherSideIsAnEdgeToTheRemoteEndpoint() {
    var spans =
        List.of(
            span("t", "r", null, "SERVER", "front", 0, 50),
            withRemote(span("t", "c", "r", "CLIENT", "front", 1, 40), "mysql"),
            span("t", "c2", "r", "CLIENT", "front", 1, 40, "peer.service", "redis"));

    var s = services(TraceImport.derive(spans, "x"));

    assertThat(s.get("front").getDependencies()).containsExactly("mysql", "redis");
    assertThat(s.get("mysql").getPackageName()).isEqualTo(PackageRole.STORE.packageName());
    assertThat(s.get("front").getPackageName()).isEqualTo(PackageRole.DENOMINATOR.packageName());
  }

  @Test
  void aServerSpanUnderAnotherServicesLocalSpanIsAnEdge() {
    var spans =
        List.of(
            span("t", "r", null, null, "front", 0, 50),
            span("t", "s", "r", "SERVER", "back", 1, 40));

    var s = services(TraceImport.derive(spans, "x"));

    assertThat(s.get("front").getDependencies()).containsExactly("back");
  }

  @Test
  void retriesAreAttemptsNotCalls() {
    var spans =
        List.of(
            span("t", "r", null, null, "www", 0, 100),
            span("t", "c1", "r", "CLIENT", "www", 1, 10, "simarch.attempt", "1", "error", "x"),
            span("t", "s1", "c1", "SERVER", "api", 2, 8, "error", ""),
            span("t", "c2", "r", "CLIENT", "www", 20, 10, "simarch.attempt", "2"),
            span("t", "s2", "c2", "SERVER", "api", 21, 8));

    var r = TraceImport.derive(spans, "x");

    assertThat(r.edges()).containsExactly(new EdgeStats("www", "api", 1, 2, 1.0));
    assertThat(r.service("api").ownErrors()).isEqualTo(1);
    assertThat(services(r).get("api").getBehavior().getErrorRate()).isEqualTo(0.5);
  }

  @Test
  void anErrorOverAFailedCallIsTheCalleesNotTheCallers() {
    var spans =
        List.of(
            span("t", "r", null, null, "www", 0, 100),
            span("t", "c1", "r", "CLIENT", "www", 1, 90, "error", "x"),
            span("t", "s1", "c1", "SERVER", "api", 2, 80, "error", ""),
            span("t", "c2", "s1", "CLIENT", "api", 3, 70, "error", "x"),
            span("t", "s2", "c2", "SERVER", "db", 4, 60, "error", ""),
            // shed at the in-flight limit: load, not the service's error rate
            span("t", "c3", "r", "CLIENT", "www", 1, 90, "error", "x"),
            span("t", "s3", "c3", "SERVER", "api", 2, 1, "error", "", "simarch.shed", "true"));

    var r = TraceImport.derive(spans, "x");

    assertThat(r.service("db").ownErrors()).isEqualTo(1);
    assertThat(r.service("api").ownErrors()).isZero();
    assertThat(r.service("www").ownErrors()).isZero();
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "instance id tags win | id1,id2,id3 | p1 | 10.0.0.1:1 | 3 | INSTANCE_ID",
        "then callers' peer instance | '' | p1,p2 | 10.0.0.1:1 | 2 | PEER_INSTANCE",
        "then addresses | '' | '' | 10.0.0.1:1,10.0.0.2:1 | 2 | ADDRESS",
        "else one | '' | '' | '' | 1 | NONE"
      })
  void instanceCounts(
      String what, String ids, String peers, String addresses, int count, InstanceSource from) {
    var spans = new ArrayList<Span>();
    spans.add(span("t", "r", null, null, "www", 0, 100));
    List<String> idList = split(ids);
    List<String> peerList = split(peers);
    List<String> addrList = split(addresses);
    int n = Math.max(1, Math.max(idList.size(), Math.max(peerList.size(), addrList.size())));
    for (int i = 0; i < n; i++) {
      var clientTags = new ArrayList<String>();
      if (i < peerList.size()) {
        clientTags.addAll(List.of("simarch.peer.instance", peerList.get(i)));
      }
      spans.add(span("t", "c" + i, "r", "CLIENT", "www", 1, 9, clientTags.toArray(String[]::new)));
      Span server =
          i < idList.size()
              ? span(
                  "t", "s" + i, "c" + i, "SERVER", "db", 2, 8, "service.instance.id", idList.get(i))
              : span("t", "s" + i, "c" + i, "SERVER", "db", 2, 8);
      spans.add(i < addrList.size() ? withAddress(server, addrList.get(i)) : server);
    }

    var r = TraceImport.derive(spans, "x");

    assertThat(r.service("db").instances()).isEqualTo(count);
    assertThat(r.service("db").instancesFrom()).isEqualTo(from);
  }

  @Test
  void servicesOnNoRequestsPathAreLeftOutAndSaidSo() {
    var spans = new ArrayList<>(request("t1", 0, "api00"));
    spans.add(span("k", "kill", null, null, "chaosmonkey", 5, 1));

    var r = TraceImport.derive(spans, "x");

    assertThat(services(r)).doesNotContainKey("chaosmonkey");
    assertThat(r.ignored()).containsExactly("chaosmonkey");
    assertThat(r.yaml()).contains("# left out, on no request's path: chaosmonkey");
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "no service names | '' | none with a localEndpoint.serviceName",
        "no root span | api | no root: every service of [api, db] is called by another"
      })
  void tracesThatSayNoArchitectureAreBadInput(String what, String service, String message) {
    List<Span> spans =
        service.isEmpty()
            ? List.of(span("t", "a", null, "SERVER", null, 0, 1))
            : List.of(
                span("t", "s", "lost", "SERVER", "api", 0, 10),
                span("t", "c", "s", "CLIENT", "api", 1, 5),
                span("t", "s2", "c", "SERVER", "db", 2, 3),
                span("t", "c2", "s2", "CLIENT", "db", 2, 1),
                span("t", "s3", "c2", "SERVER", "api", 2, 1));

    assertThatThrownBy(() -> TraceImport.derive(spans, "x"))
        .isInstanceOf(BadTracesException.class)
        .hasMessageContaining(message);
  }

  @ParameterizedTest(name = "root={0} forwards={1} instances={2} callers={3} → {4}")
  @CsvSource(
      delimiter = '|',
      value = {
        "true  | true  | 1 | ''      | DENOMINATOR",
        "false | false | 3 | www     | STORE",
        "false | false | 1 | www     | STORE",
        "false | true  | 1 | www     | ELB",
        "false | true  | 2 | www     | MONOLITH",
        "false | true  | 1 | www,api | MONOLITH",
        "false | true  | 1 | api     | MONOLITH"
      })
  void roles(boolean root, boolean forwards, int instances, String callers, PackageRole role) {
    assertThat(
            TraceImport.role(
                root, forwards, instances, new TreeSet<>(split(callers)), Set.of("www")))
        .isEqualTo(role);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "no calls | '' | 100",
        "one call inside | 10-30 | 80",
        "overlapping calls | 10-30,20-50 | 60",
        "a call past the end (an answer before replication) | 90-200 | 90",
        "nested calls | 10-90,20-30 | 20",
        "calls cover all | 0-100 | 0",
        "a retry after a backoff: the wait is not work | 10-20,50-60#2 | 50",
        "a first attempt to another callee has its own gap | 10-20,50-60#1 | 80",
        "retries of two callees | 10-20,30-40:db,50-60#2,70-80:db#2 | 30"
      })
  void selfTimeIsTheSpanOutsideItsCalls(String what, String calls, long self) {
    var server = span("t", "s", null, "SERVER", "api", 0, 100);
    var kids = new ArrayList<Span>();
    // from-to[:callee][#attempt]
    for (String c : split(calls)) {
      String[] attempt = c.split("#");
      String[] callee = attempt[0].split(":");
      long[] ab = Arrays.stream(callee[0].split("-")).mapToLong(Long::parseLong).toArray();
      var call =
          span(
              "t",
              "c" + kids.size(),
              "s",
              "CLIENT",
              "api",
              ab[0],
              ab[1] - ab[0],
              "simarch.attempt",
              attempt.length > 1 ? attempt[1] : "1");
      kids.add(withRemote(call, callee.length > 1 ? callee[1] : "cache"));
    }
    assertThat(TraceImport.selfTime(server, kids)).isEqualTo(self);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {"1530 | 1.53ms", "10000 | 10ms", "40 | 0.04ms", "1234560 | 1234.56ms"})
  void latenciesAreWrittenInMilliseconds(long micros, String text) {
    assertThat(TraceImport.millis(Duration.ofNanos(micros * 1000))).isEqualTo(text);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {"frontend | frontend", "my svc | my-svc", "_private | private", "/// | service"})
  void serviceNamesAreMadeValid(String name, String valid) {
    assertThat(TraceImport.kubeSafeNames(Set.of(name))).containsEntry(name, valid);
  }

  @Test
  void percentilesAreNearestRank() {
    List<Long> hundred = new ArrayList<>();
    for (long i = 1; i <= 100; i++) {
      hundred.add(i);
    }
    assertThat(TraceImport.percentile(hundred, 0.5)).isEqualTo(50);
    assertThat(TraceImport.percentile(hundred, 0.99)).isEqualTo(99);
    assertThat(TraceImport.percentile(List.of(7L), 0.99)).isEqualTo(7);
  }

  static List<String> split(String csv) {
    return csv == null || csv.isBlank() ? List.of() : List.of(csv.split(","));
  }
}
