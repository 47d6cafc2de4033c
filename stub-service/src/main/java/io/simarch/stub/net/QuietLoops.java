package io.simarch.stub.net;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.netty.util.concurrent.EventExecutor;
import java.util.concurrent.TimeUnit;

/**
 * Event loops that sleep while idle. A Netty 4.2 loop with no timer due wakes every second anyway
 * (its scheduled-task purge interval), which in a pod that serves nothing is most of its CPU: the
 * code of that wake-up runs a few times a minute, so it stays interpreted. A far timer on each loop
 * makes the loop's next deadline a day away, so it sleeps in {@code epoll_wait} until I/O or a real
 * timer (a call's timeout, a service time) is due.
 */
public final class QuietLoops {
  static final long FAR_HOURS = 24;

  private QuietLoops() {}

  /** {@code threads} NIO event loops named {@code name}, daemon threads, quiet when idle. */
  public static EventLoopGroup create(int threads, String name) {
    EventLoopGroup group =
        new MultiThreadIoEventLoopGroup(
            threads, new DefaultThreadFactory(name, true), NioIoHandler.newFactory());
    for (EventExecutor loop : group) {
      far(loop);
    }
    return group;
  }

  private static void far(EventExecutor loop) {
    // re-armed when it fires, so a loop that runs for days keeps a far deadline
    loop.schedule(() -> far(loop), FAR_HOURS, TimeUnit.HOURS);
  }
}
