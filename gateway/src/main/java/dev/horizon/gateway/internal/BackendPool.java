package dev.horizon.gateway.internal;

import dev.horizon.gateway.internal.tls.BackendTls;
import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.ChannelPromise;
import io.netty.channel.EventLoop;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.ssl.SslHandler;
import io.netty.util.AttributeKey;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.FastThreadLocal;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Keep-alive connections to endpoints, pooled per event loop: a connection is only ever used by the event loop that
 * opened it, the same loop that serves the client, so a request and its backend connection never cross threads and
 * the pool needs no lock.
 *
 * <p>An idle pooled connection that the endpoint closes leaves the pool at once; one idle longer than
 * {@code idleTimeout} is closed by {@link #closeExpired}, which each event loop runs periodically, to stay ahead of
 * the endpoint's own keep-alive timeout.
 *
 * <p>Pipeline of a backend connection: {@link BackendResponseDecoder} → relay to the exchange using it. Requests are
 * written as bytes the proxy has already serialized, so there is no encoder.
 */
final class BackendPool {

    /** The exchange a backend connection currently serves, or none while it is idle in the pool. */
    static final AttributeKey<BackendListener> LISTENER = AttributeKey.valueOf("horizon.backend.listener");
    private static final AttributeKey<Idle> IDLE = AttributeKey.valueOf("horizon.backend.idle");
    private static final int MAX_IDLE_PER_ENDPOINT = 256;

    private final Dialer dialer;
    private final long idleTimeoutNanos;
    private final FastThreadLocal<Map<String, ArrayDeque<Idle>>> idle = new FastThreadLocal<>() {
        @Override
        protected Map<String, ArrayDeque<Idle>> initialValue() {
            return new HashMap<>();
        }
    };

    /** What a backend connection reports to the exchange using it. */
    interface BackendListener {
        void onBackendRead(Object msg);

        void onBackendReadComplete();

        void onBackendClosed();

        void onBackendWritable(boolean writable);

        /** Writing to the endpoint failed; the connection stays open for reading what the endpoint sent. */
        void onBackendWriteFailed();
    }

    /**
     * Opens a connection to an endpoint and sets it up with the pool's {@code init}: TCP in production
     * ({@link #tcp}), in-memory channels in tests. Called only when no pooled connection is idle, never per request.
     */
    @FunctionalInterface
    interface Dialer {
        ChannelFuture dial(EventLoop loop, InetSocketAddress address, ChannelInitializer<Channel> init);
    }

    /** A pool whose connections {@code dialer} opens; idle ones are closed after {@code idleTimeout}. */
    BackendPool(Dialer dialer, Duration idleTimeout) {
        this.dialer = dialer;
        this.idleTimeoutNanos = idleTimeout.toNanos();
    }

    /** TCP connections of {@code channelClass}, given up after {@code connectTimeout}. */
    static Dialer tcp(Class<? extends SocketChannel> channelClass, Duration connectTimeout) {
        return (loop, address, init) -> new Bootstrap()
            .group(loop)
            .channel(channelClass)
            .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) Math.min(Integer.MAX_VALUE, connectTimeout.toMillis()))
            .option(ChannelOption.TCP_NODELAY, true)
            .option(ChannelOption.AUTO_READ, true)
            // a failed write must not close the connection: the endpoint may have answered early and reset, and its
            // answer is still to be read (see ResponseRelay#onBackendWriteFailed)
            .option(ChannelOption.AUTO_CLOSE, false)
            .handler(init)
            .connect(address.isUnresolved() ? new InetSocketAddress(address.getHostString(), address.getPort())
                : address);
    }

    /**
     * A pooled connection, its endpoint, the TLS settings it was opened with (null: plain) and since when it is idle;
     * one per connection, reused across requests.
     */
    private static final class Idle {
        final Channel channel;
        final String endpointId;
        final @Nullable BackendTls tls;
        long sinceNanos;

        Idle(Channel channel, String endpointId, @Nullable BackendTls tls) {
            this.channel = channel;
            this.endpointId = endpointId;
            this.tls = tls;
        }
    }

    /** An idle pooled connection to {@code endpointId} on {@code loop}, or null; must be called on {@code loop}. */
    @Nullable Channel pooled(EventLoop loop, String endpointId) {
        return pooled(loop, endpointId, null);
    }

    /**
     * An idle pooled connection to {@code endpointId} on {@code loop} opened with the TLS settings {@code tls} (null:
     * plain), or null; must be called on {@code loop}. One opened with other settings (the service's {@code tls}
     * changed by a reload while it was in use) is closed, never reused: a plain connection must not carry a request
     * meant for TLS, nor one verified against an old CA a request meant for the new one.
     */
    @Nullable Channel pooled(EventLoop loop, String endpointId, @Nullable BackendTls tls) {
        ArrayDeque<Idle> deque = idle.get().get(endpointId);
        while (deque != null && !deque.isEmpty()) {
            Idle entry = deque.pollLast();
            Channel c = entry.channel;
            if (entry.tls != tls) {
                c.close();
            } else if (c.isActive()) {
                return c;
            }
        }
        return null;
    }

    /** Opens a new plain connection to {@code address} on {@code loop}. */
    ChannelFuture connect(EventLoop loop, String endpointId, InetSocketAddress address) {
        return connect(loop, endpointId, address, null);
    }

    /**
     * Opens a new connection to {@code address} on {@code loop}, over TLS when {@code tls} is not null: then the
     * future completes when the handshake has, so a refused certificate fails the connect like a refused port.
     */
    ChannelFuture connect(EventLoop loop, String endpointId, InetSocketAddress address, @Nullable BackendTls tls) {
        ChannelFuture tcp = dialer.dial(loop, address, new ChannelInitializer<Channel>() {
            @Override
            protected void initChannel(Channel ch) {
                ch.attr(IDLE).set(new Idle(ch, endpointId, tls));
                if (tls != null) {
                    ch.pipeline().addLast("tls", tls.newHandler(ch.alloc(), address));
                }
                ch.pipeline().addLast("decoder", new BackendResponseDecoder());
                ch.pipeline().addLast("relay", new Relay());
            }
        });
        if (tls == null) {
            return tcp;
        }
        ChannelPromise handshaken = tcp.channel().newPromise();
        tcp.addListener(f -> {
            SslHandler ssl = tcp.channel().pipeline().get(SslHandler.class);
            if (!f.isSuccess() || ssl == null) {
                handshaken.tryFailure(f.cause() != null ? f.cause() : new IOException("closed before the handshake"));
                return;
            }
            ssl.handshakeFuture().addListener(h -> {
                if (h.isSuccess()) {
                    handshaken.trySuccess();
                } else {
                    handshaken.tryFailure(h.cause());
                }
            });
        });
        return handshaken;
    }

    /** The response decoder of a connection this pool opened. */
    static BackendResponseDecoder decoder(Channel channel) {
        return (BackendResponseDecoder) channel.pipeline().get("decoder");
    }

    /**
     * Returns a connection whose exchange finished cleanly to the pool of its loop; must be called on that loop.
     *
     * @param nowNanos the time it becomes idle
     */
    void release(Channel channel, long nowNanos) {
        channel.attr(LISTENER).set(null);
        Idle entry = channel.attr(IDLE).get();
        if (!channel.isActive() || entry == null || decoder(channel).hasUnreadInput()) {
            channel.close();
            return;
        }
        channel.config().setAutoRead(true);
        ArrayDeque<Idle> deque = idle.get().computeIfAbsent(entry.endpointId, k -> new ArrayDeque<>());
        if (deque.size() >= MAX_IDLE_PER_ENDPOINT) {
            channel.close();
            return;
        }
        entry.sinceNanos = nowNanos;
        deque.addLast(entry);
    }

    /** Closes the calling event loop's connections that have been idle for the idle timeout or longer. */
    void closeExpired(long nowNanos) {
        for (ArrayDeque<Idle> deque : idle.get().values()) {
            // released in time order, so the oldest are first
            while (!deque.isEmpty() && nowNanos - deque.peekFirst().sinceNanos >= idleTimeoutNanos) {
                deque.pollFirst().channel.close();
            }
        }
    }

    /** Closes every idle connection of the calling event loop. */
    void closeIdle() {
        Map<String, ArrayDeque<Idle>> byEndpoint = idle.get();
        for (ArrayDeque<Idle> deque : byEndpoint.values()) {
            for (Idle c : deque) {
                c.channel.close();
            }
        }
        byEndpoint.clear();
    }

    /** Closes the calling event loop's idle connections to the endpoints in {@code endpointIds}. */
    void closeIdle(Set<String> endpointIds) {
        Map<String, ArrayDeque<Idle>> byEndpoint = idle.get();
        for (String id : endpointIds) {
            ArrayDeque<Idle> deque = byEndpoint.remove(id);
            if (deque != null) {
                for (Idle c : deque) {
                    c.channel.close();
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
                Idle entry = ch.attr(IDLE).get();
                ArrayDeque<Idle> deque = entry == null ? null : idle.get().get(entry.endpointId);
                if (deque != null) {
                    deque.remove(entry);
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
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            BackendListener listener = ctx.channel().attr(LISTENER).get();
            if (listener != null && cause instanceof IOException && ctx.channel().isActive()) {
                // a write failed (a failed read closes the channel by itself): keep reading, the answer may be there
                listener.onBackendWriteFailed();
                return;
            }
            ctx.close();
            if (!(cause instanceof IOException)) {
                // not the network: a bug (an illegal exchange transition, say), for the pipeline's tail to report
                ctx.fireExceptionCaught(cause);
            }
        }
    }
}
