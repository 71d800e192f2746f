package dev.horizon.admin;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * The admin listener's request deadline, the gateway's {@code timeouts.request-headers}: a connection must deliver
 * each whole request (head and body; admin bodies are small) within it, counted from the accept or from the end of
 * the previous response, or it gets {@code 408} and is closed. A silent or trickling connection (slowloris) thus
 * holds the admin port no longer than a gateway connection holds the data port. Placed right after the HTTP codec;
 * it reads the timeout per connection, so a reload applies to new connections.
 */
final class AdminHeadDeadline extends ChannelDuplexHandler {

    private final Supplier<Duration> timeout;
    private @Nullable ScheduledFuture<?> timer;

    AdminHeadDeadline(Supplier<Duration> timeout) {
        this.timeout = timeout;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        arm(ctx);
        ctx.fireChannelActive();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        // the deadline runs until the whole request is in: a head followed by a trickled body is held no longer
        if (msg instanceof LastHttpContent) {
            disarm();
        }
        ctx.fireChannelRead(msg);
    }

    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
        boolean last = msg instanceof LastHttpContent;
        ctx.write(msg, promise);
        if (last && ctx.channel().isActive()) {
            arm(ctx);
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        disarm();
        ctx.fireChannelInactive();
    }

    private void arm(ChannelHandlerContext ctx) {
        disarm();
        long millis = timeout.get().toMillis();
        timer = ctx.executor().schedule(() -> expire(ctx, millis), millis, TimeUnit.MILLISECONDS);
    }

    private void disarm() {
        ScheduledFuture<?> t = timer;
        if (t != null) {
            t.cancel(false);
            timer = null;
        }
    }

    private void expire(ChannelHandlerContext ctx, long millis) {
        timer = null;
        if (!ctx.channel().isActive()) {
            return;
        }
        byte[] body = (AdminJson.error("request not received within " + millis + " ms") + "\n")
            .getBytes(StandardCharsets.UTF_8);
        FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1,
            HttpResponseStatus.REQUEST_TIMEOUT, Unpooled.wrappedBuffer(body));
        response.headers().set(HttpHeaderNames.CONTENT_TYPE, HttpHeaderValues.APPLICATION_JSON)
            .setInt(HttpHeaderNames.CONTENT_LENGTH, body.length)
            .set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
        // written from the codec's position, so it is encoded; the connection closes after it
        ctx.pipeline().context(this).writeAndFlush(response).addListener(ChannelFutureListener.CLOSE);
    }
}
