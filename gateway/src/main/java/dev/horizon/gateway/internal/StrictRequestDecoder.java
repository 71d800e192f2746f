package dev.horizon.gateway.internal;

import static dev.horizon.gateway.internal.RequestRejected.badRequest;

import dev.horizon.gateway.internal.http1.ChunkedBody;
import dev.horizon.gateway.internal.http1.LineReader;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import io.netty.handler.codec.http.DefaultHttpContent;
import io.netty.handler.codec.http.DefaultLastHttpContent;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.LastHttpContent;
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
     * The character tables, the field-line grammar, the framing decision and the chunk decoder are shared with the
     * response decoder (package http1); this class and RequestHeadParser hold what only requests have.
     *
     * Mechanics: one decode() call runs the state machine until it needs more input or has finished a request.
     * Lines are taken by a LineReader, whose scan for LF resumes where the previous one stopped, so a head trickling
     * in byte by byte is scanned once; a complete line is copied into a per-connection array and parsed there with
     * plain loops over lookup tables, with no per-byte calls on the buffer. Body bytes leave as readRetainedSlice,
     * zero-copy: ByteToMessageDecoder appends later input behind them and discards read bytes only while no slice
     * shares its buffer (refCnt == 1).
     */

    static final int MAX_LEADING_EMPTY_LINES = 4;

    private enum State { READ_LINE, READ_HEADERS, READ_FIXED_BODY, READ_CHUNKED_BODY, REJECTED, UPGRADING }

    private final RequestLimits limits;
    private final Runnable onRawRead;
    private final RequestHeadParser head = new RequestHeadParser();
    private final LineReader lines = new LineReader();
    private final ChunkedBody chunks;
    private State state = State.READ_LINE;
    private int emptyLines;
    /** Bytes and field lines so far in the header section. */
    private int sectionBytes;
    private int sectionFields;
    /** Body bytes still to come in the Content-Length body. */
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
        // the trailer section is held to the header section's limits
        this.chunks = new ChunkedBody(lines, limits.maxChunkSizeLineBytes(), limits.maxHeaderBytes(),
            limits.maxHeaderCount());
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
                case READ_CHUNKED_BODY -> readChunkedBody(in, out);
                case REJECTED -> {
                    in.skipBytes(in.readableBytes());
                    yield false;
                }
                // what follows a WebSocket handshake stays here, unread and with reading paused, until the endpoint
                // answers: a tunnel takes it over (removing this decoder), or the connection closes after a refusal
                case UPGRADING -> {
                    ctx.channel().config().setAutoRead(false);
                    yield false;
                }
            };
        }
    }

    private boolean readRequestLine(ByteBuf in, List<Object> out) {
        int limit = limits.maxRequestLineBytes();
        int n = lines.read(in, limit);
        if (n == LineReader.NEED_MORE) {
            return false;
        }
        if (n == LineReader.TOO_LONG) {
            int window = lines.peek(in, limit);
            return reject(in, out, RequestHeadParser.overlongRequestLine(lines.line(), window));
        }
        if (n == 0) {
            return ++emptyLines <= MAX_LEADING_EMPTY_LINES
                || reject(in, out, badRequest("too many empty lines before request line"));
        }
        emptyLines = 0;
        RequestRejected rejected = head.requestLine(lines.line(), n);
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
        int n = lines.read(in, limits.maxHeaderBytes() - sectionBytes);
        if (n == LineReader.NEED_MORE) {
            return false;
        }
        if (n == LineReader.TOO_LONG) {
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
                    boolean ended = endRequest(out, LastHttpContent.EMPTY_LAST_CONTENT);
                    if (head.webSocket()) {
                        state = State.UPGRADING;
                    }
                    return ended;
                }
                case LENGTH -> {
                    remaining = head.contentLength();
                    state = State.READ_FIXED_BODY;
                }
                case CHUNKED -> {
                    chunks.start();
                    state = State.READ_CHUNKED_BODY;
                }
                default -> throw new AssertionError(head.framing());
            }
            return true;
        }
        sectionBytes += n;
        if (++sectionFields > limits.maxHeaderCount()) {
            return reject(in, out, new RequestRejected(HttpResponseStatus.REQUEST_HEADER_FIELDS_TOO_LARGE,
                "too many header fields"));
        }
        RequestRejected rejected = head.header(lines.line(), n);
        return rejected == null || reject(in, out, rejected);
    }

    private boolean readFixedBody(ByteBuf in, List<Object> out) {
        int readable = in.readableBytes();
        if (readable == 0) {
            return false;
        }
        int n = (int) Math.min(remaining, readable);
        out.add(new DefaultHttpContent(in.readRetainedSlice(n)));
        remaining -= n;
        return remaining > 0 || endRequest(out, LastHttpContent.EMPTY_LAST_CONTENT);
    }

    private boolean readChunkedBody(ByteBuf in, List<Object> out) {
        return switch (chunks.next(in)) {
            case NEED_MORE -> false;
            case DATA -> {
                out.add(new DefaultHttpContent(chunks.readData(in)));
                yield true;
            }
            case TRAILER_FIELD -> readTrailerField(in, out);
            case END -> {
                HttpHeaders fields = trailers;
                trailers = null;
                yield endRequest(out, fields == null || fields.isEmpty() ? LastHttpContent.EMPTY_LAST_CONTENT
                    : new DefaultLastHttpContent(Unpooled.EMPTY_BUFFER, fields));
            }
            case REFUSED -> {
                ChunkedBody.Problem problem = chunks.problem();
                boolean trailerLimit = problem == ChunkedBody.Problem.TRAILER_SECTION_TOO_LARGE
                    || problem == ChunkedBody.Problem.TOO_MANY_TRAILER_FIELDS;
                yield reject(in, out, new RequestRejected(trailerLimit
                    ? HttpResponseStatus.REQUEST_HEADER_FIELDS_TOO_LARGE : HttpResponseStatus.BAD_REQUEST,
                    problem.reason()));
            }
        };
    }

    private boolean readTrailerField(ByteBuf in, List<Object> out) {
        HttpHeaders fields = trailers;
        if (fields == null) {
            fields = RequestHeadParser.newTrailers();
            trailers = fields;
        }
        RequestRejected rejected = head.trailer(chunks.line(), chunks.lineLength(), fields);
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
        lines.shrink();
        return false;
    }

    private boolean reject(ByteBuf in, List<Object> out, RequestRejected rejected) {
        out.add(rejected);
        state = State.REJECTED;
        lines.reset();
        trailers = null;
        in.skipBytes(in.readableBytes());
        return false;
    }
}
