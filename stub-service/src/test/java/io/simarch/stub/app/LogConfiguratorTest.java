package io.simarch.stub.app;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.Configurator.ExecutionStatus;
import ch.qos.logback.core.ConsoleAppender;
import java.util.ServiceLoader;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class LogConfiguratorTest {
  @AfterEach
  void clear() {
    System.clearProperty(LogConfigurator.LEVEL);
  }

  @ParameterizedTest
  @CsvSource(
      nullValues = "none",
      value = {"none, INFO", "WARN, WARN", "debug, DEBUG", "nonsense, INFO"})
  void rootLevelFromSimarchLogLevel(String setting, String expected) {
    if (setting != null) {
      System.setProperty(LogConfigurator.LEVEL, setting);
    }
    LoggerContext context = new LoggerContext();
    assertThat(configure(context)).isEqualTo(ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY);
    assertThat(context.getLogger(Logger.ROOT_LOGGER_NAME).getLevel())
        .isEqualTo(Level.toLevel(expected));
    assertThat(context.getLogger("io.netty.channel").getEffectiveLevel()).isEqualTo(Level.WARN);
  }

  @Test
  void oneLinePerEventOnStdout() {
    LoggerContext context = new LoggerContext();
    configure(context);
    var appender =
        (ConsoleAppender<?>) context.getLogger(Logger.ROOT_LOGGER_NAME).getAppender("STDOUT");
    assertThat(appender.isStarted()).isTrue();
    assertThat(appender.getTarget()).isEqualTo("System.out");
    assertThat(((PatternLayoutEncoder) appender.getEncoder()).getPattern())
        .isEqualTo("%d{yyyy-MM-dd'T'HH:mm:ss.SSSXXX} %-5level %logger{0} %msg%n");
  }

  @Test
  void stepsAsideForAConfigurationFile() {
    LoggerContext context = new LoggerContext();
    System.setProperty("logback.configurationFile", "simarch-cli-logback.xml");
    try {
      assertThat(configure(context)).isEqualTo(ExecutionStatus.INVOKE_NEXT_IF_ANY);
    } finally {
      System.clearProperty("logback.configurationFile");
    }
    assertThat(context.getLogger(Logger.ROOT_LOGGER_NAME).getAppender("STDOUT")).isNull();
  }

  @Test
  void logbackFindsIt() {
    assertThat(ServiceLoader.load(ch.qos.logback.classic.spi.Configurator.class))
        .anyMatch(c -> c instanceof LogConfigurator);
  }

  private static ExecutionStatus configure(LoggerContext context) {
    var configurator = new LogConfigurator();
    configurator.setContext(context);
    return configurator.configure(context);
  }
}
