package dev.horizon.gateway.internal.tls;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.ssl.ApplicationProtocolNames;
import io.netty.handler.ssl.ApplicationProtocolNegotiationHandler;
import java.util.function.Consumer;

/**
 * After the handshake, the protocol the client chose by ALPN: {@code h2} hands the connection to {@code toHttp2};
 * {@code http/1.1}, or no ALPN at all, keeps the HTTP/1.1 pipeline already in place. Netty's handler holds what
 * arrives before the choice and removes itself after, so an HTTP/1.1 connection reads through nothing more.
 */
final class AlpnSwitch extends ApplicationProtocolNegotiationHandler {

    private final Consumer<Channel> toHttp2;

    AlpnSwitch(Consumer<Channel> toHttp2) {
        super(ApplicationProtocolNames.HTTP_1_1);
        this.toHttp2 = toHttp2;
    }

    @Override
    protected void configurePipeline(ChannelHandlerContext ctx, String protocol) {
        if (ApplicationProtocolNames.HTTP_2.equals(protocol)) {
            toHttp2.accept(ctx.channel());
        }
    }

    /**
     * A failed handshake is the {@code SslHandler}'s to end — it flushes its alert, then closes, as without this
     * handler — with no warning line per failure (a client can cause many), unlike Netty's default.
     */
    @Override
    protected void handshakeFailure(ChannelHandlerContext ctx, Throwable cause) {
        // nothing: the SslHandler closes the connection after its alert
    }

    /**
     * Errors go on to the handlers behind, which end the connection as they do without this handler (Netty's would
     * log each and close at once).
     */
    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        ctx.fireExceptionCaught(cause);
    }
}
