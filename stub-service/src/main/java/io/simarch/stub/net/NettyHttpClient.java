package io.simarch.stub.net;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.pool.AbstractChannelPoolHandler;
import io.netty.channel.pool.ChannelHealthChecker;
import io.netty.channel.pool.SimpleChannelPool;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.handler.timeout.IdleStateHandler;
import io.netty.util.concurrent.EventExecutor;
import io.simarch.stub.call.Peer;
import io.simarch.stub.core.Wire;
import java.nio.channels.ClosedChannelException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * The HTTP/1.1 client every instance of a host shares: one connection pool per peer address on the
 * host's event loops, one request per connection at a time. A connection whose request was
 * abandoned (timed out) or failed is closed rather than returned, so a late answer can never be
 * read as the answer to the next request.
 */
public final class NettyHttpClient implements Transport, AutoCloseable {
  private static final int MAX_RESPONSE = 4 * 1024 * 1024;
  private static final int IDLE_SECONDS = 30;
  private static final int CONNECT_TIMEOUT_MS = 2000;

  private final EventLoopGroup group;
  private final Bootstrap bootstrap;
  private final Map<PoolKey, SimpleChannelPool> pools = new ConcurrentHashMap<>();

  /** A peer address on one event loop. */
  private record PoolKey(String host, int port, EventLoop loop) {}

