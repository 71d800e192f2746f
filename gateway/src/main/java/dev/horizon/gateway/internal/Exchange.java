package dev.horizon.gateway.internal;

import dev.horizon.gateway.Route;
import io.netty.channel.Channel;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpUtil;
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
    final HttpRequest request;
    final RequestView view;
    final String requestId;
    final ForwardedHeaders.Client client;
    final long startNanos = System.nanoTime();
    final long startMillis = System.currentTimeMillis();
    final boolean head;
    final boolean keepAlive;
    final List<HttpContent> body = new ArrayList<>(2);
    final List<String> tried = new ArrayList<>(2);
    @Nullable Route route;
    @Nullable ServiceRuntime service;
    ServiceRuntime.@Nullable Member member;
    @Nullable Channel backend;
    String cause = "";
    long bodyBytes;
    long bytesOut;
    long attemptStartNanos;
    long lastBackendActivity;
    int attempts;
    int retryTokens;
    int status;
    boolean retryable;
    boolean buffering;
    boolean chunkedBody;
    boolean requestComplete;
    boolean attached;
    boolean responseStarted;
    boolean informational;
    boolean backendKeepAlive;
    boolean discarding;
    boolean answered;
    @Nullable String stickyFrom;

    Exchange(Snapshot snapshot, HttpRequest request, String requestId, ForwardedHeaders.Client client) {
        this.snapshot = snapshot;
        this.request = request;
        this.view = new RequestView(request);
        this.requestId = requestId;
        this.client = client;
        this.head = request.method().equals(HttpMethod.HEAD);
        this.keepAlive = HttpUtil.isKeepAlive(request);
    }
}
