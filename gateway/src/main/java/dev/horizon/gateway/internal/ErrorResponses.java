package dev.horizon.gateway.internal;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufUtil;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.nio.charset.StandardCharsets;

/**
 * The gateway's own answers (no route, no endpoint, bad gateway, timeouts, malformed requests): a small JSON body
 * that names the cause, so a client or an operator reading a log sees why without guessing.
 */
final class ErrorResponses {

    private ErrorResponses() {
    }

    /**
     * A complete response, head and body, as bytes: {@code {"status":N,"error":"Reason Phrase","cause":"...",
     * "request_id":"..."}}.
     *
     * @param close       whether to add {@code Connection: close}
     * @param headRequest whether it answers a HEAD request, which gets the head alone
     */
    static ByteBuf of(ByteBufAllocator alloc, HttpResponseStatus status, String cause, String requestId,
        boolean close, boolean headRequest) {
        return of(alloc, status, body(status, cause, requestId), requestId, close, headRequest);
    }

    /** The JSON body of an answer: {@code {"status":N,"error":"Reason Phrase","cause":"...","request_id":"..."}}. */
    static byte[] body(HttpResponseStatus status, String cause, String requestId) {
        return ("{\"status\":" + status.code() + ",\"error\":" + Json.quote(status.reasonPhrase())
            + ",\"cause\":" + Json.quote(cause) + ",\"request_id\":" + Json.quote(requestId) + "}\n")
            .getBytes(StandardCharsets.UTF_8);
    }

    /** A complete response with {@code json} (from {@link #body}) as its body. */
    static ByteBuf of(ByteBufAllocator alloc, HttpResponseStatus status, byte[] json, String requestId,
        boolean close, boolean headRequest) {
        return of(alloc, status, json, requestId, close, headRequest, "");
    }

    /** A complete response with {@code json} as its body and {@code fields} (lines ending in CRLF) in its head. */
    static ByteBuf of(ByteBufAllocator alloc, HttpResponseStatus status, byte[] json, String requestId,
        boolean close, boolean headRequest, String fields) {
        ByteBuf out = alloc.buffer(256 + json.length + fields.length());
        ByteBufUtil.writeAscii(out, "HTTP/1.1 " + status.code() + " " + status.reasonPhrase() + "\r\n");
        ForwardedHeaders.field(out, HttpHeaderNames.CONTENT_TYPE, HttpHeaderValues.APPLICATION_JSON);
        ForwardedHeaders.field(out, HttpHeaderNames.CONTENT_LENGTH, Integer.toString(json.length));
        ForwardedHeaders.field(out, HttpHeaderNames.CACHE_CONTROL, HttpHeaderValues.NO_STORE);
        if (!requestId.isEmpty()) {
            ForwardedHeaders.field(out, ForwardedHeaders.X_REQUEST_ID, requestId);
        }
        ByteBufUtil.writeAscii(out, fields);
        if (close) {
            ForwardedHeaders.field(out, HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
        }
        out.writeByte('\r').writeByte('\n');
        if (!headRequest) {
            out.writeBytes(json);
        }
        return out;
    }
}