  public NettyHttpClient(EventLoopGroup group) {
    this.group = group;
    this.bootstrap =
        new Bootstrap()
            .group(group)
            .channel(QuietLoops.socketChannel(group))
            .option(ChannelOption.TCP_NODELAY, true)
            .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, CONNECT_TIMEOUT_MS);
  }

  @Override
  public CompletableFuture<HttpReply> send(
      Peer peer,
      String method,
      String pathAndQuery,
      List<Map.Entry<String, String>> headers,
      byte[] body) {
    var result = new CompletableFuture<HttpReply>();
    // one pool per peer and event loop: a request made on a loop stays on it from acquiring the
    // connection to completing the caller's future, with no hand-off between threads
    EventLoop loop = currentLoop();
    SimpleChannelPool pool =
        pools.computeIfAbsent(new PoolKey(peer.host(), peer.port(), loop), k -> pool(peer, loop));
    pool.acquire(loop.newPromise())
        .addListener(
            (io.netty.util.concurrent.Future<Channel> acquired) -> {
              if (!acquired.isSuccess()) {
                result.completeExceptionally(acquired.cause());
                return;
              }
              Channel ch = acquired.getNow();
              if (result.isDone()) { // abandoned while connecting
                pool.release(ch);
                return;
              }
              ResponseHandler handler = ch.pipeline().get(ResponseHandler.class);
              if (handler == null) { // closed by the peer between the health check and now
                result.completeExceptionally(new ClosedChannelException());
                pool.release(ch);
                return;
              }
              handler.expect(result);
              result.whenComplete(
                  (reply, error) -> {
                    if (error != null || reply == null || !keepAlive(ch)) {
                      // released only once closed, so the pool cannot hand it out meanwhile
                      ch.close().addListener(closed -> pool.release(ch));
                    } else {
                      pool.release(ch);
                    }
                  });
              ch.writeAndFlush(request(peer, method, pathAndQuery, headers, body))
                  .addListener(
                      w -> {
                        if (!w.isSuccess()) {
                          result.completeExceptionally(w.cause());
                        }
                      });
            });
    return result;
  }

  private static boolean keepAlive(Channel ch) {
    ResponseHandler h = ch.pipeline().get(ResponseHandler.class);
    return ch.isActive() && h != null && h.keepAlive;
  }

  private static FullHttpRequest request(
      Peer peer, String method, String path, List<Map.Entry<String, String>> headers, byte[] body) {
    var req =
        new DefaultFullHttpRequest(
            HttpVersion.HTTP_1_1,
            HttpMethod.valueOf(method),
            path,
            body == null ? Unpooled.EMPTY_BUFFER : Unpooled.wrappedBuffer(body));
    var h = req.headers();
    h.set(HttpHeaderNames.HOST, peer.host() + ":" + peer.port());
    h.set(HttpHeaderNames.CONNECTION, HttpHeaderValues.KEEP_ALIVE);
    h.set(HttpHeaderNames.CONTENT_LENGTH, body == null ? 0 : body.length);
    if (body != null) {
      h.set(HttpHeaderNames.CONTENT_TYPE, HttpHeaderValues.APPLICATION_OCTET_STREAM);
    }
    for (Map.Entry<String, String> e : headers) {
      h.set(e.getKey(), e.getValue());
    }
    return req;
  }

  /** The event loop running this thread, or any one of the group. */
  EventLoop currentLoop() {
    for (EventExecutor e : group) {
      if (e.inEventLoop()) {
        return (EventLoop) e;
      }
    }
    return group.next();
  }

  private SimpleChannelPool pool(Peer peer, EventLoop loop) {
    return new SimpleChannelPool(
        bootstrap.clone(loop).remoteAddress(peer.host(), peer.port()),
        new AbstractChannelPoolHandler() {
          @Override
          public void channelCreated(Channel ch) {
            ch.pipeline()
                .addLast(new IdleStateHandler(0, 0, IDLE_SECONDS, TimeUnit.SECONDS))
                .addLast(new HttpClientCodec())
                .addLast(new HttpObjectAggregator(MAX_RESPONSE))
                .addLast(new ResponseHandler());
          }
        },
        ChannelHealthChecker.ACTIVE,
        true,
        true);
  }

  /** Drops the pools of an address and closes their connections (it left discovery). */
  @Override
  public void forget(String host, int port) {
    pools
        .entrySet()
        .removeIf(
            e -> {
              if (e.getKey().port() == port && e.getKey().host().equals(host)) {
                e.getValue().closeAsync();
                return true;
              }
              return false;
            });
  }

  /** Pools held: one per peer address and event loop that sent to it. */
  public int poolCount() {
    return pools.size();
  }

  @Override
  public void close() {
    pools.values().forEach(SimpleChannelPool::closeAsync);
    pools.clear();
  }

  /** Completes the one outstanding request of its connection. */
  static final class ResponseHandler extends SimpleChannelInboundHandler<FullHttpResponse> {
    private volatile CompletableFuture<HttpReply> pending;
    volatile boolean keepAlive = true;

    void expect(CompletableFuture<HttpReply> future) {
      pending = future;
    }

    private CompletableFuture<HttpReply> take() {
      CompletableFuture<HttpReply> f = pending;
      pending = null;
      return f;
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, FullHttpResponse resp) {
      keepAlive = HttpUtil.isKeepAlive(resp);
      CompletableFuture<HttpReply> f = take();
      if (f == null) {
        ctx.close(); // an answer nobody waits for: this connection is out of step
        return;
      }
      var h = resp.headers();
      String length = h.get(Wire.VALUE_LENGTH);
      f.complete(
          new HttpReply(
              resp.status().code(),
              ByteBufUtil.getBytes(resp.content()),
              h.get(Wire.INSTANCE),
              length == null ? -1 : Integer.parseInt(length),
              h.get(Wire.OUTCOME),
              h.get(Wire.SPANS)));
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
      CompletableFuture<HttpReply> f = take();
      if (f != null) {
        f.completeExceptionally(new ClosedChannelException());
      }
      super.channelInactive(ctx);
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) throws Exception {
      if (evt instanceof IdleStateEvent && pending == null) {
        ctx.close();
      }
      super.userEventTriggered(ctx, evt);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
      CompletableFuture<HttpReply> f = take();
      if (f != null) {
        f.completeExceptionally(cause);
      }
      ctx.close();
    }
  }
}
