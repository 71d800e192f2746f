package dev.horizon.gateway.internal.http2;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http2.DefaultHttp2DataFrame;
import io.netty.handler.codec.http2.DefaultHttp2Headers;
import io.netty.handler.codec.http2.DefaultHttp2HeadersFrame;
import io.netty.handler.codec.http2.Http2Headers;
import io.netty.handler.codec.http2.Http2StreamFrame;
import io.netty.util.AsciiString;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Reads the HTTP/1.1 response the gateway writes for a stream (its own bytes: a head, then a body framed by
 * {@code content-length} or chunked) and turns it into HEADERS and DATA frames, the last one ending the stream.
 * Interim {@code 1xx} heads become HEADERS frames of their own. The connection-specific fields go (RFC 9113 §8.2.2),
 * names are lowercased (§8.2.1), trailers of a chunked body are dropped, and a body chunk leaves as a DATA frame of
 * the same bytes (a slice, not a copy). Bytes are consumed as they come; only a head and a chunk-size line are
 * gathered across writes.
 */
final class ResponseFrames {

    /** The largest head gathered; the gateway writes far smaller ones. */
    private static final int MAX_HEAD = 1 << 20;
    private static final Set<String> CONNECTION_SPECIFIC = Set.of("connection", "keep-alive", "proxy-connection",
        "transfer-encoding", "upgrade");

    private enum State { HEAD, LENGTH, CHUNK_SIZE, CHUNK_DATA, CHUNK_END, TRAILERS, UNTIL_CLOSE, DONE }

    private final boolean headRequest;
    private final StringBuilder line = new StringBuilder(64);
    private ByteBuf head = Unpooled.EMPTY_BUFFER;
    private State state = State.HEAD;
    private long remaining;

    /** For the response to a request whose method is HEAD when {@code headRequest}. */
    ResponseFrames(boolean headRequest) {
        this.headRequest = headRequest;
    }

    /** Whether the whole response has been turned into frames. */
    boolean done() {
        return state == State.DONE;
    }

    /** Whether the response's end is the gateway closing the stream (a body without a length). */
    boolean endsAtClose() {
        return state == State.UNTIL_CLOSE;
    }

    /** Consumes {@code in} (and releases it), adding the frames it completes to {@code out}. */
    void read(ByteBuf in, List<Http2StreamFrame> out) {
        try {
            while (in.isReadable() && state != State.DONE) {
                switch (state) {
                    case HEAD -> readHead(in, out);
                    case LENGTH -> {
                        int n = (int) Math.min(remaining, in.readableBytes());
                        remaining -= n;
                        if (remaining == 0) {
                            state = State.DONE;
                        }
                        out.add(new DefaultHttp2DataFrame(in.readRetainedSlice(n), remaining == 0));
                    }
                    case CHUNK_SIZE, TRAILERS, CHUNK_END -> readLine(in, out);
                    case CHUNK_DATA -> {
                        int n = (int) Math.min(remaining, in.readableBytes());
                        remaining -= n;
                        if (remaining == 0) {
                            state = State.CHUNK_END;
                        }
                        out.add(new DefaultHttp2DataFrame(in.readRetainedSlice(n), false));
                    }
                    case UNTIL_CLOSE -> out.add(new DefaultHttp2DataFrame(in.readRetainedSlice(in.readableBytes())));
                    default -> in.skipBytes(in.readableBytes());
                }
            }
        } finally {
            in.release();
        }
    }

    /** Releases what was gathered. */
    void release() {
        head.release();
        head = Unpooled.EMPTY_BUFFER;
    }

    private void readHead(ByteBuf in, List<Http2StreamFrame> out) {
        if (head == Unpooled.EMPTY_BUFFER) {
            head = Unpooled.buffer(Math.max(256, in.readableBytes()));
        }
        while (in.isReadable()) {
            head.writeByte(in.readByte());
            int n = head.writerIndex();
            if (n >= 4 && head.getInt(n - 4) == 0x0D0A0D0A) {
                String text = head.toString(StandardCharsets.ISO_8859_1);
                head.release();
                head = Unpooled.EMPTY_BUFFER;
                onHead(text, out);
                return;
            }
            if (n > MAX_HEAD) {
                throw new IllegalStateException("response head over " + MAX_HEAD + " bytes");
            }
        }
    }

    private void onHead(String text, List<Http2StreamFrame> out) {
        String[] lines = text.split("\r\n");
        String[] status = lines[0].split(" ", 3);
        int code = Integer.parseInt(status[1]);
        Http2Headers headers = new DefaultHttp2Headers(false);
        headers.status(AsciiString.of(status[1]));
        boolean chunked = false;
        long length = -1;
        for (int i = 1; i < lines.length; i++) {
            String l = lines[i];
            int colon = l.indexOf(':');
            if (colon <= 0) {
                continue;
            }
            String name = l.substring(0, colon).toLowerCase(Locale.ROOT);
            String value = l.substring(colon + 1).strip();
            if (name.equals("transfer-encoding")) {
                chunked = value.toLowerCase(Locale.ROOT).endsWith("chunked");
            } else if (name.equals("content-length")) {
                length = Long.parseLong(value);
            }
            if (!CONNECTION_SPECIFIC.contains(name)) {
                headers.add(AsciiString.of(name), value);
            }
        }
        if (code < 200) {
            out.add(new DefaultHttp2HeadersFrame(headers, false));
            return; // the final head follows
        }
        boolean noBody = headRequest || code == 204 || code == 304 || !chunked && length == 0;
        if (noBody) {
            state = State.DONE;
        } else if (chunked) {
            state = State.CHUNK_SIZE;
        } else if (length > 0) {
            state = State.LENGTH;
            remaining = length;
        } else {
            state = State.UNTIL_CLOSE;
        }
        out.add(new DefaultHttp2HeadersFrame(headers, noBody));
    }

    /** A line of the chunked framing: a size line, the CRLF after a chunk's data, or a trailer line. */
    private void readLine(ByteBuf in, List<Http2StreamFrame> out) {
        while (in.isReadable()) {
            char c = (char) in.readByte();
            if (c != '\n') {
                if (c != '\r') {
                    line.append(c);
                }
                continue;
            }
            String l = line.toString();
            line.setLength(0);
            if (state == State.CHUNK_END) {
                state = State.CHUNK_SIZE;
            } else if (state == State.TRAILERS) {
                if (l.isEmpty()) {
                    state = State.DONE;
                    out.add(new DefaultHttp2DataFrame(Unpooled.EMPTY_BUFFER, true));
                }
            } else {
                int semicolon = l.indexOf(';');
                remaining = Long.parseLong((semicolon < 0 ? l : l.substring(0, semicolon)).strip(), 16);
                state = remaining == 0 ? State.TRAILERS : State.CHUNK_DATA;
            }
            return;
        }
    }
}
