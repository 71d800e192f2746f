package dev.horizon.gateway.internal;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;

/**
 * Sits before the request decoder and tells the proxy that raw bytes arrived, so the request-head deadline can tell a
 * slow head (408) from an idle keep-alive connection (closed silently).
 */
final class ByteSniffer extends ChannelInboundHandlerAdapter {

    private final ProxyHandler proxy;

    ByteSniffer(ProxyHandler proxy) {
        this.proxy = proxy;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        proxy.bytesArrived();
        ctx.fireChannelRead(msg);
    }
}
