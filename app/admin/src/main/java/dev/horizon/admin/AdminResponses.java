package dev.horizon.admin;

import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import java.nio.charset.StandardCharsets;

/** The admin API's answers: a JSON document (ending in a newline), an error, or plain text. */
final class AdminResponses {

    static final String TEXT = "text/plain; charset=utf-8";

    private AdminResponses() {
    }

    /** {@code document} as {@code application/json}. */
    static FullHttpResponse json(HttpResponseStatus status, String document) {
        return text(status, document + "\n", "application/json");
    }

    /** {@code {"error":MESSAGE}} with {@code status}. */
    static FullHttpResponse error(HttpResponseStatus status, String message) {
        return json(status, AdminJson.error(message));
    }

    /** {@code body} as 200 with the content type {@code type}. */
    static FullHttpResponse text(String body, String type) {
        return text(HttpResponseStatus.OK, body, type);
    }

    static FullHttpResponse text(HttpResponseStatus status, String body, String type) {
        FullHttpResponse r = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status,
            Unpooled.copiedBuffer(body, StandardCharsets.UTF_8));
        r.headers().set(HttpHeaderNames.CONTENT_TYPE, type).set(HttpHeaderNames.CONTENT_LENGTH,
            r.content().readableBytes());
        return r;
    }
}
