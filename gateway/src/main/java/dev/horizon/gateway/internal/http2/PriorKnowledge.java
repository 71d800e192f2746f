package dev.horizon.gateway.internal.http2;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http2.Http2CodecUtil;
import io.netty.util.ReferenceCountUtil;
import java.util.function.Consumer;

/**
 * h2c with prior knowledge on the plain listener (RFC 9113 §3.3), when {@code gateway.http2.h2c} is on: the first
 * bytes of a connection are compared with the client preface ({@code PRI * HTTP/2.0...}); on a match
 * {@code toHttp2} makes the connection an HTTP/2 one, on the first byte that differs the connection stays HTTP/1.1.
 * Either way this handler leaves the pipeline and passes on what it read, so nothing is added to an HTTP/1.1
 * connection's reads past its first bytes (and nothing at all when h2c is off).
 */
public final class PriorKnowledge extends ChannelInboundHandlerAdapter {

    private static final ByteBuf PREFACE = Http2CodecUtil.connectionPrefaceBuf();
    private final Consumer<Channel> toHttp2;
    private ByteBuf seen = Unpooled.EMPTY_BUFFER;

    /** {@code toHttp2} replaces the HTTP/1.1 handlers of a connection that sent the preface. */
    public PriorKnowledge(Consumer<Channel> toHttp2) {
        this.toHttp2 = toHttp2;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (!(msg instanceof ByteBuf in)) {
            ctx.fireChannelRead(msg);
            return;
        }
        if (seen == Unpooled.EMPTY_BUFFER) {
            seen = ctx.alloc().buffer(PREFACE.readableBytes());
        }
        seen.writeBytes(in);
        in.release();
        int n = Math.min(seen.readableBytes(), PREFACE.readableBytes());
        if (!ByteBufUtil.equals(seen, seen.readerIndex(), PREFACE, PREFACE.readerIndex(), n)) {
            pass(ctx);
        } else if (n == PREFACE.readableBytes()) {
            toHttp2.accept(ctx.channel());
            pass(ctx);
        }
    }

    private void pass(ChannelHandlerContext ctx) {
        ByteBuf read = seen;
        seen = Unpooled.EMPTY_BUFFER;
        ctx.pipeline().remove(this);
        ctx.fireChannelRead(read);
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        ReferenceCountUtil.release(seen);
        seen = Unpooled.EMPTY_BUFFER;
    }
}
