package io.simarch.images;

import static org.assertj.core.api.Assertions.assertThat;

import io.simarch.operator.OperatorSettings;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The images are tagged with the chart's appVersion, which is also the tag the chart and the
 * operator run by default: a chart installed from this checkout finds the images built from it.
 */
class ImageTagTest {
  private static final Path REPO = Path.of(System.getProperty("simarch.repo", ".."));

  @Test
  void theBuildTagsImagesWithTheChartsAppVersion() throws IOException {
    String tag =
        group(REPO.resolve("pom.xml"), "<simarch\\.image\\.tag>([^<]+)</simarch\\.image\\.tag>");
    String appVersion =
        group(REPO.resolve("charts/simarch/Chart.yaml"), "(?m)^appVersion:\\s*\"?([^\"\\s]+)\"?");
    assertThat(tag).isEqualTo(appVersion);
    assertThat(OperatorSettings.DEFAULT_STUB_IMAGE).isEqualTo("simarch/stub-service:" + tag);
  }

  private static String group(Path file, String regex) throws IOException {
    Matcher m = Pattern.compile(regex).matcher(Files.readString(file));
    assertThat(m.find()).as("%s in %s", regex, file).isTrue();
    return m.group(1);
  }
}
