package io.simarch.testkit;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import org.awaitility.core.ConditionTimeoutException;

/**
 * A real server a test started as a child process (Zipkin, Prometheus): its output goes to a log
 * file, it is killed on close and, should the test JVM die first, from a shutdown hook, so a failed
 * test leaves nothing running.
 */
public final class ChildProcess implements AutoCloseable {
  private final Process process;
  private final Path log;
  private final Thread hook;

  private ChildProcess(Process process, Path log, String name) {
    this.process = process;
    this.log = log;
    this.hook = new Thread(process::destroyForcibly, name + "-kill");
    Runtime.getRuntime().addShutdownHook(hook);
  }

  /** Starts {@code command} with its output in {@code log}. */
  public static ChildProcess start(String name, Path log, String... command) throws IOException {
    Process p =
        new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    return new ChildProcess(p, log, name);
  }

  /**
   * Waits until {@code ready} holds; stops the process and fails with its log when it exits first
   * or {@code atMost} passes.
   */
  public void awaitReady(Duration atMost, Callable<Boolean> ready) throws IOException {
    try {
      await()
          .atMost(atMost)
          .pollInterval(Duration.ofMillis(100))
          .until(() -> !process.isAlive() || ready.call());
    } catch (ConditionTimeoutException e) {
      close();
      throw new IOException("not ready after " + atMost + ": " + Files.readString(log), e);
    }
    if (!process.isAlive()) {
      close();
      throw new IOException("exited with " + process.exitValue() + ": " + Files.readString(log));
    }
  }

  public boolean isAlive() {
    return process.isAlive();
  }

  @Override
  public void close() {
    process.destroy();
    try {
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
    try {
      Runtime.getRuntime().removeShutdownHook(hook);
    } catch (IllegalStateException shuttingDown) {
      // the hook is running already
    }
  }
}
