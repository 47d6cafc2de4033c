package io.simarch.cli.run;

import java.io.PrintStream;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;

/**
 * Log lines in the format of Go's log package, which spigo used: {@code 2016/05/01 12:00:00 msg}.
 */
public final class RunLog {
  private static final DateTimeFormatter GO = DateTimeFormatter.ofPattern("yyyy/MM/dd HH:mm:ss");
  private final PrintStream out;

  public RunLog(PrintStream out) {
    this.out = out;
  }

  public void log(String format, Object... args) {
    String line = args.length == 0 ? format : String.format(format, args);
    synchronized (out) {
      out.println(GO.format(LocalDateTime.now()) + " " + line);
      out.flush();
    }
  }

  public PrintStream out() {
    return out;
  }
}
