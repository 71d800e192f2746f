package dev.horizon.gateway.internal.http1;

import io.netty.buffer.ByteBuf;
import org.jspecify.annotations.Nullable;

/**
 * Decodes a body in the chunked transfer coding (RFC 9112 §7.1), for the request decoder and the response decoder
 * alike: chunk-size lines with their extensions, chunk data, the CRLF after it, the last chunk and the trailer
 * section, each within a limit. The caller pulls: {@link #next} reads what it can and says what it found, and the
 * caller takes the data ({@link #readData}) or the trailer field line ({@link #line()}) and turns it into its own
 * messages. Nothing is allocated but the retained slices of the data. One instance per connection.
 *
 * <p>The rules:
 * <ul>
 * <li>chunk-size is 1 to 16 HEXDIG without overflow; then BWS, and either the line end or {@code ";"} and chunk
 *     extensions, which are skipped (§7.1.1: a recipient must ignore unrecognized ones) but may hold no CTL other than
 *     HTAB; whitespace with no extension after it is refused. The line, extensions included, has a length limit.</li>
 * <li>Chunk data is followed by exactly CRLF: a bare LF or anything else there is refused, since a recipient that
 *     accepts it reads the next chunk where a stricter one reads data (the "funky chunks" smuggling research).</li>
 * <li>The trailer section is field lines up to an empty line, its bytes (terminators not counted) and lines
 *     limited; each field line goes to the caller, which applies its own field rules.</li>
 * </ul>
 * Lines end at LF as {@link LineReader} reads them.
 */
public final class ChunkedBody {

    /** What {@link #next} found. */
    public enum Event {
        /** Nothing more to decode in the input so far. */
        NEED_MORE,
        /** Chunk data at the reader index: take it with {@link #readData}. */
        DATA,
        /** A trailer field line in {@link #line()}, {@link #lineLength()} bytes. */
        TRAILER_FIELD,
        /** The body ended, trailer section included; the input is at the next message. */
        END,
        /** The body is malformed: see {@link #problem()}; discard the connection's input. */
        REFUSED
    }

    /** Why {@link #next} refused the body. */
    public enum Problem {
        SIZE_LINE_TOO_LONG("chunk-size line too long"),
        INVALID_SIZE("invalid chunk size"),
        SIZE_TOO_LARGE("chunk size too large"),
        INVALID_EXTENSION("invalid chunk extension"),
        DATA_NOT_FOLLOWED_BY_CRLF("chunk data not followed by CRLF"),
        TRAILER_SECTION_TOO_LARGE("trailer section too large"),
        TOO_MANY_TRAILER_FIELDS("too many trailer fields");

        private final String reason;

        Problem(String reason) {
            this.reason = reason;
        }

        /** A short reason that never echoes the body's bytes. */
        public String reason() {
            return reason;
        }
    }

    private enum State { SIZE, DATA, DATA_END, TRAILERS, DONE }

    static final long INVALID_SIZE = -1;
    static final long SIZE_TOO_LARGE = -2;
    static final long INVALID_EXTENSION = -3;
    private static final int MAX_SIZE_DIGITS = 16;

    private final LineReader lines;
    private final int maxSizeLineBytes;
    private final int maxTrailerBytes;
    private final int maxTrailerFields;
    private State state = State.DONE;
    /** Data bytes still to come in the current chunk. */
    private long remaining;
    private int trailerBytes;
    private int trailerFields;
    private int lineLength;
    private Problem problem = Problem.INVALID_SIZE;

    /**
     * A decoder reading lines with {@code lines} (which may be shared with the head parser: lines come one at a time)
     * under the given limits, in bytes without line terminators.
     */
    public ChunkedBody(LineReader lines, int maxSizeLineBytes, int maxTrailerBytes, int maxTrailerFields) {
        this.lines = lines;
        this.maxSizeLineBytes = maxSizeLineBytes;
        this.maxTrailerBytes = maxTrailerBytes;
        this.maxTrailerFields = maxTrailerFields;
    }

    /** Starts a body: the input is at its first chunk-size line. */
    public void start() {
        state = State.SIZE;
    }

