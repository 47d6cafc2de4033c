package io.simarch.stub.app;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.Configurator;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.spi.ContextAwareBase;

/**
 * The stub's logging, set up in code rather than a logback.xml: Kubernetes style, one line per
 * event on stdout, capitalised past-tense message with key=value pairs; level from {@code
 * SIMARCH_LOG_LEVEL} (default INFO), Netty at WARN. Logback finds it through the ServiceLoader
 * before its XML configurator, whose parsing and model handling took ~150 ms of a pod's start. A
 * {@code logback.configurationFile} (the CLI sets its own) still wins: then this steps aside.
 */
public final class LogConfigurator extends ContextAwareBase implements Configurator {
  static final String PATTERN = "%d{yyyy-MM-dd'T'HH:mm:ss.SSSXXX} %-5level %logger{0} %msg%n";
  static final String LEVEL = "SIMARCH_LOG_LEVEL";

  @Override
  public ExecutionStatus configure(LoggerContext context) {
    if (System.getProperty("logback.configurationFile") != null) {
      return ExecutionStatus.INVOKE_NEXT_IF_ANY;
    }
    var encoder = new PatternLayoutEncoder();
    encoder.setContext(context);
    encoder.setPattern(PATTERN);
    encoder.start();
    var stdout = new ConsoleAppender<ILoggingEvent>();
    stdout.setContext(context);
    stdout.setName("STDOUT");
    stdout.setEncoder(encoder);
    stdout.start();
    Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
    String level = System.getProperty(LEVEL, System.getenv(LEVEL));
    root.setLevel(Level.toLevel(level, Level.INFO));
    root.addAppender(stdout);
    context.getLogger("io.netty").setLevel(Level.WARN);
    return ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY;
  }
}
