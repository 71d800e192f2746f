package dev.horizon.gateway.internal;

import dev.horizon.gateway.Route;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpVersion;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The state of one request while {@link ProxyHandler} serves it: what was asked, which attempt is under way on which
 * backend connection, what has been sent each way, and why the gateway answered itself if it did. Confined to the
 * client connection's event loop.
 */
final class Exchange {

    final Snapshot snapshot;
    final ParsedRequest request;
    final RequestView view;
    final String requestId;
    final ForwardedHeaders.Client client;
    final long startNanos;
    final long startMillis;
    final boolean head;
    final boolean http10;
    final boolean keepAlive;
    /** Request body pieces held for a retry or until a backend connection is attached; most requests hold none. */
    private @Nullable List<HttpContent> body;
    final List<String> tried = new ArrayList<>(2);
    @Nullable Route route;
    @Nullable ServiceRuntime service;
    ServiceRuntime.@Nullable Member member;
    @Nullable Channel backend;
    /** The client-bound response head, complete but not yet written (see ProxyHandler#onBackendHead). */
    @Nullable ByteBuf pendingHead;
    String cause = "";
    long bodyBytes;
    long bytesOut;
    long attemptStartNanos;
    /** When either side last moved: a read from the endpoint, or a piece of request body from the client. */
    long lastActivity;
    int attempts;
    int retryTokens;
    int status;
    boolean retryable;
    boolean buffering;
    boolean chunkedBody;
    boolean requestComplete;
    boolean attached;
    boolean responseStarted;
    /** Whether the response goes to the client chunked (the endpoint's was chunked or close-delimited). */
    boolean clientChunked;
    /** Whether a chunk of the request (response) body has been sent and awaits its closing CRLF. */
    boolean requestChunkOpen;
    boolean responseChunkOpen;
    boolean backendKeepAlive;
    /** Whether writing the request to the endpoint failed (it stopped reading): the rest of the body is dropped. */
    boolean uploadFailed;
    /** Whether the gateway answered before a request line was read: the log names no method or path. */
    boolean noRequestLine;
    @Nullable String stickyFrom;

    /** Holds a piece of the request body. */
    void hold(HttpContent content) {
        List<HttpContent> held = body;
        if (held == null) {
            held = new ArrayList<>(2);
            body = held;
        }
        held.add(content);
    }

    /** The pieces held, in order. */
    List<HttpContent> held() {
        List<HttpContent> held = body;
        return held == null ? List.of() : held;
    }

    /** Forgets the pieces held, releasing them when {@code release}. */
    void clearHeld(boolean release) {
        List<HttpContent> held = body;
        if (held != null) {
            if (release) {
                for (int i = 0; i < held.size(); i++) {
                    held.get(i).release();
                }
            }
            held.clear();
        }
    }

    Exchange(Snapshot snapshot, ParsedRequest request, String requestId, ForwardedHeaders.Client client,
        long startNanos, long startMillis) {
        this.snapshot = snapshot;
        this.startNanos = startNanos;
        this.startMillis = startMillis;
        this.lastActivity = startNanos;
        this.request = request;
        this.view = new RequestView(request);
        this.requestId = requestId;
        this.client = client;
        this.head = request.method().equals(HttpMethod.HEAD);
        this.http10 = request.protocolVersion().equals(HttpVersion.HTTP_1_0);
        this.keepAlive = request.keepAlive();
    }
}
