package io.simarch.stub.net;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.util.concurrent.GlobalEventExecutor;
import io.simarch.stub.core.HttpOut;
import io.simarch.stub.core.Inbound;
import io.simarch.stub.core.StubNode;
import java.net.InetSocketAddress;
import java.util.Map;

/**
 * The listener for one instance: in a pod, and in the local runtime on the host's shared event
 * loops. It can be killed (listener and every connection closed at once: callers get connection
 * refused or a reset) or frozen (connections are accepted and requests read, never answered).
 */
public final class NettyStubServer {
  private static final int MAX_REQUEST = 1024 * 1024;

  private final StubNode node;
  private final EventLoopGroup group;
  private final ChannelGroup connections = new DefaultChannelGroup(GlobalEventExecutor.INSTANCE);
  private volatile Channel listener;
  private volatile boolean frozen;

  public NettyStubServer(StubNode node, EventLoopGroup group) {
    this.node = node;
    this.group = group;
  }

  /** Binds 127.0.0.1:{@code port} (0: any free port) and returns the port. */
  public int bind(int port) {
    return bind("127.0.0.1", port);
  }

  /** Binds {@code host:port} (0: any free port) and returns the port. */
  public int bind(String host, int port) {
    Channel ch =
        new ServerBootstrap()
            .group(group)
            .channel(QuietLoops.serverChannel(group))
            .option(ChannelOption.SO_BACKLOG, 1024)
            .childOption(ChannelOption.TCP_NODELAY, true)
            .childHandler(
                new ChannelInitializer<SocketChannel>() {
                  @Override
                  protected void initChannel(SocketChannel c) {
                    connections.add(c);
                    c.pipeline()
                        .addLast(new HttpServerCodec())
                        .addLast(new HttpObjectAggregator(MAX_REQUEST))
                        .addLast(new Handler());
                  }
                })
            .bind(host, port)
            .syncUninterruptibly()
            .channel();
    listener = ch;
    return ((InetSocketAddress) ch.localAddress()).getPort();
  }

  public boolean isRunning() {
    Channel l = listener;
    return l != null && l.isOpen();
  }

  /** Closes the listener and every connection now, without answering anything in flight. */
  public void kill() {
    Channel l = listener;
    if (l != null) {
      l.close().syncUninterruptibly();
    }
    connections.close().syncUninterruptibly();
  }

  public void freeze() {
    frozen = true;
  }

  public void unfreeze() {
    frozen = false;
  }

  /** Stops accepting; open connections stay until {@link #kill()} (after draining). */
  public void stopAccepting() {
    Channel l = listener;
    if (l != null) {
      l.close().syncUninterruptibly();
    }
  }

  private final class Handler extends SimpleChannelInboundHandler<FullHttpRequest> {
    @Override
    protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest req) {
      if (frozen) {
        return; // read and dropped: the caller waits until its own timeout
      }
      boolean keepAlive = HttpUtil.isKeepAlive(req);
      Inbound in = new NettyInbound(req);
      node.serve(in).thenAccept(out -> write(ctx.channel(), out, keepAlive));
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
      ctx.close();
    }
  }

  private static void write(Channel ch, HttpOut out, boolean keepAlive) {
    if (!ch.isActive()) {
      return;
    }
    FullHttpResponse resp =
        new DefaultFullHttpResponse(
            HttpVersion.HTTP_1_1,
            HttpResponseStatus.valueOf(out.status()),
            Unpooled.wrappedBuffer(out.body()));
    var h = resp.headers();
    h.set(HttpHeaderNames.CONTENT_TYPE, out.contentType());
    h.set(HttpHeaderNames.CONTENT_LENGTH, out.body().length);
    for (Map.Entry<String, String> e : out.headers()) {
      h.set(e.getKey(), e.getValue());
    }
    if (keepAlive) {
      h.set(HttpHeaderNames.CONNECTION, HttpHeaderValues.KEEP_ALIVE);
      ch.writeAndFlush(resp);
    } else {
      ch.writeAndFlush(resp).addListener(ChannelFutureListener.CLOSE);
    }
  }

  /** A request read by Netty; the body is copied because the buffer is released on return. */
  private static final class NettyInbound implements Inbound {
    private final FullHttpRequest req;
    private final String path;
    private final String query;
    private final byte[] body;

    NettyInbound(FullHttpRequest req) {
      this.req = req;
      String uri = req.uri();
      int q = uri.indexOf('?');
      this.path = q < 0 ? uri : uri.substring(0, q);
      this.query = q < 0 ? null : uri.substring(q + 1);
      this.body = ByteBufUtil.getBytes(req.content());
    }

    @Override
    public String method() {
      return req.method().name();
    }

    @Override
    public String rawPath() {
      return path;
    }

    @Override
    public String rawQuery() {
      return query;
    }

    // called synchronously from serve() only (propagation, budget): the headers are still there
    @Override
    public String header(String name) {
      return req.headers().get(name);
    }

    @Override
    public Iterable<String> headerNames() {
      return req.headers().names();
    }

    @Override
    public byte[] body() {
      return body;
    }
  }
}
