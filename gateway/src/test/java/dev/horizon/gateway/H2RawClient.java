package dev.horizon.gateway;

import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http2.DefaultHttp2HeadersDecoder;
import io.netty.handler.codec.http2.Http2Exception;
import io.netty.handler.codec.http2.Http2Headers;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import org.jspecify.annotations.Nullable;

/**
 * A raw HTTP/2 client for attack tests: hand-built frames (RFC 9113 §4.1) and HPACK literals (RFC 7541 §6.2.2, no
 * Huffman) over a plain socket with prior knowledge, so a test sends exactly the frames a hostile client would —
 * resets right after HEADERS, endless CONTINUATION, floods — which no well-behaved client library can be made to.
 */
final class H2RawClient implements AutoCloseable {

    static final int DATA = 0;
    static final int HEADERS = 1;
    static final int RST_STREAM = 3;
    static final int SETTINGS = 4;
    static final int PING = 6;
    static final int GOAWAY = 7;
    static final int WINDOW_UPDATE = 8;
    static final int CONTINUATION = 9;
    static final int END_STREAM = 0x1;
    static final int END_HEADERS = 0x4;
    static final int ACK = 0x1;

    /** A frame read: type, flags, stream and payload. */
    record Frame(int type, int flags, int stream, byte[] payload) {
        int errorCode() {
            int at = type == GOAWAY ? 4 : 0;
            return (payload[at] & 0xFF) << 24 | (payload[at + 1] & 0xFF) << 16 | (payload[at + 2] & 0xFF) << 8
                | payload[at + 3] & 0xFF;
        }
    }

    private final Socket socket;
    private final DataOutputStream out;
    private final DataInputStream in;
    /** The HPACK decoder of the connection: the gateway's encoder indexes fields across responses. */
    private final DefaultHttp2HeadersDecoder hpack = new DefaultHttp2HeadersDecoder(false);

