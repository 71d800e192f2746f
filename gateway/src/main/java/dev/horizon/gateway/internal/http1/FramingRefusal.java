package dev.horizon.gateway.internal.http1;

/**
 * Why a message's framing fields leave its body length open to more than one reading: each is an invitation to
 * request smuggling or response splitting (RFC 9112 §11.1, §11.2), so the gateway forwards no such message. The
 * request decoder answers them with 400 (501 for {@link #UNSUPPORTED_CODING}), the response decoder with 502.
 */
public enum FramingRefusal implements FramingDecision {
    /** Content-Length is not {@code 1*DIGIT} fitting a long, or (responses) not a list of identical ones (§6.3 5). */
    INVALID_CONTENT_LENGTH("invalid Content-Length"),
    /** A request with a second Content-Length field, even an equal one (as HAProxy refuses it; RFC 9112 §6.3). */
    MULTIPLE_CONTENT_LENGTH("multiple Content-Length headers"),
    /** A response whose Content-Length fields differ (RFC 9112 §6.3 item 5). */
    DIFFERING_CONTENT_LENGTH("differing Content-Length values"),
    /** A response's Transfer-Encoding other than one field reading {@code chunked}. */
    UNSUPPORTED_TRANSFER_ENCODING("unsupported Transfer-Encoding"),
    /** Transfer-Encoding in an HTTP/1.0 message: its framing is faulty (RFC 9112 §6.1), even beside Content-Length. */
    CHUNKED_IN_HTTP_1_0("Transfer-Encoding in HTTP/1.0 request"),
    /** Both framing fields (RFC 9112 §6.3 item 3: "ought to be handled as an error"). */
    LENGTH_AND_CHUNKED("both Content-Length and Transfer-Encoding"),
    /** A transfer coding that is not a token. */
    INVALID_CODING("invalid Transfer-Encoding"),
    /** Transfer-Encoding fields without a coding. */
    EMPTY_CODINGS("empty Transfer-Encoding"),
    /** A request whose last coding is not chunked: its length cannot be determined (RFC 9112 §6.3 item 4). */
    CHUNKED_NOT_LAST("Transfer-Encoding does not end with chunked"),
    /** chunked applied twice (RFC 9112 §6.1: a sender must not). */
    CHUNKED_TWICE("chunked applied more than once"),
    /** A request coding before chunked, which the gateway would have to decode (RFC 9112 §6.1: 501). */
    UNSUPPORTED_CODING("transfer coding not supported");

    private final String reason;

    FramingRefusal(String reason) {
        this.reason = reason;
    }

    /** A short reason that never echoes the message's bytes, worded for a request. */
    public String reason() {
        return reason;
    }
}
