package dev.horizon.gateway.internal;

import io.netty.handler.codec.http.HttpResponseStatus;
import java.util.Objects;

/**
 * A request that {@link StrictRequestDecoder} refused, emitted in place of (or, for a framing error inside a chunked
 * body, after part of) the request. The connection is unusable afterwards: the decoder discards all further input,
 * and the handler after it answers with {@link #status} and closes.
 *
 * @param status the response status: 400, 414, 431, 501 or 505
 * @param reason a short human reason such as {@code both Content-Length and Transfer-Encoding}; it never echoes
 *               bytes of the request, so it is safe to log and to put in a response body
 */
public record RequestRejected(HttpResponseStatus status, String reason) {

    /** Requires both components. */
    public RequestRejected {
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(reason, "reason");
    }

    static RequestRejected badRequest(String reason) {
        return new RequestRejected(HttpResponseStatus.BAD_REQUEST, reason);
    }
}
