package io.simarch.stub.net;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.IoEventLoopGroup;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.ServerChannel;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;

/**
 * The I/O transport of the event loops: Linux's native epoll where its library loads (fewer
 * syscalls and no selector garbage per wake-up than the JDK's NIO), NIO elsewhere. Channels follow
 * the group they are made on, so a group built with NIO (a test's) keeps working.
 */
public final class NettyIo {
  private NettyIo() {}

  /** The handler factory for new event loop groups. */
  public static IoHandlerFactory handlerFactory() {
    return Epoll.isAvailable() ? EpollIoHandler.newFactory() : NioIoHandler.newFactory();
  }

  private static boolean epoll(EventLoopGroup group) {
    return group instanceof IoEventLoopGroup g && g.isIoType(EpollIoHandler.class);
  }

  /** What the group's channels use, for the start log: {@code epoll} or {@code nio}. */
  public static String name(EventLoopGroup group) {
    return epoll(group) ? "epoll" : "nio";
  }

  public static Class<? extends SocketChannel> socketChannel(EventLoopGroup group) {
    return epoll(group) ? EpollSocketChannel.class : NioSocketChannel.class;
  }

  public static Class<? extends ServerChannel> serverChannel(EventLoopGroup group) {
    return epoll(group) ? EpollServerSocketChannel.class : NioServerSocketChannel.class;
  }
}
