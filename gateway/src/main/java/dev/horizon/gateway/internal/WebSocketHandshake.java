package dev.horizon.gateway.internal;

import static dev.horizon.gateway.internal.RequestRejected.badRequest;

import dev.horizon.gateway.internal.http1.Framing;
import io.netty.handler.codec.http.HttpMethod;
import java.util.Base64;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The checks the gateway makes on a client's WebSocket opening handshake (RFC 6455 §4.1, §4.2.1) before it routes
 * it: a request with {@code Upgrade: websocket} and the Connection option {@code upgrade} must be a {@code GET} in
 * HTTP/1.1 without a body, with one {@code Sec-WebSocket-Key} that is the base64 form of 16 bytes and a
 * {@code Sec-WebSocket-Version}. Anything else is answered 400 and never reaches an endpoint. Which versions are
 * spoken, the subprotocols and the extensions are the endpoint's to decide (it answers {@code 426} with the versions
 * it knows, §4.4), so the gateway passes those fields on as they are.
 */
final class WebSocketHandshake {

    private static final String KEY = "sec-websocket-key";
    private static final String VERSION = "sec-websocket-version";

    private WebSocketHandshake() {
    }

    /**
     * Null when the handshake may go on to an endpoint, else the 400 to answer.
     *
     * @param fields the head's field lines as name, value, name, value…
     */
    static @Nullable RequestRejected check(HttpMethod method, boolean http11, Framing framing,
        List<CharSequence> fields) {
        if (!method.equals(HttpMethod.GET)) {
            return badRequest("WebSocket handshake with method " + method.name() + " (expected: GET)");
        }
        if (!http11) {
            return badRequest("WebSocket handshake in HTTP/1.0 (expected: HTTP/1.1)");
        }
        if (framing != Framing.NONE) {
            return badRequest("WebSocket handshake with a body");
        }
        CharSequence key = null;
        boolean version = false;
        for (int i = 0; i < fields.size(); i += 2) {
            String name = fields.get(i).toString();
            if (name.equalsIgnoreCase(KEY)) {
                if (key != null) {
                    return badRequest("WebSocket handshake with two Sec-WebSocket-Key fields");
                }
                key = fields.get(i + 1);
            } else if (name.equalsIgnoreCase(VERSION)) {
                version = true;
            }
        }
        if (key == null || !isNonce(key)) {
            return badRequest(key == null ? "WebSocket handshake without Sec-WebSocket-Key"
                : "WebSocket handshake with an invalid Sec-WebSocket-Key (expected: 16 bytes in base64)");
        }
        return version ? null : badRequest("WebSocket handshake without Sec-WebSocket-Version");
    }

    /** Whether {@code key} is 16 bytes in base64 (24 characters, RFC 6455 §4.1 item 7). */
    private static boolean isNonce(CharSequence key) {
        if (key.length() != 24) {
            return false;
        }
        try {
            return Base64.getDecoder().decode(key.toString()).length == 16;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }
}
