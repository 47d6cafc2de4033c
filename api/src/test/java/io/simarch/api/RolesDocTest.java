package io.simarch.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.simarch.api.model.PackageRole;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The packages table of docs/roles.md is generated from {@link PackageRole}, so the doc cannot
 * drift from what the validator and the stub read. {@code mvn -pl api verify
 * -Dsimarch.docs.update=true} rewrites it, as it does the architecture-file reference.
 */
class RolesDocTest {
  private static final Path DOC = Repo.root().resolve("docs/roles.md");
  static final String BEGIN =
      "<!-- generated from PackageRole by RolesDocTest; do not edit: change"
          + " api/src/main/java/io/simarch/api/model/PackageRole.java and run"
          + " mvn -pl api verify -Dsimarch.docs.update=true -->\n";
  static final String END = "<!-- end of generated table -->\n";

  @Test
  void packagesTableMatchesTheRegistry() throws IOException {
    String current = Files.readString(DOC);
    int begin = current.indexOf(BEGIN);
    int end = current.indexOf(END);
    assertThat(begin).as("%s has the generated table's markers", DOC).isNotNegative();
    assertThat(end).as("%s has the generated table's markers", DOC).isGreaterThan(begin);
    String doc = current.substring(0, begin + BEGIN.length()) + table() + current.substring(end);
    if (Boolean.getBoolean("simarch.docs.update")) {
      Files.writeString(DOC, doc);
    }
    assertThat(Files.readString(DOC))
        .as("%s is stale: run mvn -pl api verify -Dsimarch.docs.update=true", DOC)
        .isEqualTo(doc);
  }

  /** One row per package; packages that are alike in every column share a row. */
  static String table() {
    var sb =
        new StringBuilder(
            "\n| package | forwards | candidates | writes copied to | Get / Put |\n"
                + "|---|---|---|---|---|\n");
    List<List<PackageRole>> rows = new ArrayList<>();
    for (PackageRole r : PackageRole.values()) {
      List<PackageRole> last = rows.isEmpty() ? null : rows.get(rows.size() - 1);
      if (last != null && alike(last.get(0), r)) {
        last.add(r);
      } else {
        rows.add(new ArrayList<>(List.of(r)));
      }
    }
    for (List<PackageRole> row : rows) {
      PackageRole r = row.get(0);
      sb.append("| ")
          .append(String.join(", ", row.stream().map(x -> "`" + x.packageName() + "`").toList()))
          .append(" | ")
          .append(r.forwards() ? "yes" : "no")
          .append(" | ")
          .append(r.scope().description())
          .append(" | ")
          .append(r.replication().description())
          .append(" | ")
          .append(r.description().replace("|", "\\|"))
          .append(" |\n");
    }
    return sb.append('\n').toString();
  }

  private static boolean alike(PackageRole a, PackageRole b) {
    return a.behaviour() == b.behaviour()
        && a.scope() == b.scope()
        && a.replication() == b.replication()
        && a.trafficSource() == b.trafficSource()
        && a.description().equals(b.description());
  }
}
