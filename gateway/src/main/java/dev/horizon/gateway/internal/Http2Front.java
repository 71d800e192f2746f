package dev.horizon.gateway.internal;

import dev.horizon.gateway.Http2Config;
import dev.horizon.gateway.internal.http2.Http2Connections;
import dev.horizon.gateway.internal.http2.StreamBridge;
import io.netty.channel.Channel;
import io.netty.channel.ChannelOption;
import io.netty.handler.codec.http2.Http2StreamChannel;
import io.netty.handler.ssl.SslHandler;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * The data plane's side of HTTP/2 to clients: turns a connection that chose {@code h2} (by ALPN or h2c's preface)
 * into an HTTP/2 one, and gives each of its streams the pipeline of an HTTP/1.1 connection — strict decoder and
 * proxy — behind a {@link StreamBridge}. So a stream is routed, balanced, retried, limited, logged and counted as
 * any request; its proxy serves the one request the bridge makes of the stream.
 */
final class Http2Front {

    private final Http2Connections connections;
    private final Map<ProxyHandler, Channel> proxies;
    private final Set<Http2Connections.Idle> idle;
    private final Supplier<ProxyHandler> newProxy;

    /**
     * {@code proxies} are the HTTP/1.1 connections' (whose idle ones the connection limit may close): a connection
     * that becomes HTTP/2 leaves it for {@code idle}, the HTTP/2 connections' (whose ones without a stream it may
     * close). {@code drainEvent} is the shutdown's event, a graceful GOAWAY here. A connection without streams closes
     * after the snapshot's idle timeout.
     */
    Http2Front(Http2Config config, Map<ProxyHandler, Channel> proxies, Set<Http2Connections.Idle> idle,
        Supplier<ProxyHandler> newProxy, Object drainEvent, GatewayClock clock, Supplier<Snapshot> snapshots) {
        this.proxies = proxies;
        this.idle = idle;
        this.newProxy = newProxy;
        this.connections = new Http2Connections(config, this::initStream, drainEvent, clock::nanos,
            () -> snapshots.get().config().timeouts().idle().toNanos());
    }

    /**
     * Replaces a connection's HTTP/1.1 handlers with the HTTP/2 ones. Half-closure ends: an HTTP/2 client that shut
     * its side can send nothing more, not even the end of a stream, so its FIN closes the connection.
     */
    void toHttp2(Channel ch) {
        ch.pipeline().remove("decoder");
        ch.pipeline().remove("drain");
        proxies.remove((ProxyHandler) ch.pipeline().remove("proxy"));
        ch.config().setOption(ChannelOption.ALLOW_HALF_CLOSURE, false);
        Http2Connections.Idle connection = connections.install(ch.pipeline());
        idle.add(connection);
        ch.closeFuture().addListener(f -> idle.remove(connection));
    }

    private void initStream(Http2StreamChannel ch) {
        ProxyHandler proxy = newProxy.get();
        ch.pipeline()
            .addLast("h2-bridge", new StreamBridge())
            .addLast("decoder", new StrictRequestDecoder(RequestLimits.DEFAULTS, proxy::bytesArrived))
            .addLast("proxy", proxy);
    }

    /** Whether {@code ch} is an HTTP/2 stream's channel. */
    static boolean isStream(Channel ch) {
        return ch instanceof Http2StreamChannel;
    }

    /** The TLS handler of {@code ch}, a client connection or an HTTP/2 stream on one; null when it is plain. */
    static @Nullable SslHandler sslHandler(Channel ch) {
        Channel parent = ch.parent();
        Channel connection = ch instanceof Http2StreamChannel && parent != null ? parent : ch;
        return connection.pipeline().get(SslHandler.class);
    }
}
