package dev.horizon.gateway.internal;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import java.nio.charset.StandardCharsets;

/**
 * The gateway's own answers (no route, no endpoint, bad gateway, timeouts, malformed requests): a small JSON body
 * that names the cause, so a client or an operator reading a log sees why without guessing.
 */
final class ErrorResponses {

    private ErrorResponses() {
    }

    /**
     * A complete response: {@code {"status":N,"error":"Reason Phrase","cause":"...","request_id":"..."}}.
     *
     * @param close whether to add {@code Connection: close}
     */
    static FullHttpResponse of(ByteBufAllocator alloc, HttpResponseStatus status, String cause, String requestId,
        boolean close) {
        String json = "{\"status\":" + status.code() + ",\"error\":" + Json.quote(status.reasonPhrase())
            + ",\"cause\":" + Json.quote(cause) + ",\"request_id\":" + Json.quote(requestId) + "}\n";
        ByteBuf body = alloc.buffer(json.length()).writeBytes(json.getBytes(StandardCharsets.UTF_8));
        FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status, body);
        response.headers()
            .set(HttpHeaderNames.CONTENT_TYPE, HttpHeaderValues.APPLICATION_JSON)
            .set(HttpHeaderNames.CONTENT_LENGTH, body.readableBytes())
            .set(HttpHeaderNames.CACHE_CONTROL, HttpHeaderValues.NO_STORE);
        if (!requestId.isEmpty()) {
            response.headers().set(ForwardedHeaders.X_REQUEST_ID, requestId);
        }
        if (close) {
            response.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
        }
        return response;
    }
}
