package dev.horizon.gateway.internal;

import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.socket.ChannelInputShutdownEvent;
import io.netty.channel.socket.DuplexChannel;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.util.ReferenceCountUtil;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.ArrayDeque;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * The reverse proxy for one client connection: reads its requests, serves them one at a time in order, and answers
 * every one, with the endpoint's response or a JSON error naming the cause. Its collaborators: {@link Exchange} with
 * its {@link ExchangePhase} (one request, from head to end); {@link RequestForwarder} (routing, attempts, retries
 * under {@link Attempts}); {@link ResponseRelay} (the response to the client); {@link DeadlineWatchdog} (every
 * timeout); {@link StickyRouting} (sticky cookies); {@link WebSocketTunnel} (what a WebSocket handshake becomes).
 *
 * <p>The connection is {@link ConnectionState#OPEN} while it reads requests — waiting for a head ({@link HeadWait})
 * or serving an exchange while later, pipelined requests wait decoded in a queue with the client's reads paused,
 * which keeps responses in order without reordering buffers — then CLOSING (its last answer flushing) or LINGERING
 * ({@link LingeringClose}). Beside the state: whether the client shut its sending side ({@code inputClosed}: what it
 * sent in full is still answered, as HAProxy does) and whether the connection closes after the response under way
 * ({@code closeAfterResponse}).
 */
final class ProxyHandler extends ChannelDuplexHandler {

    private final Supplier<Snapshot> snapshots;
    final ExchangeLog log;
    final GatewayClock clock;
    final WebSocketMetrics webSockets;
    private final ArrayDeque<Object> pipelined = new ArrayDeque<>();
    private final Attempts attempts = new Attempts();
    private final HeadWait headWait = new HeadWait();
    private final RequestForwarder forwarder;
    private final DeadlineWatchdog watchdog;
    private @Nullable ChannelHandlerContext ctx;
    private @Nullable Exchange ex;
    private ConnectionState state = ConnectionState.OPEN;
    private boolean closeAfterResponse;
    private boolean inputClosed;
    private long closingSince;
    private @Nullable LingeringClose linger;
    /** The client as resolved for the last request, kept while the peer is not a trusted proxy of the snapshot. */
    private ForwardedHeaders.@Nullable Client untrustedClient;
    private @Nullable TrustedProxies untrustedUnder;

    ProxyHandler(Supplier<Snapshot> snapshots, BackendPool pool, ExchangeLog log, StickyRouting sticky,
        GatewayClock clock, WebSocketMetrics webSockets) {
        this.snapshots = snapshots;
        this.log = log;
        this.clock = clock;
        this.webSockets = webSockets;
        this.forwarder = new RequestForwarder(this, pool, sticky, clock);
        this.watchdog = new DeadlineWatchdog(this, snapshots, forwarder, clock);
    }

    // ---- Netty events of the client channel ----

    @Override
    public void handlerAdded(ChannelHandlerContext context) {
        this.ctx = context;
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext context) {
        watchdog.cancel(); // the connection became an HTTP/2 one, whose streams have proxies of their own
        forwarder.releaseBuffers();
    }

    @Override
    public void channelActive(ChannelHandlerContext context) {
        headWait.begin(clock.nanos());
        watchdog.schedule();
        context.fireChannelActive();
    }

    @Override
    public void channelRead(ChannelHandlerContext context, Object msg) {
        if (state != ConnectionState.OPEN) {
            dropWhileEnding(msg);
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

    @Override
    public void channelReadComplete(ChannelHandlerContext context) {
        Exchange e = ex;
        Channel backend = e == null ? null : e.backend;
        if (e != null && backend != null && e.attached()) {
            backend.flush();
        }
        context.fireChannelReadComplete();
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext context) {
        Exchange e = ex;
        Channel backend = e == null ? null : e.backend;
        if (e != null && backend != null && e.attached()) {
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
        watchdog.cancel();
        forwarder.releaseBuffers();
        Exchange e = ex;
        if (e != null) {
            if (e.cause.isEmpty()) {
                e.cause = "client closed the connection";
            }
            forwarder.abort(e);
            finish(e);
        }
        releasePipelined();
        context.fireChannelInactive();
    }

    /** Closes the connection; an exception that is not the network's (a bug) goes on to the pipeline's tail too. */
    @Override
    public void exceptionCaught(ChannelHandlerContext context, Throwable cause) {
        context.close();
        if (!(cause instanceof IOException)) {
            context.fireExceptionCaught(cause);
        }
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext context, Object evt) {
        if (evt instanceof ChannelInputShutdownEvent) {
            onInputClosed();
        }
        context.fireUserEventTriggered(evt);
    }

    // ---- requests ----

    /** Called by {@link StrictRequestDecoder} for every raw read, before decoding: the client is sending something. */
    void bytesArrived() {
        headWait.bytesArrived(clock);
    }

    private void onRequestHead(ParsedRequest request) {
        Snapshot snapshot = snapshots.get();
        String incomingId = request.requestId();
        String requestId = incomingId != null && ForwardedHeaders.isAcceptableRequestId(incomingId)
            ? incomingId : ForwardedHeaders.newRequestId();
        Exchange e = newExchange(snapshot, request, requestId, headWait.requestStart(clock), clock.epochMillis());
        ex = e;
        headWait.headRead();
        forwarder.dispatch(e);
    }

    private void onRequestContent(HttpContent content) {
        Exchange e = ex;
        if (e == null) {
            content.release();
            return;
        }
        forwarder.onContent(e, content);
    }

    private void onRejected(RequestRejected rejected) {
        Exchange current = ex;
        closeAfterResponse = true;
        if (current == null) {
            answer(answerWithoutRequest(), rejected.status(), rejected.reason());
        } else if (current.responseStarted()) {
            forwarder.abort(current);
            cut(current, rejected.reason());
        } else {
            current.requestComplete = true;
            answer(current, rejected.status(), rejected.reason());
        }
    }

    private Exchange newExchange(Snapshot snapshot, ParsedRequest request, String requestId, long startNanos,
        long startMillis) {
        return new Exchange(snapshot, request, requestId, clientOf(request.headers(), snapshot), startNanos,
            startMillis, attempts.clear());
    }

    /** An exchange for an answer that has no whole request to go with (a malformed head, a head timeout). */
    Exchange answerWithoutRequest() {
        Snapshot snapshot = snapshots.get();
        StrictRequestDecoder decoder = ctx().pipeline().get(StrictRequestDecoder.class);
        StrictRequestDecoder.RequestLine line = decoder == null ? null : decoder.requestLineSoFar();
        ParsedRequest none = line == null ? Exchange.NO_REQUEST_LINE
            : ParsedRequest.closing(HttpMethod.valueOf(line.method()), line.target());
        long now = clock.nanos();
        long start = headWait.answerStart();
        Exchange synthetic = newExchange(snapshot, none, ForwardedHeaders.newRequestId(), start,
            clock.epochMillis() - (now - start) / 1_000_000);
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
            headers, trusted, Http2Front.sslHandler(channel()), snapshot.config().tls());
        if (!client.trustedPeer()) {
            untrustedClient = client;
            untrustedUnder = trusted;
        }
        return client;
    }

    /**
     * The client shut down its sending side. Requests it sent in full are answered (HAProxy does; nginx closes at
     * once), then the connection closes; a request cut short can never complete, so it ends here, not charged to
     * the endpoint.
     */
    private void onInputClosed() {
        inputClosed = true;
        Exchange e = ex;
        if (state == ConnectionState.LINGERING) {
            channel().close();
        } else if (e == null) {
            // between two requests: close once the last answer is out, unless finish() is feeding the pipelined ones
            // (it closes after them)
            if (pipelined.isEmpty() && state == ConnectionState.OPEN) {
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
        if (!e.responseStarted()) {
            e.cause = "client closed its side of the connection before the request ended";
            forwarder.abort(e);
            finish(e);
        }
    }

    // ---- answers and the end of an exchange ----

    /**
     * Answers the request with a gateway error and finishes it; a request whose body has not all arrived closes the
     * connection after the answer (see {@link LingeringClose}). Every caller whose endpoint failed has already ended
     * the attempt with that outcome, so an attempt still under way here was ended by the client.
     */
    void answer(Exchange e, HttpResponseStatus status, String cause) {
        answer(e, status, cause, ErrorResponses.body(status, cause, e.requestId), "");
    }

    /** Answers with {@code json} as the body and {@code fields} (lines ending in CRLF) added to the head. */
    void answer(Exchange e, HttpResponseStatus status, String cause, byte[] json, String fields) {
        forwarder.abort(e);
        e.to(ExchangePhase.ANSWERED);
        e.cause = cause;
        e.status = status.code();
        boolean bodyPending = !e.requestComplete && e.request.hasBody();
        boolean close = !e.keepAlive || closeAfterResponse || bodyPending;
        if (close) {
            closeAfterResponse = true;
        }
        e.bytesOut = e.head ? 0 : json.length;
        String head = ResponseRelay.withStrictTransportSecurity(e, fields);
        Channel client = channel();
        client.writeAndFlush(ErrorResponses.of(client.alloc(), status, json, e.requestId, close, e.head, head));
        finish(e);
    }

    /**
     * The response started and cannot end well: the connection is closed, and the exchange ends when it has closed.
     * The caller has ended the attempt.
     */
    void cut(Exchange e, String cause) {
        e.cause = cause;
        closeAfterResponse = true;
        if (e.phase() != ExchangePhase.CUT) {
            e.to(ExchangePhase.CUT);
        }
        channel().close();
    }

    /** Ends the exchange and goes on with the connection: the next pipelined request, a wait, or the close. */
    void finish(Exchange e) {
        if (ex != e) {
            return;
        }
        ex = null;
        long now = clock.nanos();
        e.end(now, log);
        if (closeAfterResponse || !e.keepAlive) {
            if (e.requestComplete || inputClosed || !e.request.hasBody()) {
                closeAfterFlush(now);
            } else {
                linger(now);
            }
            return;
        }
        Channel client = channel();
        if (!client.isActive()) {
            return;
        }
        readClient(true);
        headWait.begin(now);
        // feed queued (pipelined) messages until the next request is complete; the rest wait for its response (and
        // none is served once an answer closed the connection)
        while (!pipelined.isEmpty() && (ex == null || !ex.requestComplete) && state == ConnectionState.OPEN) {
            channelRead(ctx(), pipelined.poll());
        }
        Exchange next = ex;
        if (state != ConnectionState.OPEN) {
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
        state = ConnectionState.CLOSING;
        closingSince = now;
        headWait.stop();
        releasePipelined();
        channel().writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(ChannelFutureListener.CLOSE);
    }

    /** Starts a lingering close ({@link LingeringClose}): flush the answer, shut the output, drop what comes. */
    private void linger(long now) {
        state = ConnectionState.LINGERING;
        linger = new LingeringClose(now);
        headWait.stop();
        releasePipelined();
        Channel client = channel();
        client.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener((ChannelFutureListener) f -> {
            if (f.isSuccess() && !inputClosed && client instanceof DuplexChannel duplex) {
                duplex.shutdownOutput();
            } else if (!f.isSuccess() || inputClosed || !Http2Front.isStream(client)) {
                client.close(); // a stream's output ended with the answer's last frame: it lingers as it is
            }
        });
        readClient(true);
    }

    private void dropWhileEnding(Object msg) {
        LingeringClose l = linger;
        if (state != ConnectionState.LINGERING || l == null) {
            ReferenceCountUtil.release(msg);
        } else if (l.drop(msg, clock.nanos())) {
            channel().close();
        }
    }

    private void releasePipelined() {
        while (!pipelined.isEmpty()) {
            ReferenceCountUtil.release(pipelined.poll());
        }
    }

    // ---- the connection as its collaborators see it ----

    /** The exchange under way, or null between requests. */
    @Nullable Exchange exchange() {
        return ex;
    }

    /** The wait for the next request head; also read by the connection limit's eviction, on any thread. */
    HeadWait headWait() {
        return headWait;
    }

    ConnectionState state() {
        return state;
    }

    /** Whether a closing connection's flush or a lingering close ran out of time, so the connection is to close. */
    boolean endingExpired(long nowNanos, long idleNanos) {
        LingeringClose l = linger;
        return state == ConnectionState.CLOSING ? nowNanos - closingSince >= idleNanos
            : state == ConnectionState.LINGERING && l != null && l.expired(nowNanos);
    }

    /** The connection closes after the response under way. */
    void closeAfterResponse() {
        closeAfterResponse = true;
    }

    boolean closesAfterResponse() {
        return closeAfterResponse;
    }

    /** The endpoint took the exchange's connection over ({@link WebSocketTunnel}): its line goes to {@code entry}. */
    void upgraded(Exchange e, ExchangeLog entry) {
        ex = null;
        state = ConnectionState.UPGRADED;
        watchdog.cancel();
        headWait.stop();
        e.end(clock.nanos(), entry);
    }

    /** Shutdown: close this connection now if it is between requests, else right after the current response. */
    void drain() {
        closeAfterResponse = true;
        if (ex == null) {
            channel().close();
        }
    }

    /**
     * Closes {@code channel} (this handler's) if it still waits for a request head when its event loop gets to it,
     * after what it has written (the tail of the last response) has left; any thread. It is not picked again.
     */
    void evictIfWaiting(Channel channel) {
        headWait.stop();
        channel.eventLoop().execute(() -> {
            if (ex == null && state == ConnectionState.OPEN && channel.isActive()) {
                closeAfterFlush(clock.nanos());
            }
        });
    }

    /**
     * Reads from the client, or pauses reading; nothing once the client shut its side down (there is nothing left
     * to read, and asking the epoll transport to read a shut-down input fails).
     */
    void readClient(boolean read) {
        Channel client = channel();
        if (!inputClosed && client.config().isAutoRead() != read) {
            client.config().setAutoRead(read);
        }
    }

    /** Flushes what was written to the client. */
    void flush() {
        ctx().flush();
    }

    Channel channel() {
        return ctx().channel();
    }

    private ChannelHandlerContext ctx() {
        ChannelHandlerContext c = ctx;
        if (c == null) {
            throw new IllegalStateException("handler not added to a pipeline");
        }
        return c;
    }
}
