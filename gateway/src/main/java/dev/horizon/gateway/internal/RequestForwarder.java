package dev.horizon.gateway.internal;

import dev.horizon.balance.Endpoint;
import dev.horizon.balance.OutlierDetector.Outcome;
import dev.horizon.gateway.Route;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.EventLoop;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.LastHttpContent;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The request side of a client connection's exchanges: routes each one, runs its attempts — picks an endpoint (a
 * sticky one first), takes a pooled connection or opens one, writes the request head and body — ends each attempt
 * with its outcome, and retries where {@link Attempts} allows.
 *
 * <p>Implementation notes. The backend request head is serialized once from the decoded request
 * ({@link ForwardedHeaders#writeBackendHead}) into a per-connection {@link HeadBuilder} and copied into a reused
 * buffer; body pieces pass as the received buffers, chunk-framed ({@link Chunks}) when the body is chunked. A
 * request whose body is held for a replay sends retained duplicates, so that a retry can send the pieces again.
 */
final class RequestForwarder {

    private final ProxyHandler connection;
    private final BackendPool pool;
    private final StickyRouting sticky;
    private final GatewayClock clock;
    private final ResponseRelay relay;
    private final ConcurrencyGate gate;
    private final ReusableBuffer heads = new ReusableBuffer();
    private final HeadBuilder headBuilder = new HeadBuilder();
    /** Whether a chunk of the request body has been sent and awaits its closing CRLF. */
    private boolean chunkOpen;

    RequestForwarder(ProxyHandler connection, BackendPool pool, StickyRouting sticky, GatewayClock clock) {
        this.connection = connection;
        this.pool = pool;
        this.sticky = sticky;
        this.clock = clock;
        this.relay = new ResponseRelay(connection, this, sticky, clock);
        this.gate = new ConcurrencyGate(connection, this, clock);
    }

    /** Gives back the connection's buffers; when it closes or leaves the pipeline. */
    void releaseBuffers() {
        heads.release();
    }

    /** Routes a new exchange and starts its first attempt, or holds it until its body is in (a retryable request). */
    void dispatch(Exchange e) {
        Route route = e.snapshot.router().route(e.view);
        if (route == null) {
            connection.answer(e, HttpResponseStatus.NOT_FOUND,
                "no route for host '" + e.view.host() + "' and path '" + e.view.path() + "'");
            return;
        }
        ServiceRuntime service = e.snapshot.services().get(route.service());
        if (service == null) {
            connection.answer(e, HttpResponseStatus.SERVICE_UNAVAILABLE,
                "route " + route.name() + " names no known service");
            return;
        }
        e.route = route;
        if (route.httpsRedirect() && HttpsRedirect.applies(e)) {
            HttpsRedirect.answer(connection, e);
            return;
        }
        if (route.rateLimit() != null) {
            limit(e, service);
            return;
        }
        admit(e, service);
    }

    /**
     * The exchange goes on to its service, through the service's concurrency limit if it has one: its attempts are
     * planned and the first starts unless it holds the body.
     */
    private void admit(Exchange e, ServiceRuntime service) {
        ServiceAdmission admission = service.admission();
        if (admission != null && !gate.enter(e, service, admission)) {
            return;
        }
        proceed(e, service);
    }

    /**
     * Goes on with an exchange that waited (for Redis's rate-limit verdict or for a place under the concurrency limit):
     * as {@link #admit} would have, then its first attempt if the body it holds arrived meanwhile, whole or more than a
     * replay may hold.
     */
    void resume(Exchange e, ServiceRuntime service) {
        proceed(e, service);
        Attempts attempts = e.attempts;
        if (attempts.holdsBody() && (e.requestComplete || e.bodyBytes > Attempts.REPLAY_LIMIT)) {
            if (!e.requestComplete) {
                attempts.bodyTooLarge();
            }
            startAttempt(e);
        }
    }

    private void proceed(Exchange e, ServiceRuntime service) {
        e.service = service;
        service.requestStarted();
        e.attempts.plan(service.config().retries(), e.request.method(), e.request.expectContinue());
        if (!e.attempts.holdsBody()) {
            startAttempt(e);
        }
    }

    /**
     * Decides the route's rate limit: a local one at once, a global one when Redis answers (or times out), after which
     * the exchange goes on only if it is still this connection's and unanswered. Body pieces that arrive meanwhile
     * are held as for any exchange not yet attached.
     */
    private void limit(Exchange e, ServiceRuntime service) {
        RouteLimiter limiter = e.snapshot.limiters().get(e.route == null ? "" : e.route.name());
        if (limiter == null) {
            admit(e, service);
            return;
        }
        String key = limiter.key(e);
        if (!limiter.global()) {
            limited(e, service, limiter, limiter.decideLocal(key, clock.nanos()), false);
            return;
        }
        limiter.decideGlobal(key, connection.channel().eventLoop(), verdict -> {
            // meanwhile the exchange may have ended (the client left) or been answered (a deadline)
            if (connection.exchange() == e && e.phase() == ExchangePhase.RECEIVING) {
                limited(e, service, limiter, verdict, true);
            }
        });
    }

    /**
     * Goes on with an exchange the rate limit admitted, {@code resumed} after a wait for Redis; else answers 429,
     * counted in the route's service's per-second recording as a limited arrival (the exchange never reaches the
     * service, so its end does not count it): the dashboard charts a service's rate-limited requests, and a recorded
     * trace keeps the demand the limit refused, as for a shed 503 ({@link ConcurrencyGate}).
     */
    private void limited(Exchange e, ServiceRuntime service, RouteLimiter limiter, RouteLimiter.Verdict verdict,
        boolean resumed) {
        if (verdict.admit()) {
            e.rateLimitField = verdict.field();
            ServiceAdmission admission = service.admission();
            if (admission != null && !gate.enter(e, service, admission)) {
                return;
            }
            if (resumed) {
                resume(e, service);
            } else {
                proceed(e, service);
            }
            return;
        }
        long seconds = verdict.retryAfterSeconds();
        service.recording().record(e.startMillis / 1000, HttpResponseStatus.TOO_MANY_REQUESTS.code());
        connection.answer(e, HttpResponseStatus.TOO_MANY_REQUESTS, "rate limited by route " + limiter.route(),
            limiter.fields().body(seconds), limiter.fields().limitedFields(seconds));
    }

    /** A piece of the exchange's request body arrived from the client. */
    void onContent(Exchange e, HttpContent content) {
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
        Attempts attempts = e.attempts;
        if (attempts.holdsBody() && e.bodyBytes > Attempts.REPLAY_LIMIT) {
            attempts.bodyTooLarge();
            e.hold(content);
            startAttempt(e);
            return;
        }
        Channel backend = e.backend;
        if (e.attached() && backend != null) {
            writeBody(backend, e.chunkedBody, content);
            if (last || !backend.isWritable()) {
                backend.flush();
            }
            // after the flush: a flush that drains the socket already fired the writable event (and a flush that
            // failed shut the output down, so the rest of the body is to be read and dropped, not paused)
            if (!e.uploadFailed) {
                connection.readClient(backend.isWritable());
            }
        } else if (last && !e.chunkedBody && content == LastHttpContent.EMPTY_LAST_CONTENT) {
            // nothing to send: a body without chunks ends where its length says
            if (attempts.holdsBody()) {
                startAttempt(e);
            }
        } else {
            e.hold(content);
            if (attempts.holdsBody() && last) {
                startAttempt(e);
            } else if (!attempts.holdsBody() && e.bodyBytes > Attempts.REPLAY_LIMIT) {
                connection.readClient(false);
            }
        }
    }

    /** Starts an attempt: picks an endpoint and attaches a pooled connection to it, or opens one. */
    void startAttempt(Exchange e) {
        ServiceRuntime service = e.service;
        if (service == null) {
            return;
        }
        Attempts attempts = e.attempts;
        int number = attempts.begin();
        Endpoint endpoint = number == 1 ? firstPick(e, service)
            : service.pick(HashKeys.of(e, service.config()), attempts.triedEndpoints(), e.subset);
        if (endpoint == null) {
            TrafficSplit split = service.split();
            connection.answer(e, HttpResponseStatus.SERVICE_UNAVAILABLE, split == null
                ? "no healthy endpoint in service '" + service.name() + "'"
                : "no healthy endpoint of revision '" + split.revision(e.subset) + "' in service '" + service.name()
                    + "'");
            return;
        }
        ServiceRuntime.Member member = service.member(endpoint.id());
        if (member == null) {
            connection.answer(e, HttpResponseStatus.SERVICE_UNAVAILABLE,
                "endpoint " + endpoint.id() + " left the service");
            return;
        }
        e.member = member;
        e.served = member;
        attempts.tried(member.id());
        e.attemptStartNanos = number == 1 ? e.startNanos : clock.nanos();
        member.load.requestStarted();
        EventLoop loop = connection.channel().eventLoop();
        Channel pooled = pool.pooled(loop, member.id(), service.backendTls());
        if (pooled != null) {
            attach(e, pooled);
            return;
        }
        e.to(ExchangePhase.CONNECTING);
        ChannelFuture connect = pool.connect(loop, member.id(), member.address, service.backendTls());
        e.backend = connect.channel();
        connect.addListener((ChannelFutureListener) f -> connected(e, member, f));
    }

    /**
     * The first attempt's endpoint: under a revision split the request's revision is chosen first; then a sticky
     * cookie's endpoint if eligible in it, else the balancer's pick in it. A weighted (not preview) choice of a
     * revision without a healthy endpoint falls back to the other revision if that has one, counted in the first
     * one's stats.
     */
    private @Nullable Endpoint firstPick(Exchange e, ServiceRuntime service) {
        TrafficSplit split = service.split();
        if (split != null) {
            TrafficSplit.Choice choice = split.choose(e.view);
            int subset = choice.subset();
            int other = TrafficSplit.CANARY - subset;
            if (!choice.preview() && !service.usable(subset) && service.usable(other)) {
                RevisionStats chosen = service.subsetStats(subset);
                if (chosen != null) {
                    chosen.fellBack();
                }
                subset = other;
            }
            e.subset = subset;
        } else {
            e.subset = TrafficSplit.STABLE;
        }
        Endpoint pinned = sticky.pinned(e, service);
        return pinned != null ? pinned
            : service.pick(HashKeys.of(e, service.config()), e.attempts.triedEndpoints(), e.subset);
    }

    private void connected(Exchange e, ServiceRuntime.Member member, ChannelFuture f) {
        if (connection.exchange() != e || e.member != member) {
            f.channel().close();
            return;
        }
        if (f.isSuccess()) {
            attach(e, f.channel());
        } else {
            attemptFailed(e, Outcome.CONNECT_FAILURE, true, HttpResponseStatus.BAD_GATEWAY,
                "connect to " + member.id() + " failed: " + describe(f.cause()));
        }
    }

    private void attach(Exchange e, Channel backend) {
        e.to(ExchangePhase.ATTEMPTING);
        e.backend = backend;
        e.uploadFailed = false;
        e.backendKeepAlive = false;
        backend.attr(BackendPool.LISTENER).set(relay);
        BackendPool.decoder(backend).expectResponseTo(e.head);
        ForwardedHeaders.writeBackendHead(headBuilder.reset(), e.request, e.view.originForm(), e.client, e.requestId,
            e.chunkedBody);
        ByteBuf head = heads.take(backend.alloc(), headBuilder.length());
        headBuilder.writeTo(head);
        backend.write(head, backend.voidPromise());
        chunkOpen = false;
        List<HttpContent> held = e.held();
        boolean keep = e.attempts.retryable();
        for (int i = 0; i < held.size(); i++) {
            HttpContent c = held.get(i);
            writeBody(backend, e.chunkedBody, keep ? c.retainedDuplicate() : c);
        }
        if (!keep) {
            e.clearHeld(false);
        }
        backend.flush();
        ResponseRelay.follow(backend, connection.channel());
        if (!e.requestComplete && !e.uploadFailed) {
            connection.readClient(backend.isWritable());
        }
        e.lastActivity = e.attemptStartNanos;
    }

    /** Writes a piece of the request body to the backend, chunk-framed when the body is chunked; takes it over. */
    private void writeBody(Channel backend, boolean chunked, HttpContent content) {
        ByteBuf data = content.content();
        boolean last = content instanceof LastHttpContent;
        if (!chunked) {
            if (data.isReadable()) {
                backend.write(data, backend.voidPromise());
            } else {
                data.release();
            }
            return;
        }
        if (data.isReadable()) {
            ByteBuf sizeLine = Chunks.sizeLine(backend.alloc(), data.readableBytes(), chunkOpen);
            backend.write(sizeLine, backend.voidPromise());
            backend.write(data, backend.voidPromise());
            chunkOpen = true;
        } else {
            data.release();
        }
        if (last) {
            backend.write(Chunks.last(backend.alloc(), chunkOpen, ((LastHttpContent) content).trailingHeaders()),
                backend.voidPromise());
        }
    }

    /** The endpoint's socket can take more of the upload, or cannot: the client's reads follow. */
    void onBackendWritable(Exchange e, boolean writable) {
        if (!e.requestComplete && !e.uploadFailed) {
            connection.readClient(writable);
        }
    }

    /**
     * Writing the request failed: the endpoint closed or reset its side, typically because it answered early
     * (a 404, 413 or 400 before the body). Its answer may already be in the socket, so reading goes on and the
     * answer is relayed; the client's remaining body is read and dropped instead of stalling it.
     */
    void onBackendWriteFailed(Exchange e) {
        if (e.uploadFailed) {
            return;
        }
        e.uploadFailed = true;
        if (!e.requestComplete) {
            connection.readClient(true);
        }
    }

    /**
     * An attempt failed: retry elsewhere when {@link Attempts} allows, else answer {@code status} (or cut the
     * connection, if the response already started).
     *
     * @param nothingSent whether the request never reached the endpoint (a connect failure), which makes even a
     *                    non-idempotent request safe to retry
     */
    void attemptFailed(Exchange e, Outcome outcome, boolean nothingSent, HttpResponseStatus status, String cause) {
        e.cause = cause;
        boolean retry = !e.responseStarted() && (nothingSent ? mayRetryUnsent(e) : mayRetry(e));
        endAttempt(e, outcome);
        if (retry) {
            startAttempt(e);
        } else if (e.responseStarted()) {
            connection.cut(e, cause);
        } else {
            connection.answer(e, status, cause);
        }
    }

    /** Whether the attempt that reached its endpoint may be retried; takes a place in the retry budget if so. */
    boolean mayRetry(Exchange e) {
        ServiceRuntime service = e.service;
        return service != null && !e.responseStarted() && e.attempts.mayRetry(e.bodyBytes == 0 && e.requestComplete,
            service.balancer(Math.max(0, e.subset)).pool().size(), service);
    }

    private static boolean mayRetryUnsent(Exchange e) {
        ServiceRuntime service = e.service;
        return service != null && e.attempts.mayRetryUnsent(service.balancer(Math.max(0, e.subset)).pool().size());
    }

    /** Ends the failed attempt with {@code outcome} and starts the next; after {@link #mayRetry} said yes. */
    void retry(Exchange e, Outcome outcome) {
        endAttempt(e, outcome);
        startAttempt(e);
    }

    /**
     * Ends the current attempt: counters, latency, outlier detection, and the connection back to the pool or closed.
     *
     * @param outcome what the endpoint did, or null when the client ended the attempt (it closed, reset, stopped
     *                sending or sent something malformed): that is never charged to the endpoint, as Envoy counts
     *                only upstream failures
     */
    void endAttempt(Exchange e, @Nullable Outcome outcome) {
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
        boolean attached = e.attached();
        boolean clean = outcome != null && outcome != Outcome.RESET && outcome != Outcome.TIMEOUT
            && outcome != Outcome.CONNECT_FAILURE && e.requestComplete && e.backendKeepAlive && e.responseStarted()
            && !e.uploadFailed;
        // forgotten before the close: closing a connection still being opened fails its connect at once, and its
        // listener must find the attempt over
        e.backend = null;
        e.member = null;
        if (backend != null && attached) {
            if (clean) {
                pool.release(backend, now);
            } else {
                backend.attr(BackendPool.LISTENER).set(null);
                backend.close();
            }
        } else if (backend != null) {
            backend.close();
        }
    }

    /** Ends the attempt under way, if any, because of the client: not charged to the endpoint. */
    void abort(Exchange e) {
        if (e.member != null) {
            endAttempt(e, null);
        }
    }

    private static String describe(@Nullable Throwable t) {
        if (t == null) {
            return "unknown error";
        }
        String message = t.getMessage();
        return message == null ? t.getClass().getSimpleName() : message;
    }
}