    /** Reads on from {@code in}'s reader index until it finds something for the caller, or needs more input. */
    public Event next(ByteBuf in) {
        while (true) {
            switch (state) {
                case SIZE -> {
                    int n = lines.read(in, maxSizeLineBytes);
                    if (n < 0) {
                        return n == LineReader.NEED_MORE ? Event.NEED_MORE : refuse(Problem.SIZE_LINE_TOO_LONG);
                    }
                    long size = size(lines.line(), n);
                    if (size < 0) {
                        return refuse(size == SIZE_TOO_LARGE ? Problem.SIZE_TOO_LARGE
                            : size == INVALID_EXTENSION ? Problem.INVALID_EXTENSION : Problem.INVALID_SIZE);
                    }
                    startChunk(size);
                }
                case DATA -> {
                    return in.isReadable() ? Event.DATA : Event.NEED_MORE;
                }
                case DATA_END -> {
                    Event crlf = dataEnd(in);
                    if (crlf != null) {
                        return crlf;
                    }
                }
                case TRAILERS -> {
                    return trailerLine(in);
                }
                case DONE -> throw new IllegalStateException("no chunked body started");
                default -> throw new AssertionError(state);
            }
        }
    }

    /** The data at {@code in}'s reader index, up to the chunk's end, as a retained slice; after {@link Event#DATA}. */
    public ByteBuf readData(ByteBuf in) {
        int n = (int) Math.min(remaining, in.readableBytes());
        remaining -= n;
        if (remaining == 0) {
            state = State.DATA_END;
        }
        return in.readRetainedSlice(n);
    }

    /** The trailer field line found by the last {@link Event#TRAILER_FIELD}, in its first bytes. */
    public byte[] line() {
        return lines.line();
    }

    /** The length of that line. */
    public int lineLength() {
        return lineLength;
    }

    /** Why the last {@link Event#REFUSED}. */
    public Problem problem() {
        return problem;
    }

    private void startChunk(long size) {
        if (size == 0) {
            trailerBytes = 0;
            trailerFields = 0;
            state = State.TRAILERS;
        } else {
            remaining = size;
            state = State.DATA;
        }
    }

    /** Consumes the CRLF after chunk data: null when done, else what to return. */
    private @Nullable Event dataEnd(ByteBuf in) {
        int readable = in.readableBytes();
        if (readable == 0) {
            return Event.NEED_MORE;
        }
        int r = in.readerIndex();
        if (in.getByte(r) != '\r' || readable > 1 && in.getByte(r + 1) != '\n') {
            return refuse(Problem.DATA_NOT_FOLLOWED_BY_CRLF);
        }
        if (readable == 1) {
            return Event.NEED_MORE;
        }
        in.skipBytes(2);
        state = State.SIZE;
        return null;
    }

    private Event trailerLine(ByteBuf in) {
        int n = lines.read(in, maxTrailerBytes - trailerBytes);
        if (n < 0) {
            return n == LineReader.NEED_MORE ? Event.NEED_MORE : refuse(Problem.TRAILER_SECTION_TOO_LARGE);
        }
        if (n == 0) {
            state = State.DONE;
            return Event.END;
        }
        trailerBytes += n;
        if (++trailerFields > maxTrailerFields) {
            return refuse(Problem.TOO_MANY_TRAILER_FIELDS);
        }
        lineLength = n;
        return Event.TRAILER_FIELD;
    }

    private Event refuse(Problem why) {
        problem = why;
        state = State.DONE;
        lines.reset();
        return Event.REFUSED;
    }

    /**
     * The size on a chunk-size line {@code 1*16HEXDIG [BWS ";" chunk-ext]} of {@code len} bytes, or
     * {@link #INVALID_SIZE}, {@link #SIZE_TOO_LARGE} or {@link #INVALID_EXTENSION}.
     */
    static long size(byte[] b, int len) {
        int i = 0;
        long size = 0;
        for (int digit; i < len && (digit = Chars.hexValue(b[i])) >= 0; i++) {
            if (i == MAX_SIZE_DIGITS) {
                return SIZE_TOO_LARGE;
            }
            size = size << 4 | digit;
        }
        if (i == 0) {
            return INVALID_SIZE;
        }
        if (size < 0) {
            return SIZE_TOO_LARGE;
        }
        int ext = Chars.skipOws(b, i, len);
        if (ext == len) {
            return ext == i ? size : INVALID_SIZE;
        }
        if (b[ext] != ';') {
            return INVALID_SIZE;
        }
        return Chars.invalidValueByte(b, ext + 1, len) < 0 ? size : INVALID_EXTENSION;
    }
}
