package io.simarch.testkit;

import java.nio.file.Files;
import java.nio.file.Path;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/** Debian's headless Chromium driven through its chromedriver, for the live view's page tests. */
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
