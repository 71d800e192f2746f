package dev.horizon.gateway.internal.http2;

import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http2.Http2ConnectionAdapter;
import io.netty.handler.codec.http2.Http2FrameCodec;
import io.netty.handler.codec.http2.Http2Stream;
import io.netty.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import org.jspecify.annotations.Nullable;

/**
 * Closes an HTTP/2 connection that has had no open stream for the gateway's idle timeout ({@code timeouts.idle}, as
 * an HTTP/1.1 connection between requests), gracefully: GOAWAY, then the close. The idle clock runs from the moment
 * the last stream closed (or the connection began), and only streams stop it: control frames (PING, SETTINGS,
 * WINDOW_UPDATE) do not, or a client pinging every minute would hold its connection, and a slot under
 * {@code max-connections}, forever. Each stream has its own deadlines (its proxy's watchdog); this is the
 * connection's. One task per connection, rescheduled for the moment the connection would become idle.
 *
 * <p>It is also what the connection limit sees of an HTTP/2 connection ({@link Http2Connections.Idle}): one without
 * an open stream is a candidate for eviction, as an HTTP/1.1 connection waiting for a request head. The count of
 * open streams and the idle time are plain fields written on the event loop and read racily by the eviction, which
 * checks again on the event loop before closing.
 */
final class IdleClose extends ChannelDuplexHandler implements Http2Connections.Idle {

    private final LongSupplier nanos;
    private final LongSupplier idleNanos;
    private final Http2FrameCodec codec;
    private int open;
    private long idleSince;
    private boolean evicted;
    private @Nullable ChannelHandlerContext context;
    private @Nullable ScheduledFuture<?> task;

    /** {@code nanos} is the gateway's clock; {@code idleNanos} the idle timeout in force. */
    IdleClose(LongSupplier nanos, LongSupplier idleNanos, Http2FrameCodec codec) {
        this.nanos = nanos;
        this.idleNanos = idleNanos;
        this.codec = codec;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        context = ctx;
        idleSince = nanos.getAsLong();
        codec.connection().addListener(new Http2ConnectionAdapter() {
            @Override
            public void onStreamActive(Http2Stream stream) {
                open++;
            }

            @Override
            public void onStreamClosed(Http2Stream stream) {
                open--;
                idleSince = nanos.getAsLong();
            }
        });
        schedule(ctx, idleNanos.getAsLong());
    }

    private void schedule(ChannelHandlerContext ctx, long delayNanos) {
        task = ctx.executor().schedule(() -> check(ctx), Math.max(1_000_000L, delayNanos), TimeUnit.NANOSECONDS);
    }

    private void check(ChannelHandlerContext ctx) {
        if (!ctx.channel().isActive()) {
            return;
        }
        long now = nanos.getAsLong();
        long left = open > 0 ? idleNanos.getAsLong() : idleSince + idleNanos.getAsLong() - now;
        if (left <= 0) {
            ctx.channel().close();
        } else {
            schedule(ctx, left);
        }
    }

    @Override
    public boolean waiting() {
        return open == 0 && !evicted;
    }

    @Override
    public long since() {
        return idleSince;
    }

    @Override
    public void evictIfIdle() {
        evicted = true;
        ChannelHandlerContext ctx = context;
        if (ctx != null) {
            ctx.executor().execute(() -> {
                if (open == 0 && ctx.channel().isActive()) {
                    ctx.channel().close();
                }
            });
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
