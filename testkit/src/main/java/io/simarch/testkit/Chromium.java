package io.simarch.testkit;

import java.nio.file.Files;
import java.nio.file.Path;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * Debian's headless Chromium driven through its chromedriver, and what the live view's page drew,
 * for the page's tests.
 */
public final class Chromium {
  public static final Path BINARY = Path.of("/usr/bin/chromium");
  public static final Path DRIVER = Path.of("/usr/bin/chromedriver");

  private Chromium() {}

  /** Why there is no browser to test with, saying what to install; null when there is one. */
  public static String missing() {
    if (Files.isExecutable(BINARY) && Files.isExecutable(DRIVER)) {
      return null;
    }
    return BINARY
        + " or "
        + DRIVER
        + " not found: install Debian's chromium and chromium-driver (apt-get install -y"
        + " chromium chromium-driver)";
  }

  /** What the live view's page has drawn, read from its cytoscape graph ({@code simarchView}). */
  public static int servicesDrawn(JavascriptExecutor page) {
    return ((Number)
            page.executeScript(
                "return window.simarchView ? simarchView.cy.nodes('.service').length : 0"))
        .intValue();
  }

  /** The calls per second of every edge the live view's page has drawn, summed. */
  public static double callsDrawn(JavascriptExecutor page) {
    return ((Number)
            page.executeScript(
                "return window.simarchView ? simarchView.cy.edges().toArray()"
                    + ".reduce((sum, e) => sum + (e.data('calls') || 0), 0) : 0"))
        .doubleValue();
  }

  /** A new headless browser with a 1400×900 window; quit it when done. */
  public static ChromeDriver start() {
    var options =
        new ChromeOptions()
            .setBinary(BINARY.toFile())
            .addArguments(
                "--headless=new",
                "--no-sandbox",
                "--disable-dev-shm-usage",
                "--window-size=1400,900");
    var service = new ChromeDriverService.Builder().usingDriverExecutable(DRIVER.toFile());
    return new ChromeDriver(service.build(), options);
  }
}
