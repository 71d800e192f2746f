package dev.horizon.gateway.internal;

import dev.horizon.gateway.internal.http1.Framing;
import io.netty.handler.codec.http.DefaultHttpHeadersFactory;
import io.netty.handler.codec.http.DefaultHttpRequest;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpVersion;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * A request head as {@link StrictRequestDecoder} accepted it, with the facts the proxy needs on every request worked
 * out once while the head was parsed, instead of looked up again in its header map: how the body is framed, whether
 * the connection stays open, whether the client waits for {@code 100 Continue}, its Host and X-Request-Id values.
 */
final class ParsedRequest extends DefaultHttpRequest {

    private final Framing framing;
    private final boolean keepAlive;
    private final boolean expectContinue;
    private final boolean webSocket;
    private final String host;
    private final @Nullable String requestId;
    private final Set<String> connectionTokens;

    /** The request whose head {@code head} just accepted, with its header fields {@code headers}. */
    ParsedRequest(RequestHeadParser head, HttpHeaders headers) {
        super(head.version(), head.method(), head.uri(), headers);
        this.framing = head.framing();
        this.keepAlive = head.keepAlive();
        this.expectContinue = head.expectContinue();
        this.webSocket = head.webSocket();
        this.host = head.host();
        this.requestId = head.requestId();
        this.connectionTokens = head.connectionTokens();
    }

    private ParsedRequest(HttpMethod method, String uri) {
        super(HttpVersion.HTTP_1_1, method, uri, DefaultHttpHeadersFactory.headersFactory().newHeaders());
        this.framing = Framing.NONE;
        this.keepAlive = false;
        this.expectContinue = false;
        this.webSocket = false;
        this.host = "";
        this.requestId = null;
        this.connectionTokens = Set.of();
    }

    /** A request with no header fields, which the connection closes after: what a synthetic answer goes with. */
    static ParsedRequest closing() {
        return closing(HttpMethod.GET, "/");
    }

    /** Like {@link #closing()}, for a request whose request line was read before its head failed. */
    static ParsedRequest closing(HttpMethod method, String uri) {
        return new ParsedRequest(method, uri);
    }

    Framing framing() {
        return framing;
    }

    boolean hasBody() {
        return framing != Framing.NONE;
    }

    boolean chunked() {
        return framing == Framing.CHUNKED;
    }

    /** Whether the connection may serve another request after this one (RFC 9112 §9.3). */
    boolean keepAlive() {
        return keepAlive;
    }

    /** Whether an HTTP/1.1 client sent {@code Expect: 100-continue}. */
    boolean expectContinue() {
        return expectContinue;
    }

    /** Whether this is a WebSocket opening handshake that passed {@link WebSocketHandshake}'s checks. */
    boolean webSocket() {
        return webSocket;
    }

    /** The Host field's value as received; empty when absent. */
    String host() {
        return host;
    }

    /** The options of the Connection fields other than close and keep-alive, lower case: more hop-by-hop fields. */
    Set<String> connectionTokens() {
        return connectionTokens;
    }

    /** The X-Request-Id field's value as received, or null. */
    @Nullable String requestId() {
        return requestId;
    }
}
