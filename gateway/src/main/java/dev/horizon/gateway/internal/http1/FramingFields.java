package dev.horizon.gateway.internal.http1;

import org.jspecify.annotations.Nullable;

/**
 * The framing fields of one message head, Content-Length and Transfer-Encoding, taken in as a parser meets them;
 * {@link Framing} decides from them once the head is complete. One instance per connection, {@link #reset} for each
 * head, used on the connection's event loop only.
 *
 * <p>Requests and responses read the fields under different policies, each as strict as the gateway can afford:
 * <ul>
 * <li>Requests come from anyone, so anything RFC 9112 leaves to judgement is refused: a second Content-Length field
 *     even with an equal value, and any list (HAProxy rejects both; RFC 9112 §6.3). Transfer-Encoding fields form
 *     one list (RFC 9110 §5.3), judged whole when the head ends: empty elements ignored (§5.6.1), each a token, the
 *     last one chunked, chunked once, nothing else (the gateway would have to decode it).</li>
 * <li>Responses come from the gateway's own endpoints: identical Content-Length values, repeated or in a list, are
 *     one value (RFC 9112 §6.3 item 5), differing ones are refused. Transfer-Encoding must be a single field reading
 *     {@code chunked}: any other coding would be lost when the hop-by-hop field is removed. Refused as soon as seen,
 *     so a bad field refuses even a response that has no body.</li>
 * </ul>
 */
public final class FramingFields {

    private static final long NONE = -1;

    private final boolean requests;
    private long length = NONE;
    private int lengthFields;
    private int codingFields;
    private int codings;
    private int chunkedCodings;
    private boolean lastIsChunked;
    private boolean invalidCoding;

    private FramingFields(boolean requests) {
        this.requests = requests;
    }

    /** Fields read under the request policy. */
    public static FramingFields forRequests() {
        return new FramingFields(true);
    }

    /** Fields read under the response policy. */
    public static FramingFields forResponses() {
        return new FramingFields(false);
    }

    /** Forgets the previous head's fields. */
    public void reset() {
        length = NONE;
        lengthFields = 0;
        codingFields = 0;
        codings = 0;
        chunkedCodings = 0;
        lastIsChunked = false;
        invalidCoding = false;
    }

    /** Takes in the value {@code b[from, to)} (OWS trimmed) of a Content-Length field; null when acceptable. */
    public @Nullable FramingRefusal contentLength(byte[] b, int from, int to) {
        if (requests) {
            if (lengthFields++ > 0) {
                return FramingRefusal.MULTIPLE_CONTENT_LENGTH;
            }
            length = Chars.decimal(b, from, to);
            return length < 0 ? FramingRefusal.INVALID_CONTENT_LENGTH : null;
        }
        long v = identicalDecimals(b, from, to);
        if (v < 0) {
            return FramingRefusal.INVALID_CONTENT_LENGTH;
        }
        if (lengthFields++ > 0 && v != length) {
            return FramingRefusal.DIFFERING_CONTENT_LENGTH;
        }
        length = v;
        return null;
    }

    /** Takes in the value {@code b[from, to)} (OWS trimmed) of a Transfer-Encoding field; null when acceptable. */
    public @Nullable FramingRefusal transferEncoding(byte[] b, int from, int to) {
        if (!requests) {
            if (codingFields++ > 0 || !Chars.equalsLowerCase(b, from, to, "chunked")) {
                return FramingRefusal.UNSUPPORTED_TRANSFER_ENCODING;
            }
            codings = 1;
            chunkedCodings = 1;
            lastIsChunked = true;
            return null;
        }
        codingFields++;
        for (int start = from; start <= to; ) {
            int comma = Chars.indexOf(b, start, to, (byte) ',');
            int s = Chars.skipOws(b, start, comma);
            int e = Chars.trimOws(b, s, comma);
            if (s < e) {
                invalidCoding |= Chars.tokenEnd(b, s, e) != e;
                lastIsChunked = Chars.equalsLowerCase(b, s, e, "chunked");
                chunkedCodings += lastIsChunked ? 1 : 0;
                codings++;
            }
            start = comma + 1;
        }
        return null;
    }

    /** Whether the head had a Content-Length field. */
    public boolean hasContentLength() {
        return lengthFields > 0;
    }

    /** The Content-Length value; -1 without one. */
    public long contentLength() {
        return length;
    }

    /** Whether the head had a Transfer-Encoding field. */
    public boolean hasTransferEncoding() {
        return codingFields > 0;
    }

    /** What is wrong with the transfer codings as a whole, in the order the checks are named above; or null. */
    @Nullable FramingRefusal codingRefusal() {
        if (invalidCoding) {
            return FramingRefusal.INVALID_CODING;
        }
        if (codings == 0) {
            return FramingRefusal.EMPTY_CODINGS;
        }
        if (!lastIsChunked) {
            return FramingRefusal.CHUNKED_NOT_LAST;
        }
        if (chunkedCodings > 1) {
            return FramingRefusal.CHUNKED_TWICE;
        }
        return codings > 1 ? FramingRefusal.UNSUPPORTED_CODING : null;
    }

    /** A list of identical {@code 1*DIGIT} values, each fitting a long; -1 otherwise. */
    private static long identicalDecimals(byte[] b, int from, int to) {
        long value = NONE;
        for (int start = from; start <= to; ) {
            int comma = Chars.indexOf(b, start, to, (byte) ',');
            int s = Chars.skipOws(b, start, comma);
            long v = Chars.decimal(b, s, Chars.trimOws(b, s, comma));
            if (v < 0 || value >= 0 && v != value) {
                return NONE;
            }
            value = v;
            start = comma + 1;
        }
        return value;
    }
}
