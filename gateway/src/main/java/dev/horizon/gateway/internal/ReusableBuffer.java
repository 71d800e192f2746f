package dev.horizon.gateway.internal;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import org.jspecify.annotations.Nullable;

/**
 * One buffer a connection serializes heads into again and again instead of allocating one per message. It keeps a
 * reference of its own; a write takes another, which the channel releases once the bytes are sent. When the buffer is
 * asked for again and only the own reference is left, the last write is done with it and it is reused; otherwise (the
 * socket was full and the bytes still wait) a new one is taken and the old one left to its write.
 *
 * <p>Confined to the connection's event loop. {@link #release()} when the connection closes.
 */
final class ReusableBuffer {

    /** A larger buffer (a head that grew) is given back rather than reused. */
    private static final int MAX_KEPT_BYTES = 16 * 1024;

    private @Nullable ByteBuf buffer;

    /** An empty buffer of at least {@code capacity} bytes; the caller owns one reference and passes it to a write. */
    ByteBuf take(ByteBufAllocator alloc, int capacity) {
        ByteBuf b = buffer;
        if (b != null && b.refCnt() == 1 && b.capacity() >= capacity && b.capacity() <= MAX_KEPT_BYTES) {
            return b.clear().retain();
        }
        if (b != null) {
            b.release();
        }
        b = alloc.ioBuffer(Math.max(capacity, 512));
        buffer = b;
        return b.retain();
    }

    /** Gives the buffer back; a write still holding it keeps it alive until it is sent. */
    void release() {
        ByteBuf b = buffer;
        if (b != null) {
            buffer = null;
            b.release();
        }
    }
}
