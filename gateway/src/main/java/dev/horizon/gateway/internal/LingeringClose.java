package dev.horizon.gateway.internal;

import io.netty.handler.codec.http.HttpContent;
import io.netty.util.ReferenceCountUtil;
import java.util.concurrent.TimeUnit;

/**
 * The bounds of a lingering close, after an answer that left part of a request unread: the answer is flushed, the
 * sending side shut down (the client sees the response end), and what the client still sends is read and dropped
 * until it closes, stays silent for {@link #IDLE_NANOS}, sends {@link #MAX_BYTES} or {@link #TIME_NANOS} pass; then
 * the connection closes. Closing at once would reset the connection with the client's upload unread, and a reset can
 * destroy the answer before the client reads it; never closing leaks the socket. Modelled on nginx's
 * {@code lingering_close} ({@code lingering_timeout} 5 s, {@code lingering_time} 30 s), with shorter bounds and a
 * byte cap.
 */
final class LingeringClose {

    /** The longest the unread rest of a request is read and dropped after the answer. */
    static final long TIME_NANOS = TimeUnit.SECONDS.toNanos(10);
    /** How long the client may stay silent before the connection is closed anyway. */
    static final long IDLE_NANOS = TimeUnit.SECONDS.toNanos(2);
    /** The most request-body bytes dropped before the connection is closed anyway. */
    static final long MAX_BYTES = 8L * 1024 * 1024;

    private final long deadline;
    private long lastRead;
    private long bytes;

    LingeringClose(long nowNanos) {
        this.deadline = nowNanos + TIME_NANOS;
        this.lastRead = nowNanos;
    }

    /** Drops (releases) what the client sent; whether the byte cap is now passed. */
    boolean drop(Object msg, long nowNanos) {
        if (msg instanceof HttpContent content) {
            bytes += content.content().readableBytes();
        }
        ReferenceCountUtil.release(msg);
        lastRead = nowNanos;
        return bytes > MAX_BYTES;
    }

    /** Whether the time cap or the silence bound is reached. */
    boolean expired(long nowNanos) {
        return nowNanos - deadline >= 0 || nowNanos - lastRead >= IDLE_NANOS;
    }
}
