package dev.horizon.gateway.internal;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Follows one direction of a WebSocket connection frame by frame (RFC 6455 §5.2) reading only the frame headers, so
 * that the gateway knows when it may put a frame of its own between two of the peers' — a Close — without cutting
 * one in half; and writes that Close frame (§5.5.1).
 *
 * <p>Implementation notes. A header is 2 bytes, then 2 or 8 bytes of extended payload length when the 7-bit length
 * is 126 or 127, then a 4-byte masking key when the MASK bit is set (every frame from a client); the payload is
 * skipped by count, never read. A frame header split across reads is carried over byte by byte. The bytes are never
 * changed: the tunnel forwards them as they came.
 */
final class WebSocketFrames {

    /** Close status 1001, Going Away: the gateway is shutting down, or the connection sat idle too long (§7.4.1). */
    static final int GOING_AWAY = 1001;
    private static final int CLOSE = 0x8;

    /** Bytes of the current frame's header read so far; 0 between frames and in a payload. */
    private int headerRead;
    private int headerLength;
    /** Bytes of extended payload length in the current header: 0, 2 or 8. */
    private int extended;
    private long payloadLength;
    /** Payload bytes of the current frame still to come. */
    private long remaining;
    /** The current (or last) frame's opcode. */
    private int opcode;
    /** Whether a Close frame (opcode 8) has begun in this direction, and whether one has passed whole. */
    private boolean closeBegun;
    private boolean closeWhole;

    /** Follows {@code bytes} (readable bytes, not consumed) as the next part of this direction's stream. */
    void follow(ByteBuf bytes) {
        int i = bytes.readerIndex();
        int end = bytes.writerIndex();
        while (i < end) {
            if (remaining > 0) {
                int n = (int) Math.min(remaining, end - i);
                i += n;
                remaining -= n;
                closeWhole |= remaining == 0 && opcode == CLOSE;
                continue;
            }
            header(bytes.getByte(i++) & 0xFF);
        }
    }

    private void header(int b) {
        if (headerRead == 0) {
            opcode = b & 0x0F;
        } else if (headerRead == 1) {
            int length7 = b & 0x7F;
            extended = length7 == 126 ? 2 : length7 == 127 ? 8 : 0;
            headerLength = 2 + extended + ((b & 0x80) != 0 ? 4 : 0);
            payloadLength = extended == 0 ? length7 : 0;
        } else if (headerRead >= 2 && headerRead < 2 + extended) {
            payloadLength = payloadLength << 8 | b;
        }
        headerRead++;
        if (headerRead >= 2 && headerRead == headerLength) {
            headerRead = 0;
            remaining = payloadLength < 0 ? Long.MAX_VALUE : payloadLength;
            closeBegun |= opcode == CLOSE;
            closeWhole |= remaining == 0 && opcode == CLOSE;
        }
    }

    /** Whether a Close frame has begun in this direction: no other may follow it (§5.5.1). */
    boolean closeBegun() {
        return closeBegun;
    }

    /** Whether a whole Close frame has passed in this direction: the closing handshake's answer is in. */
    boolean closeWhole() {
        return closeWhole;
    }

    /** Whether the bytes followed so far end exactly between two frames. */
    boolean betweenFrames() {
        return headerRead == 0 && remaining == 0;
    }

    /**
     * A Close frame with {@code code} and {@code reason} (at most 123 bytes of UTF-8), masked with a random key when
     * {@code masked} (the gateway speaking as the client, to an endpoint, §5.3).
     */
    static ByteBuf close(ByteBufAllocator alloc, int code, String reason, boolean masked) {
        byte[] text = reason.getBytes(StandardCharsets.UTF_8);
        int length = 2 + Math.min(text.length, 123);
        ByteBuf out = alloc.buffer(2 + (masked ? 4 : 0) + length);
        out.writeByte(0x88).writeByte((masked ? 0x80 : 0) | length);
        byte[] payload = new byte[length];
        payload[0] = (byte) (code >> 8);
        payload[1] = (byte) code;
        System.arraycopy(text, 0, payload, 2, length - 2);
        if (masked) {
            byte[] key = new byte[4];
            ThreadLocalRandom.current().nextBytes(key);
            out.writeBytes(key);
            for (int i = 0; i < length; i++) {
                payload[i] ^= key[i & 3];
            }
        }
        return out.writeBytes(payload);
    }
}
