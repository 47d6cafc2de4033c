package io.simarch.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.simarch.api.model.KubeNames;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class KubeNamesTest {
  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource({
    "cassSubscriber, cass-subscriber",
    "evcacheSubscriber, evcache-subscriber",
    "rds-mysql, rds-mysql",
    "www-elb, www-elb",
    "priamCassandra, priam-cassandra",
    "APIGateway, api-gateway",
    "node2Node, node2-node",
    "homepage-node, homepage-node",
    "_weird__Name_, weird-name",
    "stream.api, stream-api",
    "INTERNET, internet",
  })
  void mapsSpigoNamesToDns1123(String spigo, String dns) {
    assertThat(KubeNames.dns(spigo)).isEqualTo(dns);
    assertThat(KubeNames.isLabel(KubeNames.dns(spigo))).isTrue();
  }

  @ParameterizedTest(name = "{1}/{2}")
  @CsvSource({
    "lamp, webserver, us-east-1, zoneA, lamp-webserver-us-east-1-zone-a",
    "lamp, webserver-elb, us-east-1, *, lamp-webserver-elb-us-east-1",
    "lamp, www, *, *, lamp-www-global",
    "netflixoss, cassSubscriber, eu-west-1, zoneC, netflixoss-cass-subscriber-eu-west-1-zone-c",
  })
  void namesCellsDeterministically(
      String arch, String svc, String region, String zone, String name) {
    assertThat(KubeNames.cell(arch, svc, region, zone)).isEqualTo(name);
  }
}
