package dev.horizon.gateway.internal.http1;

/**
 * How a message body is delimited, and the one decision that says so for a request and for a response: RFC 9112
 * §6.3, "Message Body Length", applied to the {@link FramingFields} of a complete head.
 *
 * <p>The rules in the RFC's order, and what the gateway does with each:
 * <ol>
 * <li>A response to HEAD, or with status 1xx, 204 or 304, ends with its head, whatever its fields say: {@link #NONE}.
 * </li>
 * <li>A 2xx response to CONNECT turns the connection into a tunnel: {@link #NONE} for the message. (The gateway
 *     refuses CONNECT with 501, so its decoders never ask; the rule is here so the decision is complete.)</li>
 * <li>Transfer-Encoding with Content-Length "ought to be handled as an error": refused
 *     ({@link FramingRefusal#LENGTH_AND_CHUNKED}). Before that, Transfer-Encoding in an HTTP/1.0 message is refused
 *     even beside Content-Length (§6.1: its framing is faulty).</li>
 * <li>Transfer-Encoding ending in chunked: {@link #CHUNKED}. Any other coding list is refused (for a request §6.3
 *     says 400; a response would run to the close, but the gateway could not forward its coding).</li>
 * <li>An invalid Content-Length is an unrecoverable error: refused when the field is read, see {@link FramingFields}.
 * </li>
 * <li>A valid Content-Length: {@link #LENGTH}, or {@link #NONE} for zero.</li>
 * <li>A request with neither field has no body: {@link #NONE}.</li>
 * <li>A response with neither runs to the close of the connection: {@link #CLOSE}.</li>
 * </ol>
 * The smuggling rules these enforce are HAProxy's and nginx's for HTTP/1.1 (docs/gateway.md, "Safety rules").
 */
public enum Framing implements FramingDecision {
    /** No body. */
    NONE,
    /** Exactly Content-Length bytes. */
    LENGTH,
    /** The chunked transfer coding (RFC 9112 §7.1), read by {@link ChunkedBody}. */
    CHUNKED,
    /** Everything until the connection closes (responses only). */
    CLOSE;

    /** The framing of a request whose head had {@code fields}. */
    public static FramingDecision ofRequest(FramingFields fields, boolean http11) {
        if (fields.hasTransferEncoding()) {
            return chunked(fields, http11);
        }
        return fields.contentLength() > 0 ? LENGTH : NONE;
    }

    /**
     * The framing of a response with {@code status} whose head had {@code fields}, answering a HEAD request or a
     * CONNECT request as the flags say.
     */
    public static FramingDecision ofResponse(FramingFields fields, int status, boolean http11, boolean answersHead,
        boolean answersConnect) {
        if (answersHead || status < 200 || status == 204 || status == 304 || answersConnect && status < 300) {
            return NONE;
        }
        if (fields.hasTransferEncoding()) {
            return chunked(fields, http11);
        }
        if (fields.hasContentLength()) {
            return fields.contentLength() == 0 ? NONE : LENGTH;
        }
        return CLOSE;
    }

    private static FramingDecision chunked(FramingFields fields, boolean http11) {
        if (!http11) {
            return FramingRefusal.CHUNKED_IN_HTTP_1_0;
        }
        if (fields.hasContentLength()) {
            return FramingRefusal.LENGTH_AND_CHUNKED;
        }
        FramingRefusal codings = fields.codingRefusal();
        return codings == null ? CHUNKED : codings;
    }
}
