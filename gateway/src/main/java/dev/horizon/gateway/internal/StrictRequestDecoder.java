package dev.horizon.gateway.internal;

import static dev.horizon.gateway.internal.RequestRejected.badRequest;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import io.netty.handler.codec.http.DefaultHttpContent;
import io.netty.handler.codec.http.DefaultLastHttpContent;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.ByteProcessor;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A strict HTTP/1.1 request decoder (RFC 9112) for a reverse proxy: it turns the bytes of one client connection into
 * Netty HTTP messages and refuses every request whose framing could be read two ways, so nothing malformed ever
 * reaches a backend. It replaces Netty's {@code HttpRequestDecoder}, which drops Content-Length when
 * Transfer-Encoding is present and unfolds obs-fold lines.
 *
 * <p>Per request it emits one {@link io.netty.handler.codec.http.HttpRequest} (HTTP/1.1 or HTTP/1.0, headers in the
 * order received, names and values as received less the value's surrounding whitespace), then zero or more
 * {@link io.netty.handler.codec.http.HttpContent} holding the body as it arrives (retained slices of the input, never
 * aggregated), then exactly one {@link LastHttpContent} with no content: {@link LastHttpContent#EMPTY_LAST_CONTENT},
 * or for a chunked body with trailer fields one carrying them as {@code trailingHeaders()}. A request without
 * Content-Length or Transfer-Encoding has no body. Pipelined requests follow one another.
 *
 * <p>On malformed input it emits one {@link RequestRejected} and then discards everything else the connection sends;
 * the next handler answers with its status and closes. A head is validated whole before its request is emitted, so
 * a rejected head produces nothing else; only an error inside a chunked body (bad chunk size, missing CRLF after
 * chunk data, bad trailer) follows the request and the content already emitted. Limits come from
 * {@link RequestLimits}. Values may hold obs-text (bytes 0x80-0xFF) as one char per byte (ISO-8859-1), so an encoder
 * that writes chars as bytes reproduces them exactly. Input that ends inside a request emits nothing more; the next
 * handler sees the channel go inactive. Expect: 100-continue, head deadlines and body-size limits belong to other
 * handlers.
 */
public final class StrictRequestDecoder extends ByteToMessageDecoder {

    /*
     * Implementation notes.
     *
     * Rules, by RFC 9112 section:
     *  - §2.2: a line ends at LF; a CR right before it is part of the terminator, so bare LF is accepted (Horizon
     *    re-encodes every head and body, so no backend ever sees the difference) while a bare CR anywhere is 400. Up
     *    to MAX_LEADING_EMPTY_LINES empty lines before a request line are skipped. A field line starting with
     *    whitespace (obs-fold, §5.2, or whitespace after the start line) is 400.
     *  - §3: METHOD SP request-target SP HTTP-version, single spaces, the method a token, the target VCHARs only (no
     *    CTL, SP, NUL, obs-text or fragment) in origin-, absolute- (http/https) or asterisk-form (OPTIONS only).
     *    CONNECT is 501. HTTP/1.1 and HTTP/1.0 are served; every other HTTP/d.d, HTTP/1.2 included, is 505 rather
     *    than read as 1.1 as RFC 9110 §2.5 suggests: a proxy that keeps a single reading of every message has no
     *    use for versions that no client sends. Host: exactly one in HTTP/1.1, at most one in HTTP/1.0.
     *  - §5: name ":" OWS value OWS; no whitespace in or after the name (§5.1), values of HTAB, SP, VCHAR and
     *    obs-text only.
     *  - §6.1, §6.3: Transfer-Encoding with Content-Length is 400. §6.1 allows that or "Transfer-Encoding wins";
     *    Netty takes the latter silently, HAProxy drops Content-Length, forwards chunked and closes; rejecting is
     *    the simplest answer that leaves nothing to interpret. Also 400: Transfer-Encoding in HTTP/1.0, a last coding
     *    other than chunked, chunked twice; any other coding before chunked is 501. Several Transfer-Encoding lines
     *    are one list. Content-Length is one field of 1*DIGIT that fits a long; a second one is 400 even if equal,
     *    a list is 400.
     *  - §7.1: chunk-size is 1..16 HEXDIG without overflow, then BWS ";" extensions (length-limited, no CTL but
     *    HTAB), then the line end; chunk data is followed by exactly CRLF; trailer fields obey the header rules, and
     *    the framing fields (Content-Length, Transfer-Encoding, Host) are dropped from them.
     * The character rules are modelled on HAProxy's h1 parser without "option accept-unsafe-violations-in-http-
     * request" (formerly accept-invalid-http-request); together they close the gaps the request-smuggling literature
     * exploits in lenient proxies (Linhart et al., Watchfire 2005; Kettle, "HTTP Desync Attacks", 2019).
     *
     * Mechanics: one decode() call runs the state machine until it needs more input or has finished a request.
     * Lines are found with forEachByte(FIND_LF), resuming where the previous scan stopped (`scanned`), so a head
     * trickling in byte by byte is scanned once; a complete line is copied into a per-connection array and parsed
     * there with plain loops over lookup tables, with no per-byte calls on the buffer. Body bytes leave as
     * readRetainedSlice, zero-copy: ByteToMessageDecoder appends later input behind them and discards read bytes
     * only while no slice shares its buffer (refCnt == 1).
     */

    static final int MAX_LEADING_EMPTY_LINES = 4;

    /** The line array starts small and, once a request is done, drops back to that if a long line grew it. */
    private static final int INITIAL_LINE_BYTES = 256;
    private static final int MAX_RETAINED_LINE_BYTES = 8192;
    private static final int NEED_MORE = -1;
    private static final int TOO_LONG = -2;
    private static final long INVALID_SIZE = -1;
    private static final long SIZE_TOO_LARGE = -2;
    private static final long INVALID_EXTENSION = -3;
    private static final byte[] HEX = new byte[256];

    static {
        Arrays.fill(HEX, (byte) -1);
        for (int c = '0'; c <= '9'; c++) {
            HEX[c] = (byte) (c - '0');
        }
        for (int c = 'a'; c <= 'f'; c++) {
            HEX[c] = (byte) (c - 'a' + 10);
            HEX[c - 'a' + 'A'] = (byte) (c - 'a' + 10);
        }
    }

    private enum State {
        READ_LINE, READ_HEADERS, READ_FIXED_BODY, READ_CHUNK_SIZE, READ_CHUNK_DATA, READ_CHUNK_END, READ_TRAILERS,
        REJECTED
    }

    private final RequestLimits limits;
    private final Runnable onRawRead;
    private final RequestHeadParser head = new RequestHeadParser();
    private State state = State.READ_LINE;
    /** The line being parsed, without its terminator. */
    private byte[] line = new byte[INITIAL_LINE_BYTES];
    /** Bytes of the current line already scanned for LF. */
    private int scanned;
    private int emptyLines;
    /** Bytes and field lines so far in the header or trailer section. */
    private int sectionBytes;
    private int sectionFields;
    /** Body bytes still to come in the Content-Length body or the current chunk. */
    private long remaining;
    private @Nullable HttpHeaders trailers;
    /** Whether the request line of the request being read has been parsed (it stays so through a rejection). */
    private boolean lineParsed;

    /** A decoder with {@link RequestLimits#DEFAULTS}. */
    public StrictRequestDecoder() {
        this(RequestLimits.DEFAULTS);
    }

    /** A decoder with the given limits. */
    public StrictRequestDecoder(RequestLimits limits) {
        this(limits, () -> { });
    }

    /**
     * A decoder with the given limits that runs {@code onRawRead} for every read of raw bytes before decoding them,
     * so the proxy can tell a slow request head (408) from an idle keep-alive connection.
     */
    public StrictRequestDecoder(RequestLimits limits, Runnable onRawRead) {
        this.limits = Objects.requireNonNull(limits, "limits");
        this.onRawRead = Objects.requireNonNull(onRawRead, "onRawRead");
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) throws Exception {
        onRawRead.run();
        super.channelRead(ctx, msg);
    }

    /**
     * The method and request-target of the request being read or just refused, for the access log of an answer that
     * has no whole request to go with (a 408 or a 400); null while its request line is incomplete or invalid.
     */
    @Nullable RequestLine requestLineSoFar() {
        return lineParsed ? new RequestLine(head.method().name(), head.uri()) : null;
    }

    /** A parsed request line: the method and the request-target as sent. */
    record RequestLine(String method, String target) {
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        boolean progress = true;
        while (progress) {
            progress = switch (state) {
                case READ_LINE -> readRequestLine(in, out);
                case READ_HEADERS -> readHeaderField(in, out);
                case READ_FIXED_BODY -> readFixedBody(in, out);
                case READ_CHUNK_SIZE -> readChunkSize(in, out);
                case READ_CHUNK_DATA -> readChunkData(in, out);
                case READ_CHUNK_END -> readChunkEnd(in, out);
                case READ_TRAILERS -> readTrailerField(in, out);
                case REJECTED -> {
                    in.skipBytes(in.readableBytes());
                    yield false;
                }
            };
        }
    }

    private boolean readRequestLine(ByteBuf in, List<Object> out) {
        int limit = limits.maxRequestLineBytes();
        int n = readLine(in, limit);
        if (n == NEED_MORE) {
            return false;
        }
        if (n == TOO_LONG) {
            int window = Math.min(limit, in.readableBytes());
            ensureLineCapacity(window);
            in.getBytes(in.readerIndex(), line, 0, window);
            return reject(in, out, RequestHeadParser.overlongRequestLine(line, window));
        }
        if (n == 0) {
            return ++emptyLines <= MAX_LEADING_EMPTY_LINES
                || reject(in, out, badRequest("too many empty lines before request line"));
        }
        emptyLines = 0;
        RequestRejected rejected = head.requestLine(line, n);
        if (rejected != null) {
            return reject(in, out, rejected);
        }
        sectionBytes = 0;
        sectionFields = 0;
        lineParsed = true;
        state = State.READ_HEADERS;
        return true;
    }

    private boolean readHeaderField(ByteBuf in, List<Object> out) {
        int n = readLine(in, limits.maxHeaderBytes() - sectionBytes);
        if (n == NEED_MORE) {
            return false;
        }
        if (n == TOO_LONG) {
            return reject(in, out, new RequestRejected(HttpResponseStatus.REQUEST_HEADER_FIELDS_TOO_LARGE,
                "header section too large"));
        }
        if (n == 0) {
            RequestRejected rejected = head.endOfHead();
            if (rejected != null) {
                return reject(in, out, rejected);
            }
            out.add(head.request());
            switch (head.framing()) {
                case NONE -> {
                    return endRequest(out, LastHttpContent.EMPTY_LAST_CONTENT);
                }
                case FIXED -> {
                    remaining = head.contentLength();
                    state = State.READ_FIXED_BODY;
                }
                case CHUNKED -> state = State.READ_CHUNK_SIZE;
                default -> throw new AssertionError(head.framing());
            }
            return true;
        }
        sectionBytes += n;
        if (++sectionFields > limits.maxHeaderCount()) {
            return reject(in, out, new RequestRejected(HttpResponseStatus.REQUEST_HEADER_FIELDS_TOO_LARGE,
                "too many header fields"));
        }
        RequestRejected rejected = head.header(line, n);
        return rejected == null || reject(in, out, rejected);
    }

    private boolean readFixedBody(ByteBuf in, List<Object> out) {
        if (!readBody(in, out)) {
            return false;
        }
        return remaining > 0 || endRequest(out, LastHttpContent.EMPTY_LAST_CONTENT);
    }

    private boolean readChunkSize(ByteBuf in, List<Object> out) {
        int n = readLine(in, limits.maxChunkSizeLineBytes());
        if (n == NEED_MORE) {
            return false;
        }
        if (n == TOO_LONG) {
            return reject(in, out, badRequest("chunk-size line too long"));
        }
        long size = chunkSize(line, n);
        if (size < 0) {
            return reject(in, out, badRequest(size == SIZE_TOO_LARGE ? "chunk size too large"
                : size == INVALID_EXTENSION ? "invalid chunk extension" : "invalid chunk size"));
        }
        if (size == 0) {
            sectionBytes = 0;
            sectionFields = 0;
            trailers = null;
            state = State.READ_TRAILERS;
        } else {
            remaining = size;
            state = State.READ_CHUNK_DATA;
        }
        return true;
    }

    private boolean readChunkData(ByteBuf in, List<Object> out) {
        if (!readBody(in, out)) {
            return false;
        }
        if (remaining == 0) {
            state = State.READ_CHUNK_END;
        }
        return true;
    }

    private boolean readChunkEnd(ByteBuf in, List<Object> out) {
        int readable = in.readableBytes();
        int r = in.readerIndex();
        if (readable == 0) {
            return false;
        }
        if (in.getByte(r) != '\r' || (readable > 1 && in.getByte(r + 1) != '\n')) {
            return reject(in, out, badRequest("chunk data not followed by CRLF"));
        }
        if (readable == 1) {
            return false;
        }
        in.skipBytes(2);
        state = State.READ_CHUNK_SIZE;
        return true;
    }

    private boolean readTrailerField(ByteBuf in, List<Object> out) {
        int n = readLine(in, limits.maxHeaderBytes() - sectionBytes);
        if (n == NEED_MORE) {
            return false;
        }
        if (n == TOO_LONG) {
            return reject(in, out, new RequestRejected(HttpResponseStatus.REQUEST_HEADER_FIELDS_TOO_LARGE,
                "trailer section too large"));
        }
        HttpHeaders fields = trailers;
        if (n == 0) {
            trailers = null;
            return endRequest(out, fields == null || fields.isEmpty() ? LastHttpContent.EMPTY_LAST_CONTENT
                : new DefaultLastHttpContent(Unpooled.EMPTY_BUFFER, fields));
        }
        sectionBytes += n;
        if (++sectionFields > limits.maxHeaderCount()) {
            return reject(in, out, new RequestRejected(HttpResponseStatus.REQUEST_HEADER_FIELDS_TOO_LARGE,
                "too many trailer fields"));
        }
        if (fields == null) {
            fields = RequestHeadParser.newTrailers();
            trailers = fields;
        }
        RequestRejected rejected = head.trailer(line, n, fields);
        return rejected == null || reject(in, out, rejected);
    }

    /**
     * Emits the request's last content and stops this decode() call: ByteToMessageDecoder passes the request on and
     * calls again for the next one unless a handler removed this decoder meanwhile (after an upgrade), in which case
     * the bytes that follow reach the next handler undecoded.
     */
    private boolean endRequest(List<Object> out, LastHttpContent last) {
        out.add(last);
        state = State.READ_LINE;
        lineParsed = false;
        if (line.length > MAX_RETAINED_LINE_BYTES) {
            line = new byte[INITIAL_LINE_BYTES];
        }
        return false;
    }

    /** Emits up to {@link #remaining} buffered body bytes; false when there are none. */
    private boolean readBody(ByteBuf in, List<Object> out) {
        int readable = in.readableBytes();
        if (readable == 0) {
            return false;
        }
        int n = (int) Math.min(remaining, readable);
        out.add(new DefaultHttpContent(in.readRetainedSlice(n)));
        remaining -= n;
        return true;
    }

    /**
     * Reads the next line into {@link #line}: its length without the terminator, {@link #NEED_MORE} when no LF is
     * buffered yet, or {@link #TOO_LONG} when it is (or must become) longer than {@code limit}.
     */
    private int readLine(ByteBuf in, int limit) {
        int start = in.readerIndex();
        int from = start + scanned;
        int end = in.writerIndex();
        int lf = from < end ? in.forEachByte(from, end - from, ByteProcessor.FIND_LF) : -1;
        if (lf < 0) {
            scanned = end - start;
            // One byte more than the limit may be the CR of a CRLF still to come.
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
        ensureLineCapacity(len);
        in.getBytes(start, line, 0, len);
        in.readerIndex(lf + 1);
        return len;
    }

    private void ensureLineCapacity(int len) {
        if (line.length < len) {
            line = new byte[Math.max(len, line.length * 2)];
        }
    }

    private boolean reject(ByteBuf in, List<Object> out, RequestRejected rejected) {
        out.add(rejected);
        state = State.REJECTED;
        scanned = 0;
        trailers = null;
        in.skipBytes(in.readableBytes());
        return false;
    }

    /**
     * The size on a chunk-size line {@code 1*16HEXDIG [BWS ";" chunk-ext]}, or {@link #INVALID_SIZE},
     * {@link #SIZE_TOO_LARGE} or {@link #INVALID_EXTENSION}.
     */
    static long chunkSize(byte[] b, int len) {
        int i = 0;
        long size = 0;
        while (i < len && HEX[b[i] & 0xFF] >= 0) {
            if (i == 16) {
                return SIZE_TOO_LARGE;
            }
            size = size << 4 | HEX[b[i] & 0xFF];
            i++;
        }
        if (i == 0) {
            return INVALID_SIZE;
        }
        if (size < 0) {
            return SIZE_TOO_LARGE;
        }
        while (i < len && (b[i] == ' ' || b[i] == '\t')) {
            i++;
        }
        if (i == len) {
            return b[len - 1] == ' ' || b[len - 1] == '\t' ? INVALID_SIZE : size;
        }
        if (b[i] != ';') {
            return INVALID_SIZE;
        }
        for (i++; i < len; i++) {
            int c = b[i] & 0xFF;
            if ((c < 0x20 && c != '\t') || c == 0x7F) {
                return INVALID_EXTENSION;
            }
        }
        return size;
    }
}
