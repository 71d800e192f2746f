package dev.horizon.gateway.internal;

import dev.horizon.gateway.internal.http1.Chars;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.handler.codec.http.HttpHeaders;
import java.util.Iterator;
import java.util.Map;

/**
 * The framing bytes of the chunked transfer coding (RFC 9112 §7.1) for a body the gateway re-chunks. The CRLF that
 * closes a chunk's data travels at the start of the next chunk's size line, so each chunk costs one small buffer
 * besides its data.
 */
final class Chunks {

    private static final short CRLF = (short) 0x0D0A;

    private Chunks() {
    }

    /** {@code [CRLF] size-in-hex CRLF}; the leading CRLF closes the previous chunk when there is one. */
    static ByteBuf sizeLine(ByteBufAllocator alloc, int size, boolean afterChunk) {
        ByteBuf out = alloc.buffer(12);
        if (afterChunk) {
            out.writeShort(CRLF);
        }
        int shift = 28;
        while (shift > 0 && (size >>> shift & 0xF) == 0) {
            shift -= 4;
        }
        for (; shift >= 0; shift -= 4) {
            out.writeByte(Chars.hexDigit(size >>> shift & 0xF));
        }
        return out.writeShort(CRLF);
    }

    /** {@code [CRLF] 0 CRLF trailer-lines CRLF}, with trailer lines already serialized (or none). */
    static ByteBuf last(ByteBufAllocator alloc, boolean afterChunk, ByteBuf trailerLines) {
        ByteBuf out = alloc.buffer(7 + trailerLines.readableBytes());
        if (afterChunk) {
            out.writeShort(CRLF);
        }
        out.writeByte('0').writeShort(CRLF);
        out.writeBytes(trailerLines, trailerLines.readerIndex(), trailerLines.readableBytes());
        return out.writeShort(CRLF);
    }

    /** {@code [CRLF] 0 CRLF trailer-fields CRLF}, with the trailer fields of a decoded request. */
    static ByteBuf last(ByteBufAllocator alloc, boolean afterChunk, HttpHeaders trailers) {
        ByteBuf out = alloc.buffer(7 + 64 * trailers.size());
        if (afterChunk) {
            out.writeShort(CRLF);
        }
        out.writeByte('0').writeShort(CRLF);
        for (Iterator<Map.Entry<CharSequence, CharSequence>> it = trailers.iteratorCharSequence(); it.hasNext();) {
            Map.Entry<CharSequence, CharSequence> field = it.next();
            ForwardedHeaders.field(out, field.getKey(), field.getValue());
        }
        return out.writeShort(CRLF);
    }
}
