package dev.horizon.gateway.internal;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.DefaultByteBufHolder;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import io.netty.util.ByteProcessor;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

/**
 * Reads an endpoint's responses (RFC 9112) on a pooled backend connection and turns each into what the proxy writes
 * to its client: a {@link Head} whose buffer already holds the client-bound status line and the end-to-end header
 * fields, copied byte for byte, then the body as plain {@link ByteBuf}s (chunked bodies de-chunked), then one
 * {@link End}. An interim (1xx) response is a {@link Head} alone. A response whose framing could be read two ways is
 * one {@link Invalid}, after which the connection's input is discarded: the proxy closes it.
 *
 * <p>The proxy calls {@link #expectResponseTo(boolean)} before it sends each request, since the answer to a HEAD
 * request has no body whatever its header fields say.
 */
final class BackendResponseDecoder extends ByteToMessageDecoder {

    /*
     * Implementation notes.
     *
     * Why not Netty's HttpClientCodec: it builds a header map of fresh Strings for every response, which the proxy then
     * edits and Netty's encoder serializes again; on the forwarding path that was about a tenth of the gateway's CPU
     * and most of its allocation. Here a head is parsed only once it is complete (the scan for its end resumes where
     * the last read stopped), from a per-connection byte array, in two passes: the first validates every line and
     * finds the framing fields and the names listed in Connection; the second copies the kept lines into the
     * client-bound buffer. Nothing is allocated per response but that buffer and the message objects.
     *
     * Framing, RFC 9112 §6.3: no body for 1xx, 204, 304 and answers to HEAD; Transfer-Encoding must be exactly
     * "chunked" (any other coding would be lost when the gateway removes the hop-by-hop field, so it is refused), and
     * together with Content-Length it is refused as well, as are differing Content-Length values (identical repeats
     * are one value, §6.3 item 5); without either the body runs to the close of the connection. Syntax as for
     * requests (StrictRequestDecoder): no obs-fold, no whitespace before the colon, no bare CR, values of HTAB, SP,
     * VCHAR and obs-text. Not forwarded: the hop-by-hop fields (Connection and what it names, Keep-Alive,
     * Proxy-*, TE, Trailer, Transfer-Encoding, Upgrade) and X-Request-Id, which the proxy sets itself.
     */

    /** Largest response head, status line included. */
    static final int MAX_HEAD_BYTES = 64 * 1024;
    static final int MAX_FIELDS = 256;
    /** A body up to this size that arrives with its head may leave in the head's buffer. */
    static final int INLINE_BODY_BYTES = 2048;
    private static final int MAX_CHUNK_LINE_BYTES = 4096;
    private static final int NEED_MORE = -1;
    private static final int BARE_CR = -2;
    private static final int TOO_MANY_LINES = -3;
    private static final int MAX_CONNECTION_TOKENS = 16;
    private static final byte[] HTTP_1_1 = "HTTP/1.1 ".getBytes(StandardCharsets.US_ASCII);

    private static final boolean[] TCHAR = new boolean[256];
    private static final boolean[] FIELD_VALUE = new boolean[256];

    static {
        for (int c = 0; c < 256; c++) {
            TCHAR[c] = c >= '0' && c <= '9' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z'
                || "!#$%&'*+-.^_`|~".indexOf(c) >= 0;
            FIELD_VALUE[c] = c == '\t' || (c >= 0x20 && c != 0x7F);
        }
    }

    /** How a response body is delimited. */
    enum Framing { NONE, LENGTH, CHUNKED, CLOSE }

    /**
     * A response head. For a final response, {@link #content()} holds {@code HTTP/1.1 code reason CRLF} and the kept
     * field lines, open for the proxy to append its own fields and the empty line; for an interim one it is empty.
     */
    static final class Head extends DefaultByteBufHolder {
        private final int status;
        private final boolean keepAlive;
        private final Framing framing;

