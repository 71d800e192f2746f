package dev.horizon.gateway.internal.tcp;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.ChannelConfig;
import io.netty.channel.RecvByteBufAllocator;
import io.netty.util.UncheckedBooleanSupplier;
import java.util.concurrent.atomic.LongAdder;
import org.jspecify.annotations.Nullable;

/**
 * Counts the bytes a channel reads, whether it reads them into buffers or splices them into a pipe, by wrapping the
 * channel's {@link RecvByteBufAllocator}: the epoll transport reports every {@code read(2)} and every
 * {@code splice(2)} from the socket to the allocator's handle ({@code lastBytesRead}), and a spliced byte is never
 * seen by a handler. Install it before the channel's first read (the handle is made at the first read and kept).
 * The count is kept on the channel's event loop; {@link #sink} also adds it to a shared metric.
 */
final class ReadCount implements RecvByteBufAllocator {

    private final RecvByteBufAllocator delegate;
    private long total;
    private long round;
    private @Nullable LongAdder sink;

    ReadCount(RecvByteBufAllocator delegate) {
        this.delegate = delegate;
    }

    /** Bytes read so far. */
    long total() {
        return total;
    }

    /** Whether the channel's last read round (one wake-up of its event loop for it) got no byte. */
    boolean roundEmpty() {
        return round == 0;
    }

    /** From now on each read also adds to {@code metric}, which first gets what was read before. */
    void sink(LongAdder metric) {
        metric.add(total);
        sink = metric;
    }

    @Override
    public Handle newHandle() {
        return new Counting((ExtendedHandle) delegate.newHandle());
    }

    /** The transport's handle is an {@link ExtendedHandle} (the epoll channel casts to it). */
    private final class Counting extends DelegatingHandle implements ExtendedHandle {

        private final ExtendedHandle extended;

        Counting(ExtendedHandle delegate) {
            super(delegate);
            this.extended = delegate;
        }

        @Override
        public void reset(ChannelConfig config) {
            round = 0;
            super.reset(config);
        }

        @Override
        public void lastBytesRead(int bytes) {
            if (bytes > 0) {
                total += bytes;
                round += bytes;
                LongAdder s = sink;
                if (s != null) {
                    s.add(bytes);
                }
            }
            super.lastBytesRead(bytes);
        }

        @Override
        public ByteBuf allocate(ByteBufAllocator alloc) {
            return extended.allocate(alloc);
        }

        @Override
        public boolean continueReading(UncheckedBooleanSupplier maybeMoreDataSupplier) {
            return extended.continueReading(maybeMoreDataSupplier);
        }
    }
}
