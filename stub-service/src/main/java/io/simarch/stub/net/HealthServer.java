package io.simarch.stub.net;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.simarch.stub.core.Wire;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * The pod's health listener, on its own port and its own thread: liveness says the process is
 * alive, and nothing the request path does (a full event loop, a slow dependency, shed load) can
 * keep it from answering, so the kubelet never restarts a stub for being busy. The pod's readiness
 * probe asks here too: a busy stub stays in the rotation and sheds what it cannot serve (fast 503s)
 * rather than vanishing from its callers' DNS; readiness goes false only when the stub stops.
 */
public final class HealthServer implements AutoCloseable {
  private static final byte[] UP = "{\"status\":\"UP\"}".getBytes(StandardCharsets.UTF_8);
  private static final byte[] DOWN = "{\"status\":\"DOWN\"}".getBytes(StandardCharsets.UTF_8);

  private final EventLoopGroup group;
  private final Channel listener;

  private HealthServer(EventLoopGroup group, Channel listener) {
    this.group = group;
    this.listener = listener;
  }

  /** Binds {@code host:port} (port 0: any free port) on one thread of its own. */
  public static HealthServer start(String host, int port, BooleanSupplier ready) {
    EventLoopGroup group = QuietLoops.create(1, "simarch-health");
    try {
      Channel ch =
          new ServerBootstrap()
              .group(group)
              .channel(QuietLoops.serverChannel(group))
              .childHandler(
                  new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel c) {
                      c.pipeline()
                          .addLast(new HttpServerCodec())
                          .addLast(new HttpObjectAggregator(4096))
                          .addLast(new Handler(ready));
                    }
                  })
              .bind(host, port)
              .syncUninterruptibly()
              .channel();
      return new HealthServer(group, ch);
    } catch (RuntimeException e) {
      group.shutdownGracefully(0, 0, TimeUnit.SECONDS);
      throw e;
    }
  }

  public int port() {
    return ((InetSocketAddress) listener.localAddress()).getPort();
  }

  @Override
  public void close() {
    listener.close().awaitUninterruptibly();
    group.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly(2_000);
  }

  private static final class Handler extends SimpleChannelInboundHandler<FullHttpRequest> {
    private final BooleanSupplier ready;

    Handler(BooleanSupplier ready) {
      this.ready = ready;
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest req) {
      String path = req.uri();
      HttpResponseStatus status;
      byte[] body;
      if (path.equals(Wire.LIVENESS)) {
        status = HttpResponseStatus.OK;
        body = UP;
      } else if (path.equals(Wire.READINESS)) {
        boolean up = ready.getAsBoolean();
        status = up ? HttpResponseStatus.OK : HttpResponseStatus.SERVICE_UNAVAILABLE;
        body = up ? UP : DOWN;
      } else {
        status = HttpResponseStatus.NOT_FOUND;
        body = new byte[0];
      }
      var resp =
          new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status, Unpooled.wrappedBuffer(body));
      resp.headers().set(HttpHeaderNames.CONTENT_TYPE, "application/json");
      resp.headers().set(HttpHeaderNames.CONTENT_LENGTH, body.length);
      if (HttpUtil.isKeepAlive(req)) {
        ctx.writeAndFlush(resp);
      } else {
        ctx.writeAndFlush(resp).addListener(ChannelFutureListener.CLOSE);
      }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
      ctx.close();
    }
  }
}
