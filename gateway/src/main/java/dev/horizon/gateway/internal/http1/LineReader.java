package dev.horizon.gateway.internal.http1;

import io.netty.buffer.ByteBuf;
import io.netty.util.ByteProcessor;

/**
 * Takes lines out of a connection's input, one at a time, into an array it reuses: a line ends at LF, and a CR right
 * before the LF belongs to the terminator (RFC 9112 §2.2 lets a recipient accept a bare LF; every other CR stays in
 * the line for the parser to refuse). The scan for LF resumes where the previous call stopped, so a line that
 * trickles in byte by byte is scanned once. One instance per connection, used on its event loop only.
 */
public final class LineReader {

    /** {@link #read} found no LF yet, and the line is still within its limit. */
    public static final int NEED_MORE = -1;
    /** {@link #read} found a line longer than its limit, or one that must become so. */
    public static final int TOO_LONG = -2;

    /** The array starts small and, at {@link #shrink}, drops back to that size if a long line grew it. */
    private static final int INITIAL_BYTES = 256;
    private static final int MAX_RETAINED_BYTES = 8192;

    private byte[] line = new byte[INITIAL_BYTES];
    /** Bytes of the line being read already scanned for LF. */
    private int scanned;

    /**
     * Reads the next line of {@code in} into {@link #line()}, consuming it and its terminator: its length without the
     * terminator, {@link #NEED_MORE}, or {@link #TOO_LONG} when it is longer than {@code limit} bytes. Without an LF
     * yet, one byte beyond the limit is still waited for, since it may be the CR of the CRLF.
     */
    public int read(ByteBuf in, int limit) {
        int start = in.readerIndex();
        int from = start + scanned;
        int end = in.writerIndex();
        int lf = from < end ? in.forEachByte(from, end - from, ByteProcessor.FIND_LF) : -1;
        if (lf < 0) {
            scanned = end - start;
            return scanned > limit + 1 ? TOO_LONG : NEED_MORE;
        }
        scanned = 0;
        int len = lf - start;
        if (len > 0 && in.getByte(lf - 1) == '\r') {
            len--;
        }
        if (len > limit) {
            return TOO_LONG;
        }
        ensureCapacity(len);
        in.getBytes(start, line, 0, len);
        in.readerIndex(lf + 1);
        return len;
    }

    /** Copies up to {@code n} readable bytes of {@code in}, without consuming them, to the start of {@link #line()}. */
    public int peek(ByteBuf in, int n) {
        int window = Math.min(n, in.readableBytes());
        ensureCapacity(window);
        in.getBytes(in.readerIndex(), line, 0, window);
        return window;
    }

    /** The line last read, in its first bytes; valid until the next call. */
    public byte[] line() {
        return line;
    }

    /** Forgets a partly scanned line: the input it was in has been discarded. */
    public void reset() {
        scanned = 0;
    }

    /** Lets go of an array a long line grew, between messages. */
    public void shrink() {
        if (line.length > MAX_RETAINED_BYTES) {
            line = new byte[INITIAL_BYTES];
        }
    }

    private void ensureCapacity(int len) {
        if (line.length < len) {
            line = new byte[Math.max(len, line.length * 2)];
        }
    }
}
