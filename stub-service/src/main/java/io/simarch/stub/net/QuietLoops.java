package io.simarch.stub.net;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.IoEventLoopGroup;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.ServerChannel;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.netty.util.concurrent.EventExecutor;
import java.util.concurrent.TimeUnit;

/**
 * Event loops that sleep while idle. A Netty 4.2 loop with no timer due wakes every second anyway
 * (its scheduled-task purge interval), which in a pod that serves nothing is most of its CPU: the
 * code of that wake-up runs a few times a minute, so it stays interpreted. A far timer on each loop
 * makes the loop's next deadline a day away, so it sleeps in {@code epoll_wait} until I/O or a real
 * timer (a call's timeout, a service time) is due.
 *
 * <p>The loops run Netty's native epoll transport where its library loads, NIO elsewhere; the
 * channels a bootstrap opens must be of the group's kind, so servers and clients ask {@link
 * #serverChannel} and {@link #socketChannel}.
 */
public final class QuietLoops {
  static final long FAR_HOURS = 24;

  private QuietLoops() {}

  /**
   * {@code threads} event loops named {@code name}, daemon threads, quiet when idle: Netty's native
   * epoll transport where it loads (Linux), else NIO.
   */
  public static EventLoopGroup create(int threads, String name) {
    EventLoopGroup group =
        new MultiThreadIoEventLoopGroup(threads, new DefaultThreadFactory(name, true), io());
    for (EventExecutor loop : group) {
      far(loop);
    }
    return group;
  }

  /** The server channel type {@code group}'s loops serve. */
  public static Class<? extends ServerChannel> serverChannel(EventLoopGroup group) {
    return epoll(group) ? EpollServerSocketChannel.class : NioServerSocketChannel.class;
  }

  /** The client channel type {@code group}'s loops serve. */
  public static Class<? extends SocketChannel> socketChannel(EventLoopGroup group) {
    return epoll(group) ? EpollSocketChannel.class : NioSocketChannel.class;
  }

  /** "epoll" or "nio": what {@code group}'s loops use, for the start log. */
  public static String transport(EventLoopGroup group) {
    return epoll(group) ? "epoll" : "nio";
  }

  /** Why the native transport did not load, or null when it did. */
  public static String whyNotEpoll() {
    Throwable cause = Epoll.unavailabilityCause();
    return cause == null
        ? null
        : String.valueOf(cause.getCause() != null ? cause.getCause() : cause);
  }

  // epoll: a read or write is one JNI call on a file descriptor, without NIO's selector sets and
  // locks; 9-30 % less CPU per request on loopback, the more the busier (README, rate.py)
  private static IoHandlerFactory io() {
    return Epoll.isAvailable() ? EpollIoHandler.newFactory() : NioIoHandler.newFactory();
  }

  private static boolean epoll(EventLoopGroup group) {
    return group instanceof IoEventLoopGroup io && io.isIoType(EpollIoHandler.class);
  }

  private static void far(EventExecutor loop) {
    // re-armed when it fires, so a loop that runs for days keeps a far deadline
    loop.schedule(() -> far(loop), FAR_HOURS, TimeUnit.HOURS);
  }
}