        Head(int status, boolean keepAlive, Framing framing, ByteBuf bytes) {
            super(bytes);
            this.status = status;
            this.keepAlive = keepAlive;
            this.framing = framing;
        }

        int status() {
            return status;
        }

        /** Whether the endpoint keeps the connection open after this response. */
        boolean keepAlive() {
            return keepAlive;
        }

        Framing framing() {
            return framing;
        }
    }

    /** The end of a response; {@link #content()} holds the kept trailer field lines of a chunked body, if any. */
    static final class End extends DefaultByteBufHolder {
        static final End EMPTY = new End(Unpooled.EMPTY_BUFFER);

        End(ByteBuf trailers) {
            super(trailers);
        }
    }

    /** A response that cannot be forwarded; {@code reason} never echoes the endpoint's bytes. */
    record Invalid(String reason) {
    }

    private enum State { HEAD, LENGTH, CHUNK_SIZE, CHUNK_DATA, CHUNK_END, TRAILERS, CLOSE, INVALID }

    private final ReusableBuffer heads = new ReusableBuffer();
    private State state = State.HEAD;
    private boolean headRequest;
    /** Bytes of the head (or trailer section) already scanned for its end. */
    private int scanned;
    /** Bytes of a head still arriving already copied into {@link #bytes}, and the lines and controls found so far. */
    private int copied;
    private int scannedLines;
    private boolean sawControl;
    private long remaining;
    private byte[] bytes = new byte[1024];
    private final int[] lineStart = new int[MAX_FIELDS + 1];
    private final int[] lineEnd = new int[MAX_FIELDS + 1];
    private final boolean[] dropped = new boolean[MAX_FIELDS + 1];
    private final boolean[] lengthLine = new boolean[MAX_FIELDS + 1];
    private final int[] colonAt = new int[MAX_FIELDS + 1];
    private final int[] tokenStart = new int[MAX_CONNECTION_TOKENS];
    private final int[] tokenEnd = new int[MAX_CONNECTION_TOKENS];
    private int tokens;

    /**
     * Whether bytes the endpoint sent after the response just ended are waiting: such a connection is not fit for
     * another request, whose answer they would be taken for.
     */
    boolean hasUnreadInput() {
        return internalBuffer().isReadable();
    }

