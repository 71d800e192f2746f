package dev.horizon.gateway.internal;

import io.netty.buffer.ByteBuf;
import io.netty.util.AsciiString;
import java.util.Arrays;

/**
 * Builds a message head in a byte array owned by one connection, one byte per char (ISO-8859-1, so obs-text passes
 * unchanged), and hands it to a buffer in one copy: writing a head of some 20 short pieces straight into a ByteBuf
 * pays the buffer's bounds and capacity checks per piece and per char.
 */
final class HeadBuilder {

    private byte[] bytes = new byte[512];
    private int length;

    /** Starts a new head. */
    HeadBuilder reset() {
        length = 0;
        return this;
    }

    @SuppressWarnings("deprecation") // String.getBytes(int, int, byte[], int) keeps the low byte of each char: latin1
    HeadBuilder append(CharSequence s) {
        int n = s.length();
        ensure(n);
        if (s instanceof String string) {
            string.getBytes(0, n, bytes, length);
        } else if (s instanceof AsciiString ascii) {
            System.arraycopy(ascii.array(), ascii.arrayOffset(), bytes, length, n);
        } else {
            for (int i = 0; i < n; i++) {
                bytes[length + i] = (byte) s.charAt(i);
            }
        }
        length += n;
        return this;
    }

    HeadBuilder append(byte[] b) {
        ensure(b.length);
        System.arraycopy(b, 0, bytes, length, b.length);
        length += b.length;
        return this;
    }

    HeadBuilder append(char c) {
        ensure(1);
        bytes[length++] = (byte) c;
        return this;
    }

    /** {@code name: value CRLF}. */
    HeadBuilder field(CharSequence name, CharSequence value) {
        return append(name).append(':').append(' ').append(value).crlf();
    }

    HeadBuilder crlf() {
        ensure(2);
        bytes[length++] = '\r';
        bytes[length++] = '\n';
        return this;
    }

    int length() {
        return length;
    }

    /** Writes the head built so far to {@code out}. */
    void writeTo(ByteBuf out) {
        out.writeBytes(bytes, 0, length);
    }

    private void ensure(int more) {
        if (length + more > bytes.length) {
            bytes = Arrays.copyOf(bytes, Math.max(length + more, bytes.length * 2));
        }
    }
}
