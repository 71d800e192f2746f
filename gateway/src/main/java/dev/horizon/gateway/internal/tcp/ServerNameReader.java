package dev.horizon.gateway.internal.tcp;

import dev.horizon.gateway.TcpListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.ssl.AbstractSniHandler;
import io.netty.util.concurrent.Future;
import java.util.function.BiConsumer;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * Reads the server name of a TLS ClientHello without terminating TLS (Netty's {@link AbstractSniHandler} parses the
 * hello, spread over several reads and records if need be), chooses the listener for it and hands the connection
 * over: the bytes read so far stay in the decoder's buffer and go on to the next handler when this one is removed,
 * so the endpoint gets the ClientHello untouched. A connection whose first bytes are not a TLS handshake has no
 * server name. Netty's handshake timeout (10 s) closes a client that sends nothing.
 */
final class ServerNameReader extends AbstractSniHandler<TcpListener> {

    private final Function<@Nullable String, @Nullable TcpListener> choose;
    private final BiConsumer<ChannelHandlerContext, TcpListener> chosen;

    /**
     * @param choose the listener for a server name (null: none), or null when no listener takes the connection
     * @param chosen called on the connection's loop with the listener; it adds the relay after this handler, which
     *               then removes itself
     */
    ServerNameReader(Function<@Nullable String, @Nullable TcpListener> choose,
        BiConsumer<ChannelHandlerContext, TcpListener> chosen) {
        this.choose = choose;
        this.chosen = chosen;
    }

    @Override
    protected Future<TcpListener> lookup(ChannelHandlerContext ctx, @Nullable String hostname) {
        TcpListener l = choose.apply(hostname);
        return l == null ? ctx.executor().newFailedFuture(new IllegalStateException("no listener for " + hostname))
            : ctx.executor().newSucceededFuture(l);
    }

    @Override
    protected void onLookupComplete(ChannelHandlerContext ctx, @Nullable String hostname,
        Future<TcpListener> future) {
        if (!future.isSuccess()) {
            ctx.close();
            return;
        }
        chosen.accept(ctx, future.getNow());
        ctx.pipeline().remove(this);
    }
}