    /** Connects to {@code port} and sends the preface and an empty SETTINGS frame; {@code receiveBuffer} 0: default. */
    H2RawClient(int port, int receiveBuffer) throws IOException {
        socket = new Socket();
        if (receiveBuffer > 0) {
            socket.setReceiveBufferSize(receiveBuffer);
        }
        socket.connect(new InetSocketAddress("127.0.0.1", port));
        socket.setSoTimeout(10_000);
        out = new DataOutputStream(new java.io.BufferedOutputStream(socket.getOutputStream(), 65_536));
        in = new DataInputStream(new java.io.BufferedInputStream(socket.getInputStream()));
        out.write("PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        frame(SETTINGS, 0, 0, new byte[0]);
        out.flush();
    }

    void frame(int type, int flags, int stream, byte[] payload) throws IOException {
        out.writeByte(payload.length >>> 16);
        out.writeShort(payload.length & 0xFFFF);
        out.writeByte(type);
        out.writeByte(flags);
        out.writeInt(stream);
        out.write(payload);
    }

    void flush() throws IOException {
        out.flush();
    }

    /** A GET of {@code path}: HEADERS with END_HEADERS, and END_STREAM when {@code end}. */
    void get(int stream, String path, boolean end) throws IOException {
        frame(HEADERS, END_HEADERS | (end ? END_STREAM : 0), stream, block(path));
    }

    /** A POST of {@code path} declaring {@code contentLength}: HEADERS with END_HEADERS, the body to follow. */
    void post(int stream, String path, long contentLength) throws IOException {
        frame(HEADERS, END_HEADERS, stream, block(0x83, path, "content-length", Long.toString(contentLength)));
    }

    void reset(int stream, int error) throws IOException {
        frame(RST_STREAM, 0, stream, int32(error));
    }

    /** The header block of a GET of {@code path}, with {@code extra} name/value pairs. */
    static byte[] block(String path, String... extra) {
        return block(0x82, path, extra); // :method GET (static index 2)
    }

    /** A header block with {@code method} the indexed field of a method (0x82 GET, 0x83 POST: RFC 7541 Appendix A). */
    private static byte[] block(int method, String path, String... extra) {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        b.write(method);
        b.write(0x86); // :scheme http (7)
        literal(b, 4, path); // :path, name from index 4
        literal(b, 1, "test"); // :authority (1)
        for (int i = 0; i < extra.length; i += 2) {
            b.write(0x00);
            string(b, extra[i]);
            string(b, extra[i + 1]);
        }
        return b.toByteArray();
    }

    private static void literal(ByteArrayOutputStream b, int nameIndex, String value) {
        b.write(nameIndex); // literal without indexing, indexed name (4-bit prefix)
        string(b, value);
    }

    private static void string(ByteArrayOutputStream b, String s) {
        byte[] bytes = s.getBytes(StandardCharsets.ISO_8859_1);
        int n = bytes.length;
        if (n < 127) {
            b.write(n);
        } else {
            b.write(127);
            n -= 127;
            while (n >= 128) {
                b.write(n % 128 + 128);
                n /= 128;
            }
            b.write(n);
        }
        b.writeBytes(bytes);
    }

    static byte[] int32(int v) {
        return new byte[] {(byte) (v >>> 24), (byte) (v >>> 16), (byte) (v >>> 8), (byte) v};
    }

    /** The next frame, or null at the end of the stream (or a reset connection). */
    @Nullable Frame read() throws IOException {
        try {
            int length = in.readUnsignedByte() << 16 | in.readUnsignedShort();
            int type = in.readUnsignedByte();
            int flags = in.readUnsignedByte();
            int stream = in.readInt() & 0x7FFFFFFF;
            byte[] payload = new byte[length];
            in.readFully(payload);
            return new Frame(type, flags, stream, payload);
        } catch (EOFException e) {
            return null;
        } catch (SocketException e) {
            if (e.getMessage() != null && e.getMessage().contains("reset")) {
                return null;
            }
            throw e;
        }
    }

    /** Reads until a frame of {@code type} (returned) or the end of the connection (null). */
    @Nullable Frame until(int type) throws IOException {
        for (Frame f; (f = read()) != null;) {
            if (f.type() == type) {
                return f;
            }
        }
        return null;
    }

    /** Reads the frames of {@code stream} until one ends it; the status of its response. */
    String status(int stream) throws IOException, Http2Exception {
        String status = null;
        for (Frame f; (f = read()) != null;) {
            if (f.stream() == stream && f.type() == HEADERS) {
                status = String.valueOf(headers(f).status());
            }
            if (f.stream() == stream && (f.flags() & END_STREAM) != 0 && (f.type() == DATA || f.type() == HEADERS)) {
                return String.valueOf(status);
            }
        }
        throw new EOFException("the connection ended before stream " + stream + " did");
    }

    /** Whether the gateway closes the connection: reads to the end, after what it still sends. */
    boolean closedByPeer() throws IOException {
        try {
            while (read() != null) {
                continue;
            }
            return true;
        } catch (SocketTimeoutException e) {
            return false;
        }
    }

    /** Whether the connection still answers: a PING gets its ACK. */
    boolean answersPing() throws IOException {
        frame(PING, 0, 0, new byte[8]);
        flush();
        for (Frame f; (f = read()) != null;) {
            if (f.type() == PING && (f.flags() & ACK) != 0) {
                return true;
            }
        }
        return false;
    }

    /** The fields of {@code headers} with this connection's HPACK state: every HEADERS frame read, in order. */
    Http2Headers headers(Frame headers) throws Http2Exception {
        return hpack.decodeHeaders(headers.stream(), Unpooled.wrappedBuffer(headers.payload()));
    }

    static Http2Headers decode(Frame headers) throws Http2Exception {
        return new DefaultHttp2HeadersDecoder(false).decodeHeaders(headers.stream(),
            Unpooled.wrappedBuffer(headers.payload()));
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
