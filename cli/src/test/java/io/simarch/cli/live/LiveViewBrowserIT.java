package io.simarch.cli.live;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.simarch.testkit.Chromium;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.chrome.ChromeDriver;

/**
 * The page in a real headless Chromium (Debian's chromium and chromium-driver) during a real
 * `simarch run examples/lamp.yaml --ui 0`: the graph drawn, its rates rising, the monkey's kill and
 * the kill button's shown; a screenshot in target/live-view.png.
 */
class LiveViewBrowserIT {
  private static final Duration WAIT = Duration.ofSeconds(45);

  @Test
  void showsTheRunningArchitectureItsTrafficAndItsKills() throws Exception {
    // a user's machine without a browser skips, saying what to install; CI installs it and fails
    // on any skipped test
    Assumptions.assumeTrue(Chromium.missing() == null, Chromium.missing());
    // the monkey strikes halfway through the 24 s after the 10 s warm-up
    try (var run = LiveRunProcess.start("examples/lamp.yaml", "--duration", "24s")) {
      ChromeDriver browser = Chromium.start();
      try {
        browser.get(run.url);
        JavascriptExecutor js = browser;

        await().atMost(WAIT).until(() -> Chromium.servicesDrawn(browser) == 5);

        // drawn edge rates: the traffic ramps up over the warm-up
        var first = new AtomicReference<Double>();
        await()
            .atMost(WAIT)
            .until(
                () -> {
                  first.set(Chromium.callsDrawn(browser));
                  return first.get() > 0;
                });
        await().atMost(WAIT).until(() -> Chromium.callsDrawn(browser) > first.get() + 20);

        // the monkey's strike: listed, its node dashed
        await()
            .atMost(WAIT)
            .until(
                () ->
                    browser.findElements(By.cssSelector("#events li.kill")).stream()
                        .anyMatch(li -> li.getText().contains("by chaosmonkey")));
        assertThat(
                (Boolean)
                    js.executeScript(
                        "return simarchView.cy.getElementById('webserver').hasClass('down')"))
            .isTrue();

        // the panel's kill button
        js.executeScript("simarchView.cy.getElementById('webserver').emit('tap')");
        await().atMost(WAIT).until(() -> !browser.findElements(By.id("kill")).isEmpty());
        browser.findElement(By.id("kill")).click();
        await()
            .atMost(WAIT)
            .until(() -> browser.findElement(By.id("killed")).getText().startsWith("killed lamp."));
        await()
            .atMost(WAIT)
            .until(
                () ->
                    browser.findElements(By.cssSelector("#events li.kill")).stream()
                        .anyMatch(li -> li.getText().contains("by ui")));
        await()
            .atMost(WAIT)
            .until(() -> browser.findElement(By.id("stats")).getText().contains("16/18"));

        Path png = Path.of("target", "live-view.png");
        Files.write(png, browser.getScreenshotAs(OutputType.BYTES));
        assertThat(Files.size(png)).isGreaterThan(10_000);
      } finally {
        browser.quit();
      }
    }
  }
}
