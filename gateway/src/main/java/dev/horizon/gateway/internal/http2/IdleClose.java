package dev.horizon.gateway.internal.http2;

import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http2.Http2FrameCodec;
import io.netty.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import org.jspecify.annotations.Nullable;

/**
 * Closes an HTTP/2 connection that has had no open stream and read nothing for the gateway's idle timeout
 * ({@code timeouts.idle}, as an HTTP/1.1 connection between requests), gracefully: GOAWAY, then the close. Each
 * stream has its own deadlines (its proxy's watchdog); this is the connection's. One task per connection,
 * rescheduled for the moment the connection would become idle.
 */
final class IdleClose extends ChannelDuplexHandler {

    private final LongSupplier nanos;
    private final LongSupplier idleNanos;
    private final Http2FrameCodec codec;
    private long lastRead;
    private @Nullable ScheduledFuture<?> task;

    /** {@code nanos} is the gateway's clock; {@code idleNanos} the idle timeout in force. */
    IdleClose(LongSupplier nanos, LongSupplier idleNanos, Http2FrameCodec codec) {
        this.nanos = nanos;
        this.idleNanos = idleNanos;
        this.codec = codec;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        lastRead = nanos.getAsLong();
        schedule(ctx, idleNanos.getAsLong());
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        lastRead = nanos.getAsLong();
        ctx.fireChannelRead(msg);
    }

    private void schedule(ChannelHandlerContext ctx, long delayNanos) {
        task = ctx.executor().schedule(() -> check(ctx), Math.max(1_000_000L, delayNanos), TimeUnit.NANOSECONDS);
    }

    private void check(ChannelHandlerContext ctx) {
        if (!ctx.channel().isActive()) {
            return;
        }
        long now = nanos.getAsLong();
        if (codec.connection().numActiveStreams() > 0) {
            lastRead = now;
        }
        long left = lastRead + idleNanos.getAsLong() - now;
        if (left <= 0) {
            ctx.channel().close();
        } else {
            schedule(ctx, left);
        }
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        ScheduledFuture<?> t = task;
        if (t != null) {
            t.cancel(false);
        }
    }
}
