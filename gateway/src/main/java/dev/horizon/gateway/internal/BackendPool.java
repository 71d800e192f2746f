package dev.horizon.gateway.internal;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.handler.timeout.IdleStateHandler;
import io.netty.util.AttributeKey;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.FastThreadLocal;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;

/**
 * Keep-alive connections to endpoints, pooled per event loop: a connection is only ever used by the event loop that
 * opened it, the same loop that serves the client, so a request and its backend connection never cross threads and
 * the pool needs no lock.
 *
 * <p>An idle pooled connection that the endpoint closes leaves the pool at once; one idle longer than
 * {@code idleTimeout} is closed by the gateway, to stay ahead of the endpoint's own keep-alive timeout.
 */
final class BackendPool {

    /** The exchange a backend connection currently serves, or none while it is idle in the pool. */
    static final AttributeKey<BackendListener> LISTENER = AttributeKey.valueOf("horizon.backend.listener");
    private static final AttributeKey<String> ENDPOINT = AttributeKey.valueOf("horizon.backend.endpoint");
    private static final int MAX_IDLE_PER_ENDPOINT = 256;

    private final Class<? extends SocketChannel> channelClass;
    private final Duration connectTimeout;
    private final long idleTimeoutMillis;
    private final FastThreadLocal<Map<String, ArrayDeque<Channel>>> idle = new FastThreadLocal<>() {
        @Override
        protected Map<String, ArrayDeque<Channel>> initialValue() {
            return new HashMap<>();
        }
    };

    /** What a backend connection reports to the exchange using it. */
    interface BackendListener {
        void onBackendRead(Object msg);

        void onBackendReadComplete();

        void onBackendClosed();

        void onBackendWritable(boolean writable);
    }

    BackendPool(Class<? extends SocketChannel> channelClass, Duration connectTimeout, Duration idleTimeout) {
        this.channelClass = channelClass;
        this.connectTimeout = connectTimeout;
        this.idleTimeoutMillis = idleTimeout.toMillis();
    }

    /** An idle pooled connection to {@code endpointId} on {@code loop}, or null; must be called on {@code loop}. */
    @Nullable Channel pooled(EventLoop loop, String endpointId) {
        ArrayDeque<Channel> deque = idle.get().get(endpointId);
        while (deque != null && !deque.isEmpty()) {
            Channel c = deque.pollLast();
            if (c.isActive()) {
                return c;
            }
        }
        return null;
    }

    /** Opens a new connection to {@code address} on {@code loop}. */
    ChannelFuture connect(EventLoop loop, String endpointId, InetSocketAddress address) {
        Bootstrap b = new Bootstrap()
            .group(loop)
            .channel(channelClass)
            .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) Math.min(Integer.MAX_VALUE, connectTimeout.toMillis()))
            .option(ChannelOption.TCP_NODELAY, true)
            .option(ChannelOption.AUTO_READ, true)
            .attr(ENDPOINT, endpointId)
            .handler(new ChannelInitializer<SocketChannel>() {
                @Override
                protected void initChannel(SocketChannel ch) {
                    ch.pipeline().addLast("codec", new HttpClientCodec(4096, 65536, 65536, false, false));
                    ch.pipeline().addLast("idle", new IdleStateHandler(0, 0, idleTimeoutMillis, TimeUnit.MILLISECONDS));
                    ch.pipeline().addLast("relay", new Relay());
                }
            });
        return b.connect(address.isUnresolved() ? new InetSocketAddress(address.getHostString(), address.getPort())
            : address);
    }

    /** Returns a connection whose exchange finished cleanly to the pool of its loop; must be called on that loop. */
    void release(Channel channel) {
        channel.attr(LISTENER).set(null);
        String endpointId = channel.attr(ENDPOINT).get();
        if (!channel.isActive() || endpointId == null) {
            channel.close();
            return;
        }
        channel.config().setAutoRead(true);
        ArrayDeque<Channel> deque = idle.get().computeIfAbsent(endpointId, k -> new ArrayDeque<>());
        if (deque.size() >= MAX_IDLE_PER_ENDPOINT) {
            channel.close();
            return;
        }
        deque.addLast(channel);
    }

    /** Closes every idle connection of the calling event loop. */
    void closeIdle() {
        for (ArrayDeque<Channel> deque : idle.get().values()) {
            for (Channel c : deque) {
                c.close();
            }
            deque.clear();
        }
    }

    /** Closes the calling event loop's idle connections to the endpoints in {@code endpointIds}. */
    void closeIdle(Set<String> endpointIds) {
        Map<String, ArrayDeque<Channel>> byEndpoint = idle.get();
        for (String id : endpointIds) {
            ArrayDeque<Channel> deque = byEndpoint.remove(id);
            if (deque != null) {
                for (Channel c : deque) {
                    c.close();
                }
            }
        }
    }

    private final class Relay extends ChannelInboundHandlerAdapter {

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            BackendListener listener = ctx.channel().attr(LISTENER).get();
            if (listener == null) {
                // a response nobody asked for on an idle connection: the connection's framing is not to be trusted
                ReferenceCountUtil.release(msg);
                ctx.close();
                return;
            }
            listener.onBackendRead(msg);
        }

        @Override
        public void channelReadComplete(ChannelHandlerContext ctx) {
            BackendListener listener = ctx.channel().attr(LISTENER).get();
            if (listener != null) {
                listener.onBackendReadComplete();
            }
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            Channel ch = ctx.channel();
            BackendListener listener = ch.attr(LISTENER).getAndSet(null);
            if (listener != null) {
                listener.onBackendClosed();
            } else {
                String endpointId = ch.attr(ENDPOINT).get();
                ArrayDeque<Channel> deque = endpointId == null ? null : idle.get().get(endpointId);
                if (deque != null) {
                    deque.remove(ch);
                }
            }
        }

        @Override
        public void channelWritabilityChanged(ChannelHandlerContext ctx) {
            BackendListener listener = ctx.channel().attr(LISTENER).get();
            if (listener != null) {
                listener.onBackendWritable(ctx.channel().isWritable());
            }
        }

        @Override
        public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
            if (evt instanceof IdleStateEvent && ctx.channel().attr(LISTENER).get() == null) {
                ctx.close();
            }
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            ctx.close();
        }
    }
}
