package dev.horizon.demo;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.ByteBuffer;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;
import org.jspecify.annotations.Nullable;

/**
 * Jetty's own error responses in the shop's format, {@code {"error":"…"}}, instead of its HTML page: a 431 for a
 * header or cookie too large, a 400 for a request Jetty cannot parse, a 500 for an exception that escaped the
 * servlet. Installed on the server (errors before any context, such as bad messages) and on the servlet context.
 *
 * <p>Implementation notes. Jetty 12's {@link ErrorHandler#handle} sets the status, the cache control and skips HEAD
 * and body-less statuses, then calls {@link #generateResponse}, which would negotiate HTML, JSON or plain text from
 * {@code Accept}; this handler replaces only that last step. Jetty's message for a 4xx says what was wrong (it names
 * no secrets) and is kept, cut to {@link Excerpt#MAX} characters since it may quote the request; for a 5xx only the
 * status text is sent, as the exception's text is for the log, not the client.
 */
final class JsonErrorHandler extends ErrorHandler {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Override
    protected void generateResponse(Request request, Response response, int code, @Nullable String message,
                                    @Nullable Throwable cause, Callback callback) throws JsonProcessingException {
        String text = code >= 500 || message == null || message.isBlank() ? HttpStatus.getMessage(code)
            : Excerpt.of(message);
        byte[] body = JSON.writeValueAsBytes(JsonObject.of("error", text));
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json");
        response.getHeaders().put(HttpHeader.CONTENT_LENGTH, body.length);
        response.write(true, ByteBuffer.wrap(body), callback);
    }
}
