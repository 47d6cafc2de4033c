package io.simarch.stub.net;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import org.junit.jupiter.api.Test;

class NettyIoTest {
  @Test
  void channelsFollowTheGroupTheyAreMadeOn() {
    EventLoopGroup nio = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
    EventLoopGroup chosen = new MultiThreadIoEventLoopGroup(1, NettyIo.handlerFactory());
    try {
      assertThat(NettyIo.socketChannel(nio)).isEqualTo(NioSocketChannel.class);
      assertThat(NettyIo.serverChannel(nio)).isEqualTo(NioServerSocketChannel.class);
      if (System.getProperty("os.name").equals("Linux")
          && System.getProperty("os.arch").equals("amd64")) {
        // every image and CI: the native library is in the jar and must load
        assertThat(Epoll.isAvailable()).as("%s", Epoll.unavailabilityCause()).isTrue();
      }
      assertThat(NettyIo.socketChannel(chosen))
          .isEqualTo(Epoll.isAvailable() ? EpollSocketChannel.class : NioSocketChannel.class);
      assertThat(NettyIo.serverChannel(chosen))
          .isEqualTo(
              Epoll.isAvailable() ? EpollServerSocketChannel.class : NioServerSocketChannel.class);
    } finally {
      nio.shutdownGracefully(0, 0, java.util.concurrent.TimeUnit.SECONDS);
      chosen.shutdownGracefully(0, 0, java.util.concurrent.TimeUnit.SECONDS);
    }
  }
}
