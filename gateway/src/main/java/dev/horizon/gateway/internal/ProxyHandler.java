package dev.horizon.gateway.internal;

import dev.horizon.balance.Endpoint;
import dev.horizon.balance.OutlierDetector.Outcome;
import dev.horizon.gateway.Route;
import dev.horizon.gateway.ServiceConfig;
import dev.horizon.gateway.Sticky;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.EventLoop;
import io.netty.channel.socket.ChannelInputShutdownEvent;
import io.netty.channel.socket.DuplexChannel;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.codec.http.cookie.DefaultCookie;
import io.netty.handler.codec.http.cookie.ServerCookieEncoder;
import io.netty.util.ReferenceCountUtil;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.List;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * The reverse proxy for one client connection: routes each request, picks an endpoint, streams the request to it over
 * a pooled keep-alive connection and streams the response back, retrying where that is safe, and answers every
 * request — with the endpoint's response or with a JSON error naming the cause — in order.
 *
 * <p>Implementation notes. Requests on a connection are served one at a time (pipelined requests wait, decoded, in a
 * queue while the client's reads are paused), which keeps responses in order without reordering buffers. The client
 * and the backend connection live on the same event loop, so backpressure is two flags: a full client socket pauses
 * reads from the backend and a full backend socket pauses reads from the client. A request that may be retried
 * (idempotent, no {@code Expect: 100-continue}) is held until its body is complete, up to
 * {@value #REPLAY_LIMIT} bytes, so a retry can send it again; a larger body is streamed and then only a connect
 * failure is retried, because nothing reached an endpoint. Retries go to an endpoint not tried yet, under the
 * service's retry budget.
 *
 * <p>Both directions travel as bytes: the backend request head is serialized once from the decoded request
 * ({@link ForwardedHeaders#writeBackendHead}), the response head arrives from {@link BackendResponseDecoder} already
 * holding the client-bound status line and fields, and bodies pass as the received buffers, re-chunked ({@link Chunks})
 * only where the framing changes. Data-path writes use the channel's void promise: a failed write surfaces as an
 * exception on that channel, which closes it, and the close ends the exchange.
 */
final class ProxyHandler extends ChannelDuplexHandler implements BackendPool.BackendListener {

    /** Largest request body held for a possible retry. */
    static final int REPLAY_LIMIT = 64 * 1024;
    /** Lingering close: the longest the unread rest of a request is read and dropped after the answer. */
    static final long LINGER_TIME_NANOS = TimeUnit.SECONDS.toNanos(10);
    /** Lingering close: how long the client may stay silent before the connection is closed anyway. */
    static final long LINGER_IDLE_NANOS = TimeUnit.SECONDS.toNanos(2);
    /** Lingering close: the most request-body bytes dropped before the connection is closed anyway. */
    static final long LINGER_BYTES = 8L * 1024 * 1024;

    private static final byte[] CONTINUE = ascii("HTTP/1.1 100 Continue\r\n\r\n");
    private static final byte[] TRANSFER_ENCODING_CHUNKED = ascii("transfer-encoding: chunked\r\n");
    private static final byte[] VIA = ascii("via: " + ForwardedHeaders.VIA_VALUE + "\r\n");
    private static final byte[] CONNECTION_CLOSE = ascii("connection: close\r\n");
    private static final byte[] CONNECTION_KEEP_ALIVE = ascii("connection: keep-alive\r\n");
    private static final short CRLF = (short) 0x0D0A;

    private final Supplier<Snapshot> snapshots;
    private final BackendPool pool;
    private final ExchangeLog log;
    private final StickyCookies sticky;
    private final GatewayClock clock;
    private final ArrayDeque<Object> pipelined = new ArrayDeque<>();
    private final ReusableBuffer backendHeads = new ReusableBuffer();
    private final HeadBuilder headBuilder = new HeadBuilder();
    private @Nullable ChannelHandlerContext ctx;
    private @Nullable Exchange ex;
    private @Nullable ScheduledFuture<?> watchdog;
    private long awaitingHeadSince;
    private long firstByteNanos;
    private boolean sawBytes;
    private boolean closeAfterResponse;
    /** Whether a request head was ever read here: the first one must arrive within the request-headers timeout. */
    private boolean servedRequest;
    /** Whether the client shut down its sending side (FIN): what it sent is answered, then the connection closes. */
    private boolean inputClosed;
    /** Lingering close (see {@link #linger}): the answer is out and what the client still sends is dropped. */
    private boolean lingering;
    private long lingerDeadline;
    private long lingerLastRead;
    private long lingerBytes;
    /** Closing after a flush (see {@link #closeAfterFlush}): nothing more is read or answered. */
    private boolean closing;
    private long closingSince;
    /**
     * Whether the connection waits for a request head (since {@link #awaitingHeadSince}). Written on the event loop,
     * read racily with that time by the connection limit's eviction on the acceptor's thread: a stale read only picks
     * a worse victim, and the eviction checks again on the loop before closing (plain fields: no per-request fence).
     */
    private boolean waiting;
    /** The client as resolved for the last request, kept while the peer is not a trusted proxy of the snapshot. */
    private ForwardedHeaders.@Nullable Client untrustedClient;
    private @Nullable TrustedProxies untrustedUnder;

    ProxyHandler(Supplier<Snapshot> snapshots, BackendPool pool, ExchangeLog log, StickyCookies sticky,
        GatewayClock clock) {
        this.snapshots = snapshots;
        this.pool = pool;
        this.log = log;
        this.sticky = sticky;
        this.clock = clock;
    }

    // ---- client side ----

    @Override
    public void handlerAdded(ChannelHandlerContext context) {
        this.ctx = context;
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext context) {
        backendHeads.release();
    }

    @Override
    public void channelActive(ChannelHandlerContext context) {
        awaitHead(clock.nanos());
        scheduleWatchdog();
        context.fireChannelActive();
    }

    /** Shutdown: close this connection now if it is between requests, else right after the current response. */
    void drain() {
        closeAfterResponse = true;
        if (ex == null) {
            channel().close();
        }
    }

    /** Called by {@link StrictRequestDecoder} for every raw read, before decoding: the client is sending something. */
    void bytesArrived() {
        if (!sawBytes) {
            sawBytes = true;
            firstByteNanos = clock.nanos();
        }
    }

    @Override
    public void channelRead(ChannelHandlerContext context, Object msg) {
        if (lingering || closing) {
            lingerRead(msg);
            return;
        }
        Exchange current = ex;
        if (current != null && current.requestComplete) {
            pipelined.add(msg);
            readClient(false);
            return;
        }
        if (msg instanceof RequestRejected rejected) {
            onRejected(rejected);
        } else if (msg instanceof ParsedRequest request) {
            onRequestHead(request);
            if (msg instanceof HttpContent content) {
                onRequestContent(content);
            }
        } else if (msg instanceof HttpContent content) {
            onRequestContent(content);
        } else {
            ReferenceCountUtil.release(msg);
        }
    }

    private void onRejected(RequestRejected rejected) {
        Exchange current = ex;
        closeAfterResponse = true;
        if (current == null) {
            answer(syntheticExchange(), rejected.status(), rejected.reason());
        } else if (current.responseStarted) {
            current.cause = rejected.reason();
            abortBackend(current);
            channel().close();
        } else {
            current.requestComplete = true;
            answer(current, rejected.status(), rejected.reason());
        }
    }

    /** An exchange for an answer that has no request to go with (a malformed head, a head timeout). */
    private Exchange syntheticExchange() {
        Snapshot snapshot = snapshots.get();
        StrictRequestDecoder decoder = ctx().pipeline().get(StrictRequestDecoder.class);
        StrictRequestDecoder.RequestLine line = decoder == null ? null : decoder.requestLineSoFar();
        ParsedRequest none = line == null ? ParsedRequest.closing()
            : ParsedRequest.closing(HttpMethod.valueOf(line.method()), line.target());
        long now = clock.nanos();
        long start = sawBytes ? firstByteNanos : awaitingHeadSince;
        Exchange synthetic = new Exchange(snapshot, none, ForwardedHeaders.newRequestId(),
            clientOf(none.headers(), snapshot), start, clock.epochMillis() - (now - start) / 1_000_000);
        synthetic.noRequestLine = line == null;
        synthetic.requestComplete = true;
        ex = synthetic;
        return synthetic;
    }

    private ForwardedHeaders.Client clientOf(HttpHeaders headers, Snapshot snapshot) {
        TrustedProxies trusted = snapshot.trusted();
        ForwardedHeaders.Client cached = untrustedClient;
        if (cached != null && untrustedUnder == trusted) {
            return cached;
        }
        ForwardedHeaders.Client client = ForwardedHeaders.client((InetSocketAddress) channel().remoteAddress(),
            headers, trusted);
        if (!client.trustedPeer()) {
            untrustedClient = client;
            untrustedUnder = trusted;
        }
        return client;
    }

    private void onRequestHead(ParsedRequest request) {
        Snapshot snapshot = snapshots.get();
        String incomingId = request.requestId();
        String requestId = incomingId != null && ForwardedHeaders.isAcceptableRequestId(incomingId)
            ? incomingId : ForwardedHeaders.newRequestId();
        Exchange e = new Exchange(snapshot, request, requestId, clientOf(request.headers(), snapshot),
            sawBytes ? firstByteNanos : clock.nanos(), clock.epochMillis());
        ex = e;
        servedRequest = true;
        waiting = false;
        Route route = snapshot.router().route(e.view);
        if (route == null) {
            answer(e, HttpResponseStatus.NOT_FOUND,
                "no route for host '" + e.view.host() + "' and path '" + e.view.path() + "'");
            return;
        }
        ServiceRuntime service = snapshot.services().get(route.service());
        if (service == null) {
            answer(e, HttpResponseStatus.SERVICE_UNAVAILABLE, "route " + route.name() + " names no known service");
            return;
        }
        e.route = route;
        e.service = service;
        service.requestStarted();
        ServiceConfig config = service.config();
        e.chunkedBody = request.chunked();
        boolean idempotent = isIdempotent(request.method());
        e.retryable = config.retries().attempts() > 0 && (idempotent || config.retries().nonIdempotent());
        e.buffering = e.retryable && !request.expectContinue();
        if (!e.buffering) {
            startAttempt(e);
        }
    }

    private void onRequestContent(HttpContent content) {
        Exchange e = ex;
        if (e == null) {
            content.release();
            return;
        }
        boolean last = content instanceof LastHttpContent;
        if (e.uploadFailed) {
            // the endpoint stopped reading: its answer is still to come, the rest of the body goes nowhere
            content.release();
            e.requestComplete |= last;
            return;
        }
        int n = content.content().readableBytes();
        if (n > 0) {
            e.bodyBytes += n;
            e.lastActivity = clock.nanos();
        }
        if (last) {
            e.requestComplete = true;
        }
        if (e.buffering && e.bodyBytes > REPLAY_LIMIT) {
            e.buffering = false;
            e.retryable = false;
            e.hold(content);
            startAttempt(e);
            return;
        }
        Channel backend = e.backend;
        if (e.attached && backend != null) {
            writeBody(e, backend, content);
            if (last || !backend.isWritable()) {
                backend.flush();
            }
            // after the flush: a flush that drains the socket already fired the writable event (and a flush that
            // failed shut the output down, so the rest of the body is to be read and dropped, not paused)
            if (!e.uploadFailed) {
                readClient(backend.isWritable());
            }
        } else if (last && !e.chunkedBody && content == LastHttpContent.EMPTY_LAST_CONTENT) {
            // nothing to send: a body without chunks ends where its length says
            if (e.buffering) {
                startAttempt(e);
            }
        } else {
            e.hold(content);
            if (e.buffering && last) {
                startAttempt(e);
            } else if (!e.buffering && e.bodyBytes > REPLAY_LIMIT) {
                readClient(false);
            }
        }
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext context) {
        Exchange e = ex;
        Channel backend = e == null ? null : e.backend;
        if (e != null && backend != null && e.attached) {
            backend.flush();
        }
        context.fireChannelReadComplete();
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext context) {
        Exchange e = ex;
        Channel backend = e == null ? null : e.backend;
        if (e != null && backend != null && e.attached) {
            boolean writable = context.channel().isWritable();
            if (writable) {
                // the relay was paused by the client until now: the endpoint's stall clock starts again
                e.lastActivity = clock.nanos();
            }
            backend.config().setAutoRead(writable);
        }
        context.fireChannelWritabilityChanged();
    }

    @Override
    public void channelInactive(ChannelHandlerContext context) {
        cancelWatchdog();
        backendHeads.release();
        Exchange e = ex;
        if (e != null) {
            if (e.cause.isEmpty()) {
                e.cause = "client closed the connection";
            }
            abortBackend(e);
            finish(e);
        }
        while (!pipelined.isEmpty()) {
            ReferenceCountUtil.release(pipelined.poll());
        }
        context.fireChannelInactive();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext context, Throwable cause) {
        context.close();
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext context, Object evt) {
        if (evt instanceof ChannelInputShutdownEvent) {
            onInputClosed();
        }
        context.fireUserEventTriggered(evt);
    }

    /**
     * The client shut down its sending side. Requests it sent in full are answered (HAProxy does; nginx closes at
     * once), then the connection closes; a request cut short can never complete, so it ends here, not charged to
     * the endpoint.
     */
    private void onInputClosed() {
        inputClosed = true;
        Exchange e = ex;
        if (lingering) {
            channel().close();
        } else if (e == null) {
            // between two requests: close once the last answer is out, unless finish() is feeding the pipelined ones
            // (it closes after them)
            if (pipelined.isEmpty() && !closing) {
                closeAfterFlush(clock.nanos());
            }
        } else {
            endIfCutShort(e);
        }
    }

    /** After the client's FIN: a request whose body can never arrive ends here (an answer under way finishes). */
    private void endIfCutShort(Exchange e) {
        if (e.requestComplete) {
            return;
        }
        closeAfterResponse = true;
        if (!e.responseStarted) {
            e.cause = "client closed its side of the connection before the request ended";
            abortBackend(e);
            finish(e);
        }
    }

    // ---- attempts ----

    private void startAttempt(Exchange e) {
        ServiceRuntime service = e.service;
        if (service == null) {
            return;
        }
        e.attempts++;
        Endpoint endpoint = stickyEndpoint(e, service);
        if (endpoint == null) {
            endpoint = service.pick(HashKeys.of(e, service.config()), e.tried);
        }
        if (endpoint == null) {
            answer(e, HttpResponseStatus.SERVICE_UNAVAILABLE,
                "no healthy endpoint in service '" + service.name() + "'");
            return;
        }
        ServiceRuntime.Member member = service.member(endpoint.id());
        if (member == null) {
            answer(e, HttpResponseStatus.SERVICE_UNAVAILABLE, "endpoint " + endpoint.id() + " left the service");
            return;
        }
        e.member = member;
        e.tried.add(member.id());
        e.attached = false;
        e.attemptStartNanos = e.attempts == 1 ? e.startNanos : clock.nanos();
        member.load.requestStarted();
        EventLoop loop = channel().eventLoop();
        Channel pooled = pool.pooled(loop, member.id());
        if (pooled != null) {
            attach(e, pooled);
            return;
        }
        ChannelFuture connect = pool.connect(loop, member.id(), member.address);
        e.backend = connect.channel();
        connect.addListener((ChannelFutureListener) f -> {
            if (ex != e || e.member != member) {
                f.channel().close();
                return;
            }
            if (f.isSuccess()) {
                attach(e, f.channel());
            } else {
                attemptFailed(e, Outcome.CONNECT_FAILURE, true, HttpResponseStatus.BAD_GATEWAY,
                    "connect to " + member.id() + " failed: " + describe(f.cause()));
            }
        });
    }

    private void attach(Exchange e, Channel backend) {
        e.backend = backend;
        e.attached = true;
        e.uploadFailed = false;
        e.backendKeepAlive = false;
        backend.attr(BackendPool.LISTENER).set(this);
        BackendPool.decoder(backend).expectResponseTo(e.head);
        ForwardedHeaders.writeBackendHead(headBuilder.reset(), e.request, e.view.originForm(), e.client, e.requestId,
            e.chunkedBody);
        ByteBuf head = backendHeads.take(backend.alloc(), headBuilder.length());
        headBuilder.writeTo(head);
        backend.write(head, backend.voidPromise());
        e.requestChunkOpen = false;
        List<HttpContent> held = e.held();
        for (int i = 0; i < held.size(); i++) {
            HttpContent c = held.get(i);
            writeBody(e, backend, e.retryable ? c.retainedDuplicate() : c);
        }
        if (!e.retryable) {
            e.clearHeld(false);
        }
        backend.flush();
        follow(backend, channel());
        if (!e.requestComplete && !e.uploadFailed) {
            readClient(backend.isWritable());
        }
        e.lastActivity = e.attemptStartNanos;
    }

    /** Writes a piece of the request body to the backend, chunk-framed when the body is chunked; takes it over. */
    private static void writeBody(Exchange e, Channel backend, HttpContent content) {
        ByteBuf data = content.content();
        boolean last = content instanceof LastHttpContent;
        if (!e.chunkedBody) {
            if (data.isReadable()) {
                backend.write(data, backend.voidPromise());
            } else {
                data.release();
            }
            return;
        }
        if (data.isReadable()) {
            ByteBuf sizeLine = Chunks.sizeLine(backend.alloc(), data.readableBytes(), e.requestChunkOpen);
            backend.write(sizeLine, backend.voidPromise());
            backend.write(data, backend.voidPromise());
            e.requestChunkOpen = true;
        } else {
            data.release();
        }
        if (last) {
            backend.write(Chunks.last(backend.alloc(), e.requestChunkOpen,
                ((LastHttpContent) content).trailingHeaders()), backend.voidPromise());
        }
    }

    // ---- backend side ----

    @Override
    public void onBackendRead(Object msg) {
        Exchange e = ex;
        if (e == null || !e.attached) {
            ReferenceCountUtil.release(msg);
            return;
        }
        if (msg instanceof ByteBuf body) {
            onBackendBody(e, body);
        } else if (msg instanceof BackendResponseDecoder.Head head) {
            onBackendHead(e, head);
        } else if (msg instanceof BackendResponseDecoder.End end) {
            onBackendEnd(e, end);
        } else if (msg instanceof BackendResponseDecoder.Invalid invalid) {
            onBackendInvalid(e, invalid);
        } else {
            ReferenceCountUtil.release(msg);
        }
    }

    private void onBackendHead(Exchange e, BackendResponseDecoder.Head head) {
        int code = head.status();
        if (code < 200) {
            head.release();
            if (code == 100 && !e.responseStarted && e.request.expectContinue()) {
                channel().writeAndFlush(Unpooled.wrappedBuffer(CONTINUE));
            }
            return;
        }
        if ((code == 502 || code == 503 || code == 504) && canRetry(e)) {
            head.release();
            e.cause = "endpoint " + idOf(e) + " answered " + code;
            retryAfterFailure(e, Outcome.GATEWAY_ERROR);
            return;
        }
        e.status = code;
        e.responseStarted = true;
        e.backendKeepAlive = head.keepAlive();
        ByteBuf out = head.content();
        BackendResponseDecoder.Framing framing = head.framing();
        // a response before the whole request body: the client may never send the rest (after Expect: 100-continue),
        // so the connection cannot be trusted to hold a next request where the body should have been
        boolean close = !e.keepAlive || closeAfterResponse || !e.requestComplete && e.request.hasBody();
        e.clientChunked = false;
        e.responseChunkOpen = false;
        if (framing == BackendResponseDecoder.Framing.CHUNKED || framing == BackendResponseDecoder.Framing.CLOSE) {
            if (e.http10) {
                close = true;
            } else {
                e.clientChunked = true;
                out.writeBytes(TRANSFER_ENCODING_CHUNKED);
            }
        }
        ForwardedHeaders.field(out, ForwardedHeaders.X_REQUEST_ID, e.requestId);
        out.writeBytes(VIA);
        addStickyCookie(e, out);
        if (close) {
            closeAfterResponse = true;
            out.writeBytes(CONNECTION_CLOSE);
        } else if (e.http10) {
            out.writeBytes(CONNECTION_KEEP_ALIVE);
        }
        out.writeShort(CRLF);
        // written with the first piece of the body, so that a small response leaves in one buffer
        e.pendingHead = out;
    }

    /** Writes the response head kept back by {@link #onBackendHead}, if it is still waiting. */
    private void writePendingHead(Exchange e) {
        ByteBuf head = e.pendingHead;
        if (head != null) {
            e.pendingHead = null;
            channel().write(head, channel().voidPromise());
        }
    }

    private void onBackendBody(Exchange e, ByteBuf body) {
        if (!e.responseStarted) {
            body.release();
            return;
        }
        int n = body.readableBytes();
        e.bytesOut += n;
        Channel client = channel();
        ByteBuf head = e.pendingHead;
        if (head != null && !e.clientChunked && n <= BackendResponseDecoder.INLINE_BODY_BYTES) {
            e.pendingHead = null;
            client.write(head.writeBytes(body), client.voidPromise());
            body.release();
        } else {
            writePendingHead(e);
            if (e.clientChunked) {
                client.write(Chunks.sizeLine(client.alloc(), n, e.responseChunkOpen), client.voidPromise());
                e.responseChunkOpen = true;
            }
            client.write(body, client.voidPromise());
        }
        if (!client.isWritable()) {
            client.flush();
        }
        Channel backend = e.backend;
        if (backend != null) {
            follow(backend, client);
        }
    }

    private void onBackendEnd(Exchange e, BackendResponseDecoder.End end) {
        if (!e.responseStarted) {
            end.release();
            return;
        }
        Channel client = channel();
        writePendingHead(e);
        if (e.clientChunked) {
            client.write(Chunks.last(client.alloc(), e.responseChunkOpen, end.content()), client.voidPromise());
        }
        end.release();
        client.flush();
        completeAttempt(e, Outcome.ofStatus(e.status));
        finish(e);
    }

    private void onBackendInvalid(Exchange e, BackendResponseDecoder.Invalid invalid) {
        String cause = "endpoint " + idOf(e) + " sent an invalid response: " + invalid.reason();
        ByteBuf unsent = e.pendingHead;
        if (unsent != null) {
            // the head never left: the client can still get a 502, or the request a retry
            e.pendingHead = null;
            unsent.release();
            e.responseStarted = false;
            e.status = 0;
        }
        if (!e.responseStarted) {
            attemptFailed(e, Outcome.RESET, false, HttpResponseStatus.BAD_GATEWAY, cause);
        } else {
            e.cause = cause;
            completeAttempt(e, Outcome.RESET);
            closeAfterResponse = true;
            channel().close();
        }
    }

    @Override
    public void onBackendReadComplete() {
        Exchange e = ex;
        if (e != null && e.attached) {
            e.lastActivity = clock.nanos();
            writePendingHead(e);
        }
        ctx().flush();
    }

    @Override
    public void onBackendClosed() {
        Exchange e = ex;
        if (e == null || !e.attached) {
            return;
        }
        if (!e.responseStarted) {
            attemptFailed(e, Outcome.RESET, false, HttpResponseStatus.BAD_GATEWAY,
                "endpoint " + idOf(e) + " closed the connection before a response");
        } else {
            e.cause = "endpoint " + idOf(e) + " closed the connection mid-response";
            completeAttempt(e, Outcome.RESET);
            closeAfterResponse = true;
            channel().close();
        }
    }

    @Override
    public void onBackendWritable(boolean writable) {
        Exchange e = ex;
        if (e != null && e.attached && !e.requestComplete && !e.uploadFailed) {
            readClient(writable);
        }
    }

    /**
     * Writing the request failed: the endpoint closed or reset its side, typically because it answered early
     * (a 404, 413 or 400 before the body). Its answer may already be in the socket, so reading goes on and the
     * answer is relayed; the client's remaining body is read and dropped instead of stalling it.
     */
    @Override
    public void onBackendWriteFailed() {
        Exchange e = ex;
        if (e == null || !e.attached || e.uploadFailed) {
            return;
        }
        e.uploadFailed = true;
        if (!e.requestComplete) {
            readClient(true);
        }
    }

    /**
     * An attempt failed before a response started: retry elsewhere when allowed, else answer {@code status}.
     *
     * @param nothingSent whether the request never reached the endpoint (a connect failure), which makes even a
     *                    non-idempotent request safe to retry
     */
    private void attemptFailed(Exchange e, Outcome outcome, boolean nothingSent, HttpResponseStatus status,
        String cause) {
        e.cause = cause;
        boolean retry = nothingSent ? canRetryUnsent(e) : canRetry(e);
        if (retry) {
            retryAfterFailure(e, outcome);
        } else {
            completeAttempt(e, outcome);
            if (e.responseStarted) {
                closeAfterResponse = true;
                channel().close();
            } else {
                answer(e, status, cause);
            }
        }
    }

    private void retryAfterFailure(Exchange e, Outcome outcome) {
        completeAttempt(e, outcome);
        startAttempt(e);
    }

    private boolean canRetry(Exchange e) {
        return e.retryable && !e.responseStarted && (e.buffering || e.bodyBytes == 0 && e.requestComplete)
            && takeRetryToken(e);
    }

    /**
     * A connect failure is retried outside the budget: nothing reached an endpoint, so the retry adds no load to an
     * overloaded one, which is what the budget guards against.
     */
    private boolean canRetryUnsent(Exchange e) {
        return !e.responseStarted && attemptsLeft(e);
    }

    private boolean takeRetryToken(Exchange e) {
        ServiceRuntime service = e.service;
        if (service == null || !attemptsLeft(e) || !service.tryStartRetry()) {
            return false;
        }
        e.retryTokens++;
        return true;
    }

    /** Whether the policy allows another attempt and an endpoint not tried yet is eligible. */
    private static boolean attemptsLeft(Exchange e) {
        ServiceRuntime service = e.service;
        return service != null && e.attempts <= service.config().retries().attempts()
            && e.tried.size() < service.balancer().pool().size();
    }

    /**
     * Ends the current attempt: counters, latency, outlier detection, and the connection back to the pool.
     *
     * @param outcome what the endpoint did, or null when the client ended the attempt (it closed, reset, stopped
     *                sending or sent something malformed): that is never charged to the endpoint, as Envoy counts
     *                only upstream failures
     */
    private void completeAttempt(Exchange e, @Nullable Outcome outcome) {
        ServiceRuntime.Member member = e.member;
        ServiceRuntime service = e.service;
        if (member == null || service == null) {
            return;
        }
        long now = clock.nanos();
        member.load.requestFinished();
        if (outcome != null) {
            if (outcome != Outcome.CONNECT_FAILURE) {
                long latency = Math.max(0, now - e.attemptStartNanos);
                member.load.recordLatency(latency, now);
                member.window.record(latency, now);
            }
            service.onResult(member.id(), outcome);
        }
        Channel backend = e.backend;
        boolean clean = outcome != null && outcome != Outcome.RESET && outcome != Outcome.TIMEOUT
            && outcome != Outcome.CONNECT_FAILURE && e.requestComplete && e.backendKeepAlive && e.responseStarted
            && !e.uploadFailed;
        if (backend != null && e.attached) {
            if (clean) {
                pool.release(backend, now);
            } else {
                backend.attr(BackendPool.LISTENER).set(null);
                backend.close();
            }
        } else if (backend != null) {
            backend.close();
        }
        e.backend = null;
        e.attached = false;
        e.member = null;
    }

    /** Ends the attempt under way, if any, because of the client. */
    private void abortBackend(Exchange e) {
        if (e.member != null) {
            completeAttempt(e, null);
        }
    }

    // ---- answers and the end of an exchange ----

    /**
     * Answers the request with a gateway error and finishes it; a request whose body has not all arrived closes the
     * connection after the answer (see {@link #linger}). Every caller whose endpoint failed has already ended the
     * attempt with that outcome, so an attempt still under way here was ended by the client.
     */
    private void answer(Exchange e, HttpResponseStatus status, String cause) {
        abortBackend(e);
        e.cause = cause;
        e.status = status.code();
        boolean bodyPending = !e.requestComplete && e.request.hasBody();
        boolean close = !e.keepAlive || closeAfterResponse || bodyPending;
        if (close) {
            closeAfterResponse = true;
        }
        byte[] json = ErrorResponses.body(status, cause, e.requestId);
        e.bytesOut = e.head ? 0 : json.length;
        channel().writeAndFlush(ErrorResponses.of(channel().alloc(), status, json, e.requestId, close, e.head));
        e.responseStarted = true;
        finish(e);
    }

    private void finish(Exchange e) {
        if (ex != e) {
            return;
        }
        ex = null;
        ReferenceCountUtil.release(e.pendingHead);
        e.pendingHead = null;
        long now = clock.nanos();
        e.clearHeld(true);
        ServiceRuntime service = e.service;
        if (service != null) {
            service.window().record(now - e.startNanos, now);
            service.requestFinished();
            for (int i = 0; i < e.retryTokens; i++) {
                service.retryFinished();
            }
        }
        Route route = e.route;
        ServiceRuntime.Member last = e.tried.isEmpty() || service == null ? null
            : service.member(e.tried.get(e.tried.size() - 1));
        log.record(new ExchangeLog.Entry(e.startMillis, e.requestId, e.client.address(),
            e.noRequestLine ? "" : e.request.method().name(), e.noRequestLine ? "" : e.view.path(),
            route == null ? "" : route.name(),
            service == null ? "" : service.name(), e.status, e.bytesOut, now - e.startNanos,
            last == null ? "" : last.id(), e.attempts, e.cause));
        Channel client = channel();
        if (closeAfterResponse || !e.keepAlive) {
            if (e.requestComplete || inputClosed || !e.request.hasBody()) {
                closeAfterFlush(now);
            } else {
                linger(now);
            }
            return;
        }
        if (!client.isActive()) {
            return;
        }
        readClient(true);
        awaitHead(now);
        // feed queued (pipelined) messages until the next request is complete; the rest wait for its response (and
        // none is served once an answer closed the connection)
        while (!pipelined.isEmpty() && (ex == null || !ex.requestComplete) && !closing && !lingering) {
            channelRead(ctx(), pipelined.poll());
        }
        Exchange next = ex;
        if (closing || lingering) {
            return;
        }
        if (next != null && inputClosed) {
            endIfCutShort(next);
        } else if (next == null && pipelined.isEmpty()) {
            if (inputClosed) {
                closeAfterFlush(now);
            } else {
                client.read();
            }
        }
    }

    /**
     * Closes the connection once what was written has left. A client that does not read its last answer would
     * hold the flush (and the socket) forever, so the watchdog closes it anyway after the idle timeout.
     */
    private void closeAfterFlush(long now) {
        closing = true;
        closingSince = now;
        waiting = false;
        releasePipelined();
        channel().writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(ChannelFutureListener.CLOSE);
    }

    private void releasePipelined() {
        while (!pipelined.isEmpty()) {
            ReferenceCountUtil.release(pipelined.poll());
        }
    }

    /**
     * Lingering close, after an answer that left part of the request unread: the answer is flushed, the sending side
     * shut down (the client sees the response end), and what the client still sends is read and dropped until it
     * closes, stays silent for {@link #LINGER_IDLE_NANOS}, sends {@link #LINGER_BYTES} or {@link #LINGER_TIME_NANOS}
     * pass; then the connection closes. Closing at once would reset the connection with the client's upload unread,
     * and a reset can destroy the answer before the client reads it; never closing leaks the socket. Modelled on
     * nginx's lingering_close (lingering_timeout 5s, lingering_time 30s), with shorter bounds and a byte cap.
     */
    private void linger(long now) {
        lingering = true;
        lingerDeadline = now + LINGER_TIME_NANOS;
        lingerLastRead = now;
        waiting = false;
        releasePipelined();
        Channel client = channel();
        client.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener((ChannelFutureListener) f -> {
            if (f.isSuccess() && !inputClosed && client instanceof DuplexChannel duplex) {
                duplex.shutdownOutput();
            } else {
                client.close();
            }
        });
        readClient(true);
    }

    private void lingerRead(Object msg) {
        if (!lingering) {
            ReferenceCountUtil.release(msg);
            return;
        }
        if (msg instanceof HttpContent content) {
            lingerBytes += content.content().readableBytes();
        }
        ReferenceCountUtil.release(msg);
        lingerLastRead = clock.nanos();
        if (lingerBytes > LINGER_BYTES) {
            channel().close();
        }
    }

    // ---- deadlines ----

    /**
     * Starts waiting for the next request head. The watchdog then closes a connection that stays silent for the idle
     * timeout, and answers 408 to one that started a head but did not finish it within the request-headers timeout
     * (slowloris).
     */
    private void awaitHead(long nowNanos) {
        awaitingHeadSince = nowNanos;
        firstByteNanos = 0;
        sawBytes = false;
        waiting = true;
    }

    /** Whether the connection waits for a request head (silent, idle or trickling one in); any thread, racy. */
    boolean waitingForRequest() {
        return waiting;
    }

    /** Since when {@link #waitingForRequest()} holds, on the gateway's nano clock; any thread, racy. */
    long waitingSince() {
        return awaitingHeadSince;
    }

    /**
     * Closes {@code channel} (this handler's) if it still waits for a request head when its event loop gets to it,
     * after what it has written (the tail of the last response) has left; any thread. It is not picked again.
     */
    void evictIfWaiting(Channel channel) {
        waiting = false;
        channel.eventLoop().execute(() -> {
            if (ex == null && !lingering && !closing && channel.isActive()) {
                closeAfterFlush(clock.nanos());
            }
        });
    }

    /**
     * One task per connection checks every deadline — request head, idle keep-alive, backend response — every quarter
     * of the shortest timeout, instead of a timer per request: each fires at most a quarter of that period late, and
     * a request costs no timer at all.
     */
    private void scheduleWatchdog() {
        var timeouts = snapshots.get().config().timeouts();
        long shortest = Math.min(timeouts.backend().toNanos(),
            Math.min(timeouts.requestHeaders().toNanos(), timeouts.idle().toNanos()));
        if (lingering) {
            shortest = Math.min(shortest, LINGER_IDLE_NANOS);
        }
        if (!timeouts.total().isZero()) {
            shortest = Math.min(shortest, timeouts.total().toNanos());
        }
        watchdog = channel().eventLoop().schedule(this::checkDeadlines, Math.max(1_000_000L, shortest / 4),
            TimeUnit.NANOSECONDS);
    }

    private void checkDeadlines() {
        watchdog = null;
        if (!channel().isActive()) {
            return;
        }
        var timeouts = snapshots.get().config().timeouts();
        long now = clock.nanos();
        Exchange e = ex;
        if (closing) {
            if (now - closingSince >= timeouts.idle().toNanos()) {
                channel().close();
                return;
            }
        } else if (lingering) {
            if (now - lingerDeadline >= 0 || now - lingerLastRead >= LINGER_IDLE_NANOS) {
                channel().close();
                return;
            }
        } else if (e == null) {
            long headTimeout = timeouts.requestHeaders().toNanos();
            // a new connection's first head is due within request-headers of the accept, as HAProxy's
            // "timeout http-request" (a silent socket would otherwise hold a connection slot for the idle timeout);
            // a later one within request-headers of its first byte
            boolean headLate = !servedRequest ? now - awaitingHeadSince >= headTimeout
                : sawBytes && now - firstByteNanos >= headTimeout;
            if (headLate) {
                closeAfterResponse = true;
                String what = sawBytes ? "request head not" : "no request";
                answer(syntheticExchange(), HttpResponseStatus.REQUEST_TIMEOUT,
                    what + " received within " + timeouts.requestHeaders().toMillis() + " ms");
            } else if (!sawBytes && now - awaitingHeadSince >= timeouts.idle().toNanos()) {
                channel().close();
                return;
            }
        } else {
            long total = e.snapshot.config().timeouts().total().toNanos();
            if (total > 0 && now - e.startNanos >= total) {
                timeOut(e, "request not completed within the total timeout of "
                    + e.snapshot.config().timeouts().total().toMillis() + " ms");
            } else {
                Duration stall = e.snapshot.config().timeouts().backend();
                if (now - e.lastActivity >= stall.toNanos()) {
                    stalled(e, stall);
                }
            }
        }
        scheduleWatchdog();
    }

    /**
     * Nothing moved on the exchange for {@code stall}: decide whose fault it is. The endpoint's when it has the whole
     * request and does not answer, or stopped reading the upload (504, charged); the client's when it stopped sending
     * its body, or stopped reading the response so the relay paused (408 or a cut connection, not charged).
     */
    private void stalled(Exchange e, Duration stall) {
        Channel backend = e.backend;
        boolean uploadBlocked = e.attached && backend != null && !e.requestComplete && !backend.isWritable();
        if (clientNotReading(e)) {
            clientStalled(e, "client did not read the response for " + stall.toMillis() + " ms");
        } else if (e.attached && (e.requestComplete || e.uploadFailed || uploadBlocked)) {
            attemptFailed(e, Outcome.TIMEOUT, false, HttpResponseStatus.GATEWAY_TIMEOUT, "endpoint " + idOf(e)
                + (uploadBlocked ? " stopped reading the request for " : " did not answer within ") + stall.toMillis()
                + " ms");
        } else if (!e.requestComplete) {
            clientStalled(e, "request body stalled for " + stall.toMillis() + " ms");
        }
    }

    /** Whether the client stopped reading the response, so the relay (and the endpoint's reads) paused. */
    private boolean clientNotReading(Exchange e) {
        return e.responseStarted && !channel().isWritable();
    }

    /** The client stopped sending its request body: 408 if nothing was sent yet, else the connection is cut. */
    private void clientStalled(Exchange e, String cause) {
        abortBackend(e);
        closeAfterResponse = true;
        if (e.responseStarted) {
            e.cause = cause;
            channel().close();
        } else {
            answer(e, HttpResponseStatus.REQUEST_TIMEOUT, cause);
        }
    }

    /**
     * The whole exchange ran out of time: 504 if nothing was sent yet, else the connection is cut. While the request
     * body is still arriving the client is the slow side, and the endpoint is not charged.
     */
    private void timeOut(Exchange e, String cause) {
        if (e.member != null) {
            boolean clientSlow = !e.requestComplete || clientNotReading(e);
            completeAttempt(e, clientSlow ? null : Outcome.TIMEOUT);
        }
        if (e.responseStarted) {
            e.cause = cause;
            closeAfterResponse = true;
            channel().close();
        } else {
            closeAfterResponse = closeAfterResponse || !e.requestComplete;
            answer(e, HttpResponseStatus.GATEWAY_TIMEOUT, cause);
        }
    }

    private void cancelWatchdog() {
        ScheduledFuture<?> t = watchdog;
        if (t != null) {
            t.cancel(false);
            watchdog = null;
        }
    }

    // ---- helpers ----

    private @Nullable Endpoint stickyEndpoint(Exchange e, ServiceRuntime service) {
        Sticky config = service.config().sticky();
        if (config == null || e.attempts > 1) {
            return null;
        }
        String id = signer(service).verify(e.view.cookie(config.cookie()), clock.epochMillis() / 1000);
        e.stickyFrom = id;
        return id == null ? null : service.eligible(id);
    }

    /** The service's own sticky-cookie signer if it has a secret, else the gateway's. */
    private StickyCookies signer(ServiceRuntime service) {
        StickyCookies own = service.stickyCookies();
        return own == null ? sticky : own;
    }

    private void addStickyCookie(Exchange e, ByteBuf head) {
        ServiceRuntime service = e.service;
        Sticky config = service == null ? null : service.config().sticky();
        String served = e.tried.isEmpty() ? null : e.tried.get(e.tried.size() - 1);
        if (service == null || config == null || served == null || served.equals(e.stickyFrom)) {
            return;
        }
        long ttl = config.ttl().toSeconds();
        DefaultCookie cookie = new DefaultCookie(config.cookie(),
            signer(service).sign(served, clock.epochMillis() / 1000 + ttl));
        cookie.setHttpOnly(true);
        cookie.setPath("/");
        cookie.setMaxAge(ttl);
        ForwardedHeaders.field(head, HttpHeaderNames.SET_COOKIE, ServerCookieEncoder.STRICT.encode(cookie));
    }

    /**
     * Reads from the client, or pauses reading; nothing once the client shut its side down (there is nothing left
     * to read, and asking the epoll transport to read a shut-down input fails).
     */
    private void readClient(boolean read) {
        Channel client = channel();
        if (!inputClosed && client.config().isAutoRead() != read) {
            client.config().setAutoRead(read);
        }
    }

    /** Reads from {@code source} exactly while {@code sink} can take more: the whole of backpressure. */
    private static void follow(Channel source, Channel sink) {
        boolean writable = sink.isWritable();
        if (source.config().isAutoRead() != writable) {
            source.config().setAutoRead(writable);
        }
    }


    private static boolean isIdempotent(HttpMethod method) {
        return method.equals(HttpMethod.GET) || method.equals(HttpMethod.HEAD) || method.equals(HttpMethod.OPTIONS)
            || method.equals(HttpMethod.TRACE) || method.equals(HttpMethod.PUT) || method.equals(HttpMethod.DELETE);
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    private static String idOf(Exchange e) {
        ServiceRuntime.Member m = e.member;
        return m == null ? "?" : m.id();
    }

    private static String describe(@Nullable Throwable t) {
        if (t == null) {
            return "unknown error";
        }
        String message = t.getMessage();
        return message == null ? t.getClass().getSimpleName() : message;
    }

    private ChannelHandlerContext ctx() {
        ChannelHandlerContext c = ctx;
        if (c == null) {
            throw new IllegalStateException("handler not added to a pipeline");
        }
        return c;
    }

    private Channel channel() {
        return ctx().channel();
    }
}
