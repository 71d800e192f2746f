package dev.horizon.gateway.internal;

import dev.horizon.gateway.internal.http1.Chars;
import dev.horizon.gateway.internal.http1.ChunkedBody;
import dev.horizon.gateway.internal.http1.FieldLine;
import dev.horizon.gateway.internal.http1.FieldName;
import dev.horizon.gateway.internal.http1.Framing;
import dev.horizon.gateway.internal.http1.LineReader;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.DefaultByteBufHolder;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import java.util.Arrays;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Reads an endpoint's responses (RFC 9112) on a pooled backend connection and turns each into what the proxy writes
 * to its client: a {@link Head} whose buffer already holds the client-bound status line and the end-to-end header
 * fields, copied byte for byte, then the body as plain {@link ByteBuf}s (chunked bodies de-chunked), then one
 * {@link End}. An interim (1xx) response is a {@link Head} alone, with an empty buffer except for {@code 101 Switching
 * Protocols}, after which nothing more is decoded: the bytes that follow belong to the new protocol. A response
 * whose framing could be read two ways is one {@link Invalid}, after which the connection's input is discarded: the
 * proxy closes it.
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
     * and most of its allocation. Heads are parsed by ResponseHeadParser from a per-connection array and copied to
     * the client-bound buffer in one pass; nothing is allocated per response but that buffer and the message objects.
     *
     * Framing is RFC 9112 §6.3 as http1.Framing decides it for requests too, under the response policy of
     * http1.FramingFields: no body for 1xx, 204, 304 and answers to HEAD; Transfer-Encoding must be exactly one
     * "chunked" (any other coding would be lost when the gateway removes the hop-by-hop field), and is refused in
     * HTTP/1.0 and together with Content-Length; differing Content-Length values are refused, identical repeats are
     * one value (§6.3 item 5); without either the body runs to the close of the connection. Chunked bodies are read
     * by http1.ChunkedBody, the request decoder's chunk decoder, under this decoder's limits. Syntax as for requests:
     * no obs-fold, no whitespace before the colon, no bare CR, values of HTAB, SP, VCHAR and obs-text.
     */

    /** A body up to this size that arrives with its head may leave in the head's buffer. */
    static final int INLINE_BODY_BYTES = 2048;
    private static final int MAX_CHUNK_LINE_BYTES = 4096;
    private static final int MAX_TRAILER_BYTES = 64 * 1024;
    private static final int MAX_TRAILER_FIELDS = 256;
    /** Room for the fields the proxy adds to a head (Via, X-Request-Id, a Set-Cookie, framing). */
    private static final int HEAD_SPARE_BYTES = 192;

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

    private enum State { HEAD, LENGTH, CHUNKED, CLOSE, INVALID, SWITCHED }

    private final ReusableBuffer heads = new ReusableBuffer();
    private final ResponseHeadParser head = new ResponseHeadParser();
    private final ChunkedBody chunks =
        new ChunkedBody(new LineReader(), MAX_CHUNK_LINE_BYTES, MAX_TRAILER_BYTES, MAX_TRAILER_FIELDS);
    private State state = State.HEAD;
    private boolean headRequest;
    private long remaining;
    /** The kept trailer field lines of the chunked body being read, CRLF-terminated. */
    private byte[] trailers = new byte[0];
    private int trailerLength;

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
                case CHUNKED -> readChunked(ctx, in, out);
                case CLOSE -> {
                    out.add(in.readRetainedSlice(in.readableBytes()));
                    yield false;
                }
                case INVALID -> {
                    in.skipBytes(in.readableBytes());
                    yield false;
                }
                // after 101 the bytes are another protocol's: they wait for the proxy to take them (it removes this
                // decoder, and they go to the next handler as they are) or to close the connection
                case SWITCHED -> false;
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

    private boolean readHead(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        int n = head.scan(in);
        if (n == ResponseHeadParser.NEED_MORE) {
            return false;
        }
        if (n < 0) {
            return invalid(in, out, ResponseHeadParser.scanProblem(n));
        }
        return readCompleteHead(ctx, in, out, n);
    }

    /** Parses the head of {@code n} bytes that {@link ResponseHeadParser#scan} found, and emits it. */
    private boolean readCompleteHead(ChannelHandlerContext ctx, ByteBuf in, List<Object> out, int n) {
        String problem = head.parse(headRequest);
        if (problem != null) {
            return invalid(in, out, problem);
        }
        in.skipBytes(n);
        if (head.status() == 101) {
            ByteBuf bytes = heads.take(ctx.alloc(), n + HEAD_SPARE_BYTES);
            head.writeClientHead(bytes);
            out.add(new Head(101, false, Framing.NONE, bytes));
            state = State.SWITCHED;
            return false;
        }
        if (head.interim()) {
            out.add(new Head(head.status(), true, Framing.NONE, Unpooled.EMPTY_BUFFER));
            return true;
        }
        Framing framing = head.framing();
        long length = head.contentLength();
        int room = framing == Framing.LENGTH && length <= INLINE_BODY_BYTES ? (int) length : 0;
        ByteBuf bytes = heads.take(ctx.alloc(), n + HEAD_SPARE_BYTES + room);
        head.writeClientHead(bytes);
        out.add(new Head(head.status(), head.keepAlive(), framing, bytes));
        switch (framing) {
            case NONE -> out.add(End.EMPTY);
            case LENGTH -> {
                remaining = length;
                state = State.LENGTH;
            }
            case CHUNKED -> {
                chunks.start();
                trailerLength = 0;
                state = State.CHUNKED;
            }
            case CLOSE -> state = State.CLOSE;
            default -> throw new AssertionError(framing);
        }
        return true;
    }

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

    private boolean readChunked(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        return switch (chunks.next(in)) {
            case NEED_MORE -> false;
            case DATA -> {
                out.add(chunks.readData(in));
                yield true;
            }
            case TRAILER_FIELD -> {
                String problem = trailerField(chunks.line(), chunks.lineLength());
                yield problem == null || invalid(in, out, problem);
            }
            case END -> {
                out.add(trailerLength == 0 ? End.EMPTY
                    : new End(ctx.alloc().buffer(trailerLength).writeBytes(trailers, 0, trailerLength)));
                state = State.HEAD;
                yield true;
            }
            case REFUSED -> invalid(in, out, switch (chunks.problem()) {
                case INVALID_SIZE, SIZE_TOO_LARGE, INVALID_EXTENSION -> "invalid chunk size";
                default -> chunks.problem().reason();
            });
        };
    }

    /**
     * Validates a trailer field line and keeps it when it is end-to-end; framing fields are dropped as well
     * (RFC 9110 §6.5.1). Returns what is wrong with it, or null.
     */
    private @Nullable String trailerField(byte[] b, int len) {
        if (Chars.indexOf(b, 0, len, (byte) '\r') < len) {
            return "bare CR in trailer section";
        }
        int colon = FieldLine.colon(b, 0, len);
        if (colon < 0 || Chars.invalidValueByte(b, colon + 1, len) >= 0) {
            return "invalid trailer field";
        }
        FieldName name = FieldName.of(b, 0, colon);
        if (ResponseHeadParser.isEndToEnd(name) && name != FieldName.CONTENT_LENGTH) {
            if (trailers.length < trailerLength + len + 2) {
                trailers = Arrays.copyOf(trailers, Math.max(trailerLength + len + 2, 2 * trailers.length));
            }
            System.arraycopy(b, 0, trailers, trailerLength, len);
            trailerLength += len;
            trailers[trailerLength++] = '\r';
            trailers[trailerLength++] = '\n';
        }
        return null;
    }

    private boolean invalid(ByteBuf in, List<Object> out, String reason) {
        out.add(new Invalid(reason));
        state = State.INVALID;
        head.reset();
        in.skipBytes(in.readableBytes());
        return false;
    }
}
