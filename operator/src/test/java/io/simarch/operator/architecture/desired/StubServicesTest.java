package io.simarch.operator.architecture.desired;

import static io.simarch.operator.testing.Architectures.desired;
import static io.simarch.operator.testing.Architectures.lamp;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Service;
import io.simarch.operator.Labels;
import io.simarch.operator.testing.Architectures;
import java.util.Map;
import org.junit.jupiter.api.Test;

class StubServicesTest {

  @Test
  void testHeadlessServicePerServiceAndClusterIpForTheRoot() {
    var services = StubServices.desired(desired(lamp()));

    assertThat(services)
        .extracting(s -> s.getMetadata().getName() + " " + s.getSpec().getClusterIP())
        .containsExactly(
            "lamp-rds-mysql-hl None",
            "lamp-memcache-hl None",
            "lamp-webserver-hl None",
            "lamp-webserver-elb-hl None",
            "lamp-www-hl None",
            "lamp-www null");
  }

  @Test
  void testSelectorsPortsLabelsOwner() {
    Service hl = StubServices.desired(desired(lamp())).get(2);

    assertThat(hl.getSpec().getSelector())
        .containsExactlyInAnyOrderEntriesOf(
            Map.of(Labels.ARCHITECTURE, "lamp", Labels.SERVICE, "webserver"));
    assertThat(hl.getSpec().getPorts())
        .singleElement()
        .satisfies(
            p -> {
              assertThat(p.getPort()).isEqualTo(8080);
              assertThat(p.getName()).isEqualTo("http");
              assertThat(p.getTargetPort().getStrVal()).isEqualTo("http");
            });
    assertThat(hl.getMetadata().getLabels()).containsEntry(Labels.SERVICE, "webserver");
    assertThat(hl.getMetadata().getOwnerReferences().get(0).getUid()).isEqualTo(Architectures.UID);
  }
}