    /** Tells the decoder whether the next response answers a HEAD request. */
    void expectResponseTo(boolean head) {
        this.headRequest = head;
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        boolean progress = true;
        while (progress && in.isReadable()) {
            progress = switch (state) {
                case HEAD -> readHead(ctx, in, out);
                case LENGTH -> readLength(in, out);
                case CHUNK_SIZE -> readChunkSize(in, out);
                case CHUNK_DATA -> readChunkData(in, out);
                case CHUNK_END -> readChunkEnd(in, out);
                case TRAILERS -> readTrailers(ctx, in, out);
                case CLOSE -> {
                    out.add(in.readRetainedSlice(in.readableBytes()));
                    yield false;
                }
                case INVALID -> {
                    in.skipBytes(in.readableBytes());
                    yield false;
                }
            };
            if (state == State.HEAD && !out.isEmpty() && out.get(out.size() - 1) instanceof End) {
                // hand the response over before reading on: the proxy must see that bytes follow it before it
                // gives the connection to the next request (hasUnreadInput)
                return;
            }
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        super.channelInactive(ctx);
        heads.release(); // nothing is decoded after this
    }

    @Override
    protected void handlerRemoved0(ChannelHandlerContext ctx) {
        heads.release();
    }

    @Override
    protected void decodeLast(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) throws Exception {
        decode(ctx, in, out);
        if (state == State.CLOSE) {
            // a close-delimited body ends cleanly here; anywhere else the proxy sees the close as a cut response
            state = State.HEAD;
            out.add(End.EMPTY);
        }
    }

    // ---- the head ----

    private boolean readHead(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        // copy what has arrived (at most the head limit) behind what an earlier call copied, then look for the end
        int available = Math.min(in.readableBytes(), MAX_HEAD_BYTES);
        if (bytes.length < available) {
            bytes = Arrays.copyOf(bytes, Math.max(available, bytes.length * 2));
        }
        in.getBytes(in.readerIndex() + copied, bytes, copied, available - copied);
        copied = available;
        int end = scanHead(bytes, available);
        if (end == NEED_MORE) {
            return in.readableBytes() > MAX_HEAD_BYTES
                && invalid(in, out, "response head larger than " + MAX_HEAD_BYTES + " bytes");
        }
        int lines = scannedLines;
        boolean control = sawControl;
        copied = 0;
        scanned = 0;
        scannedLines = 0;
        sawControl = false;
        if (end < 0) {
            return invalid(in, out, end == BARE_CR ? "bare CR in response head" : "too many header fields");
        }
        in.skipBytes(end);
        return parseHead(ctx, in, out, end, lines, control);
    }

    /**
     * Scans {@code b[0, n)} for the empty line that ends the head, recording each line in {@link #lineStart} and
     * {@link #lineEnd} (terminators excluded) and noting any control byte: the index just after the empty line,
     * {@link #NEED_MORE}, {@link #BARE_CR} or {@link #TOO_MANY_LINES}. Resumes at the start of the line the previous
     * call could not finish.
     */
    private int scanHead(byte[] b, int n) {
        int lineBegin = scanned;
        int lines = scannedLines;
        for (int i = lineBegin; i < n; i++) {
            int c = b[i] & 0xFF;
            if (c >= 0x20 && c != 0x7F) {
                continue;
            }
            if (c == '\n') {
                int end = i > lineBegin && b[i - 1] == '\r' ? i - 1 : i;
                if (end == lineBegin) {
                    scannedLines = lines;
                    return i + 1;
                }
                if (lines > MAX_FIELDS) {
                    return TOO_MANY_LINES;
                }
                lineStart[lines] = lineBegin;
                lineEnd[lines++] = end;
                lineBegin = i + 1;
            } else if (c == '\r') {
                if (i + 1 == n) {
                    break;
                }
                if (b[i + 1] != '\n') {
                    return BARE_CR;
                }
            } else if (c != '\t') {
                sawControl = true;
            }
        }
        scanned = lineBegin;
        scannedLines = lines;
        return NEED_MORE;
    }

    /**
     * The index just after the empty line that ends the section starting at {@code start}, or -1 when it has not
     * arrived yet; resumes the scan at the start of the line the previous call could not finish.
     */
    private int sectionEnd(ByteBuf in, int start) {
        int end = in.writerIndex();
        int lineBegin = start + scanned;
        while (lineBegin < end) {
            int lf = in.forEachByte(lineBegin, end - lineBegin, ByteProcessor.FIND_LF);
            if (lf < 0) {
                break;
            }
            if (lf == lineBegin || lf == lineBegin + 1 && in.getByte(lineBegin) == '\r') {
                scanned = 0;
                return lf + 1;
            }
            lineBegin = lf + 1;
        }
        scanned = lineBegin - start;
        return -1;
    }

    /**
     * Parses a complete head of {@code n} bytes split into {@code lines} lines.
     *
     * @param control whether the head holds a control byte, which makes every value be checked byte by byte
     */
    private boolean parseHead(ChannelHandlerContext ctx, ByteBuf in, List<Object> out, int n, int lines,
        boolean control) {
        byte[] b = bytes;
        if (lines == 0) {
            return invalid(in, out, "invalid status line");
        }
        // status line: HTTP/1.x SP 3DIGIT [SP reason]
        int s = lineStart[0];
        int e = lineEnd[0];
        if (e - s < 12 || b[s] != 'H' || b[s + 1] != 'T' || b[s + 2] != 'T' || b[s + 3] != 'P' || b[s + 4] != '/'
            || b[s + 5] != '1' || b[s + 6] != '.' || (b[s + 7] != '0' && b[s + 7] != '1') || b[s + 8] != ' '
            || !isDigit(b[s + 9]) || !isDigit(b[s + 10]) || !isDigit(b[s + 11])
            || (e - s > 12 && b[s + 12] != ' ')) {
            return invalid(in, out, "invalid status line");
        }
        for (int i = s + 13; control && i < e; i++) {
            if (!FIELD_VALUE[b[i] & 0xFF]) {
                return invalid(in, out, "invalid byte in reason phrase");
            }
        }
        boolean http11 = b[s + 7] == '1';
        int status = (b[s + 9] - '0') * 100 + (b[s + 10] - '0') * 10 + (b[s + 11] - '0');
        if (status < 100) {
            return invalid(in, out, "invalid status code");
        }
        // pass 1: validate fields, find framing and the Connection options
        tokens = 0;
        long contentLength = -1;
        boolean chunked = false;
        boolean close = false;
        boolean keepAliveToken = false;
        for (int l = 1; l < lines; l++) {
            int ls = lineStart[l];
            int le = lineEnd[l];
            int colon = fieldColon(b, ls, le, control);
            if (colon < 0) {
                return invalid(in, out, colon == -1 ? "header field line without a valid name"
                    : "invalid byte in a header field value");
            }
            int vs = skipOws(b, colon + 1, le);
            int ve = trimOws(b, vs, le);
            dropped[l] = false;
            lengthLine[l] = false;
            colonAt[l] = colon;
            switch (FieldName.of(b, ls, colon)) {
                case CONTENT_LENGTH -> {
                    lengthLine[l] = true;
                    long v = contentLengthValue(b, vs, ve);
                    if (v < 0 || contentLength >= 0 && v != contentLength) {
                        return invalid(in, out, v < 0 ? "invalid Content-Length" : "differing Content-Length values");
                    }
                    contentLength = v;
                }
                case TRANSFER_ENCODING -> {
                    if (chunked || !equalsIgnoreCase(b, vs, ve, "chunked")) {
                        return invalid(in, out, "unsupported Transfer-Encoding");
                    }
                    chunked = true;
                    dropped[l] = true;
                }
                case CONNECTION -> {
                    dropped[l] = true;
                    for (int t = vs; t < ve; ) {
                        int comma = t;
                        while (comma < ve && b[comma] != ',') {
                            comma++;
                        }
                        int ts = skipOws(b, t, comma);
                        int te = trimOws(b, ts, comma);
                        if (equalsIgnoreCase(b, ts, te, "close")) {
                            close = true;
                        } else if (equalsIgnoreCase(b, ts, te, "keep-alive")) {
                            keepAliveToken = true;
                        } else if (te > ts) {
                            if (tokens == MAX_CONNECTION_TOKENS) {
                                return invalid(in, out, "too many Connection options");
                            }
                            tokenStart[tokens] = ts;
                            tokenEnd[tokens++] = te;
                        }
                        t = comma + 1;
                    }
                }
                case HOP_BY_HOP, REQUEST_ID -> dropped[l] = true;
                default -> {
                    // kept, unless Connection names it (checked below, once every option is known)
                }
            }
        }
        if (status < 200) {
            out.add(new Head(status, true, Framing.NONE, Unpooled.EMPTY_BUFFER));
            return true;
        }
        Framing framing;
        if (headRequest || status == 204 || status == 304) {
            framing = Framing.NONE;
        } else if (chunked) {
            if (contentLength >= 0) {
                return invalid(in, out, "both Content-Length and Transfer-Encoding");
            }
            if (!http11) {
                return invalid(in, out, "Transfer-Encoding in an HTTP/1.0 response");
            }
            framing = Framing.CHUNKED;
        } else if (contentLength >= 0) {
            framing = contentLength == 0 ? Framing.NONE : Framing.LENGTH;
        } else {
            framing = Framing.CLOSE;
        }
        boolean keepAlive = framing != Framing.CLOSE && !close && (http11 || keepAliveToken);
        // pass 2: the client-bound head
        int room = framing == Framing.LENGTH && contentLength <= INLINE_BODY_BYTES ? (int) contentLength : 0;
        ByteBuf head = heads.take(ctx.alloc(), n + 192 + room);
        head.writeBytes(HTTP_1_1).writeBytes(b, s + 9, 3).writeByte(' ');
        if (e > s + 13) {
            head.writeBytes(b, s + 13, e - s - 13);
        }
        head.writeShort(0x0D0A);
        boolean lengthWritten = false;
        for (int l = 1; l < lines; l++) {
            if (dropped[l]) {
                continue;
            }
            int ls = lineStart[l];
            int colon = colonAt[l];
            if (lengthLine[l]) {
                // framing is never dropped (whatever Connection says), and repeats leave as one value (§6.3)
                if (!lengthWritten) {
                    lengthWritten = true;
                    if (indexOf(b, colon, lineEnd[l], (byte) ',') < 0) {
                        head.writeBytes(b, ls, lineEnd[l] - ls).writeShort(0x0D0A);
                    } else {
                        head.writeBytes(b, ls, colon - ls).writeByte(':').writeByte(' ')
                            .writeCharSequence(Long.toString(contentLength), StandardCharsets.US_ASCII);
                        head.writeShort(0x0D0A);
                    }
                }
            } else if (!namedByConnection(b, ls, colon)) {
                head.writeBytes(b, ls, lineEnd[l] - ls).writeShort(0x0D0A);
            }
        }
        out.add(new Head(status, keepAlive, framing, head));
        switch (framing) {
            case NONE -> out.add(End.EMPTY);
            case LENGTH -> {
                remaining = contentLength;
                state = State.LENGTH;
            }
            case CHUNKED -> state = State.CHUNK_SIZE;
            case CLOSE -> state = State.CLOSE;
            default -> throw new AssertionError(framing);
        }
        return true;
    }

    /**
     * Records the lines of {@code b[0, n)} (a section ending with its empty line) in {@link #lineStart} and
     * {@link #lineEnd}, terminators excluded: the number of lines before the empty one, -1 for a bare CR, -2 for
     * too many lines.
     */
    private int splitLines(byte[] b, int n) {
        int lines = 0;
        int start = 0;
        for (int i = 0; i < n; i++) {
            byte c = b[i];
            if (c == '\n') {
                int end = i > start && b[i - 1] == '\r' ? i - 1 : i;
                if (end == start) {
                    return lines;
                }
                if (lines > MAX_FIELDS) {
                    return -2;
                }
                lineStart[lines] = start;
                lineEnd[lines++] = end;
                start = i + 1;
            } else if (c == '\r' && (i + 1 >= n || b[i + 1] != '\n')) {
                return -1;
            }
        }
        return lines;
    }

    /**
     * The colon of a field line, -1 when the name is empty or not a token, -2 for a bad value byte (looked for only
     * when {@code checkValue}).
     */
    private static int fieldColon(byte[] b, int ls, int le, boolean checkValue) {
        int i = ls;
        while (i < le && TCHAR[b[i] & 0xFF]) {
            i++;
        }
        if (i == ls || i == le || b[i] != ':') {
            return -1;
        }
        for (int k = i + 1; checkValue && k < le; k++) {
            if (!FIELD_VALUE[b[k] & 0xFF]) {
                return -2;
            }
        }
        return i;
    }

    private boolean namedByConnection(byte[] b, int ls, int colon) {
        if (tokens == 0) {
            return false;
        }
        for (int t = 0; t < tokens; t++) {
            if (regionEqualsIgnoreCase(b, ls, colon, b, tokenStart[t], tokenEnd[t])) {
                return true;
            }
        }
        return false;
    }

    // ---- the body ----

    private boolean readLength(ByteBuf in, List<Object> out) {
        int n = (int) Math.min(remaining, in.readableBytes());
        out.add(in.readRetainedSlice(n));
        remaining -= n;
        if (remaining == 0) {
            out.add(End.EMPTY);
            state = State.HEAD;
        }
        return true;
    }

    private boolean readChunkSize(ByteBuf in, List<Object> out) {
        int start = in.readerIndex();
        int lf = in.forEachByte(start, in.readableBytes(), ByteProcessor.FIND_LF);
        if (lf < 0) {
            return in.readableBytes() > MAX_CHUNK_LINE_BYTES && invalid(in, out, "chunk-size line too long");
        }
        int len = lf - start;
        if (len > 0 && in.getByte(lf - 1) == '\r') {
            len--;
        }
        if (len > MAX_CHUNK_LINE_BYTES) {
            return invalid(in, out, "chunk-size line too long");
        }
        if (bytes.length < len) {
            bytes = new byte[Math.max(len, bytes.length * 2)];
        }
        in.getBytes(start, bytes, 0, len);
        in.readerIndex(lf + 1);
        long size = StrictRequestDecoder.chunkSize(bytes, len);
        if (size < 0) {
            return invalid(in, out, "invalid chunk size");
        }
        if (size == 0) {
            scanned = 0;
            state = State.TRAILERS;
        } else {
            remaining = size;
            state = State.CHUNK_DATA;
        }
        return true;
    }

    private boolean readChunkData(ByteBuf in, List<Object> out) {
        int n = (int) Math.min(remaining, in.readableBytes());
        out.add(in.readRetainedSlice(n));
        remaining -= n;
        if (remaining == 0) {
            state = State.CHUNK_END;
        }
        return true;
    }

    private boolean readChunkEnd(ByteBuf in, List<Object> out) {
        int r = in.readerIndex();
        int readable = in.readableBytes();
        if (in.getByte(r) != '\r' || readable > 1 && in.getByte(r + 1) != '\n') {
            return invalid(in, out, "chunk data not followed by CRLF");
        }
        if (readable == 1) {
            return false;
        }
        in.skipBytes(2);
        state = State.CHUNK_SIZE;
        return true;
    }

    private boolean readTrailers(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        int start = in.readerIndex();
        int end = sectionEnd(in, start);
        if (end < 0) {
            return in.readableBytes() > MAX_HEAD_BYTES && invalid(in, out, "trailer section too large");
        }
        int n = end - start;
        if (n > MAX_HEAD_BYTES) {
            return invalid(in, out, "trailer section too large");
        }
        if (bytes.length < n) {
            bytes = new byte[Math.max(n, bytes.length * 2)];
        }
        in.getBytes(start, bytes, 0, n);
        in.readerIndex(end);
        int lines = splitLines(bytes, n);
        if (lines < 0) {
            return invalid(in, out, lines == -1 ? "bare CR in trailer section" : "too many trailer fields");
        }
        ByteBuf trailers = Unpooled.EMPTY_BUFFER;
        for (int l = 0; l < lines; l++) {
            int ls = lineStart[l];
            int le = lineEnd[l];
            int colon = fieldColon(bytes, ls, le, true);
            if (colon < 0) {
                trailers.release();
                return invalid(in, out, "invalid trailer field");
            }
            if (FieldName.of(bytes, ls, colon) == FieldName.OTHER) {
                if (trailers == Unpooled.EMPTY_BUFFER) {
                    trailers = ctx.alloc().buffer(n);
                }
                trailers.writeBytes(bytes, ls, le - ls).writeShort(0x0D0A);
            }
        }
        out.add(trailers == Unpooled.EMPTY_BUFFER ? End.EMPTY : new End(trailers));
        state = State.HEAD;
        return true;
    }

    private boolean invalid(ByteBuf in, List<Object> out, String reason) {
        out.add(new Invalid(reason));
        state = State.INVALID;
        scanned = 0;
        copied = 0;
        scannedLines = 0;
        sawControl = false;
        in.skipBytes(in.readableBytes());
        return false;
    }

    // ---- field names and values ----

    /** The field names the decoder acts on, matched without regard to case. */
    private enum FieldName {
        CONTENT_LENGTH, TRANSFER_ENCODING, CONNECTION, HOP_BY_HOP, REQUEST_ID, OTHER;

        static FieldName of(byte[] b, int s, int e) {
            return switch (e - s) {
                case 2 -> equalsIgnoreCase(b, s, e, "te") ? HOP_BY_HOP : OTHER;
                case 7 -> equalsIgnoreCase(b, s, e, "trailer") || equalsIgnoreCase(b, s, e, "upgrade") ? HOP_BY_HOP
                    : OTHER;
                case 10 -> equalsIgnoreCase(b, s, e, "connection") ? CONNECTION
                    : equalsIgnoreCase(b, s, e, "keep-alive") ? HOP_BY_HOP : proxy(b, s, e);
                case 12 -> equalsIgnoreCase(b, s, e, "x-request-id") ? REQUEST_ID : proxy(b, s, e);
                case 14 -> equalsIgnoreCase(b, s, e, "content-length") ? CONTENT_LENGTH : proxy(b, s, e);
                case 17 -> equalsIgnoreCase(b, s, e, "transfer-encoding") ? TRANSFER_ENCODING : proxy(b, s, e);
                default -> proxy(b, s, e);
            };
        }

        private static FieldName proxy(byte[] b, int s, int e) {
            return e - s > 6 && equalsIgnoreCase(b, s, s + 6, "proxy-") ? HOP_BY_HOP : OTHER;
        }
    }

    /** A Content-Length value: 1*DIGIT, or a list of identical ones; -1 when invalid. */
    private static long contentLengthValue(byte[] b, int s, int e) {
        long value = -1;
        for (int t = s; t <= e; ) {
            int comma = t;
            while (comma < e && b[comma] != ',') {
                comma++;
            }
            int ts = skipOws(b, t, comma);
            int te = trimOws(b, ts, comma);
            if (te == ts) {
                return -1;
            }
            long v = 0;
            for (int i = ts; i < te; i++) {
                int d = b[i] - '0';
                if (d < 0 || d > 9 || v > (Long.MAX_VALUE - d) / 10) {
                    return -1;
                }
                v = v * 10 + d;
            }
            if (value >= 0 && v != value) {
                return -1;
            }
            value = v;
            t = comma + 1;
        }
        return value;
    }

    private static int indexOf(byte[] b, int from, int to, byte c) {
        for (int i = from; i < to; i++) {
            if (b[i] == c) {
                return i;
            }
        }
        return -1;
    }

    private static int skipOws(byte[] b, int i, int end) {
        while (i < end && (b[i] == ' ' || b[i] == '\t')) {
            i++;
        }
        return i;
    }

    private static int trimOws(byte[] b, int start, int end) {
        while (end > start && (b[end - 1] == ' ' || b[end - 1] == '\t')) {
            end--;
        }
        return end;
    }

    private static boolean isDigit(byte c) {
        return c >= '0' && c <= '9';
    }

    /** Whether {@code b[s, e)} equals the lower-case ASCII {@code lower}, ignoring case. */
    static boolean equalsIgnoreCase(byte[] b, int s, int e, String lower) {
        if (e - s != lower.length()) {
            return false;
        }
        for (int i = 0; i < lower.length(); i++) {
            int c = b[s + i];
            if (c >= 'A' && c <= 'Z') {
                c += 'a' - 'A';
            }
            if (c != lower.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    private static boolean regionEqualsIgnoreCase(byte[] a, int as, int ae, byte[] b, int bs, int be) {
        if (ae - as != be - bs) {
            return false;
        }
        for (int i = 0; i < ae - as; i++) {
            int x = a[as + i];
            int y = b[bs + i];
            if (x >= 'A' && x <= 'Z') {
                x += 'a' - 'A';
            }
            if (y >= 'A' && y <= 'Z') {
                y += 'a' - 'A';
            }
            if (x != y) {
                return false;
            }
        }
        return true;
    }
}
