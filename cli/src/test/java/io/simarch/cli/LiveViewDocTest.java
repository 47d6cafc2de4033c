package io.simarch.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** docs/live-view.md shows the Role the repo ships for {@code simarch ui}, not a second copy. */
class LiveViewDocTest {
  @Test
  void theDocsRoleIsTheShippedRole() throws Exception {
    String doc = Files.readString(SimarchCliTest.repo().resolve("docs/live-view.md"));
    String file =
        Files.readString(SimarchCliTest.repo().resolve("examples/rbac/simarch-ui-role.yaml"));
    var m =
        Pattern.compile(
                "```yaml\n(apiVersion: rbac\\.authorization\\.k8s\\.io/v1\nkind: Role\n.*?)```",
                Pattern.DOTALL)
            .matcher(doc);
    assertThat(m.find()).as("a Role in docs/live-view.md").isTrue();
    // the file's leading comments say how to bind it; the Role itself is the same text
    assertThat(file.substring(file.indexOf("apiVersion:"))).isEqualTo(m.group(1));
    assertThat(m.group(1)).contains("name: simarch-ui", "pods/proxy");
  }
}
