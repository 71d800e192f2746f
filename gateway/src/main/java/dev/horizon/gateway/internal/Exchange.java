package dev.horizon.gateway.internal;

import dev.horizon.gateway.Route;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.util.ReferenceCountUtil;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * One request while the proxy serves it: what was asked, its {@link ExchangePhase phase}, the attempt under way and
 * its backend connection, what has moved each way, and why the gateway answered or cut the connection if it did.
 * Confined to the client connection's event loop.
 *
 * <p>Beside the phase, the request direction has two facts of its own, because a response can start before the
 * request ends: {@link #requestComplete} (every byte of the body arrived from the client) and {@link #uploadFailed}
 * (writing the request to this attempt's endpoint failed, so the rest of the body is read and dropped).
 */
final class Exchange {

    /** What an answer without a request line goes with (a silent connection's 408): the log names no method or path. */
    static final ParsedRequest NO_REQUEST_LINE = ParsedRequest.closing();

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
    final boolean chunkedBody;
    /** The connection's attempt bookkeeping, cleared for this exchange. */
    final Attempts attempts;
    private ExchangePhase phase = ExchangePhase.RECEIVING;
    /** Request body pieces held for a retry or until a backend connection is attached; most requests hold none. */
    private @Nullable List<HttpContent> body;
    /** The client-bound response head, complete but not yet written: set exactly in {@link ExchangePhase#HEAD_HELD}. */
    private @Nullable ByteBuf pendingHead;
    @Nullable Route route;
    @Nullable ServiceRuntime service;
    /** The endpoint of the attempt under way; null between attempts. */
    ServiceRuntime.@Nullable Member member;
    /** The endpoint of the last attempt begun, kept after it ended; null before the first. */
    ServiceRuntime.@Nullable Member served;
    /**
     * The subset of the service's endpoints this request's attempts pick from ({@link TrafficSplit#STABLE} without a
     * revision split), chosen at the first attempt; -1 before it.
     */
    int subset = -1;
    /** The attempt's connection, connecting or attached; null between attempts. */
    @Nullable Channel backend;
    String cause = "";
    long bodyBytes;
    long bytesOut;
    long attemptStartNanos;
    /** When either side last moved: a read from the endpoint, or a piece of request body from the client. */
    long lastActivity;
    int status;
    boolean requestComplete;
    boolean uploadFailed;
    /** Whether the endpoint keeps its connection open after the response under way (it may go back to the pool). */
    boolean backendKeepAlive;
    /** The {@code RateLimit} field the route's rate limit adds to the answer; null for none. */
    @Nullable String rateLimitField;
    /** The claim on the service's concurrency limit (admitted or waiting); null when the service has none. */
    ServiceAdmission.@Nullable Permit permit;
    /** When the endpoint's final response head arrived, for the concurrency limit's sample; 0 before, or untimed. */
    long headNanos;
    /** The endpoint the client's sticky cookie named, valid or not eligible; null without a valid cookie. */
    @Nullable String stickyFrom;

    Exchange(Snapshot snapshot, ParsedRequest request, String requestId, ForwardedHeaders.Client client,
        long startNanos, long startMillis, Attempts attempts) {
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
        this.chunkedBody = request.chunked();
        this.attempts = attempts;
    }

    ExchangePhase phase() {
        return phase;
    }

    /**
     * Moves to {@code next}.
     *
     * @throws IllegalStateException if {@link ExchangePhase#canBecome} does not allow it: a bug in the proxy
     */
    void to(ExchangePhase next) {
        if (!phase.canBecome(next)) {
            throw new IllegalStateException("exchange " + requestId + ": illegal transition " + phase + " -> " + next);
        }
        phase = next;
    }

    /** Whether an attempt owns a backend connection, whose events are relayed. */
    boolean attached() {
        return phase.attached();
    }

    /** Whether a response (the endpoint's or the gateway's) has started: no retry, no answer of the gateway's. */
    boolean responseStarted() {
        return phase.responseStarted();
    }

    /** Accepts the endpoint's response head, to be written with the first piece of body: to HEAD_HELD. */
    void holdHead(ByteBuf clientBoundHead) {
        to(ExchangePhase.HEAD_HELD);
        pendingHead = clientBoundHead;
    }

    /** The held head, now to be written (the caller takes it over), or null if it has left: to RELAYING. */
    @Nullable ByteBuf takeHead() {
        ByteBuf h = pendingHead;
        if (h != null) {
            pendingHead = null;
            to(ExchangePhase.RELAYING);
        }
        return h;
    }

    /** The held head, if any, without taking it. */
    @Nullable ByteBuf heldHead() {
        return pendingHead;
    }

    /** The held head belongs to an invalid response: it is dropped and the attempt is as before it came. */
    void dropHead() {
        ByteBuf h = pendingHead;
        if (h != null) {
            pendingHead = null;
            h.release();
            status = 0;
            to(ExchangePhase.ATTEMPTING);
        }
    }

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

    /** The id of the attempt's endpoint, for messages; {@code ?} between attempts. */
    String endpointId() {
        ServiceRuntime.Member m = member;
        return m == null ? "?" : m.id();
    }

    /**
     * Ends the exchange (to DONE): gives back what it holds (the held head and body, its service's in-flight count and
     * retry-budget places, its place under the concurrency limit), records its latency and reports it to
     * {@code log}.
     */
    void end(long nowNanos, ExchangeLog log) {
        to(ExchangePhase.DONE);
        ReferenceCountUtil.release(pendingHead);
        pendingHead = null;
        clearHeld(true);
        ServiceAdmission.Permit p = permit;
        if (p != null) {
            permit = null;
            finishPermit(p, nowNanos);
        }
        ServiceRuntime s = service;
        if (s != null) {
            s.window().record(nowNanos - startNanos, nowNanos);
            s.recording().record(startMillis / 1000, status);
            ServiceRuntime.Member m = served;
            RevisionStats revision = m != null ? m.revision : s.subsetStats(subset);
            if (revision != null && status != 0) {
                revision.record(nowNanos - startNanos, status >= 500);
            }
            s.requestFinished();
            attempts.releaseBudget(s);
        }
        log.record(logEntry(nowNanos));
    }

    /**
     * Gives back the permit with the exchange's sample: the last attempt's time to its response head (from its start,
     * or from the admission if it waited in the queue); a timeout's 504 is a drop; anything else (the client left, a
     * connect failure, a reset) is no sample, as it says nothing about the service's load.
     */
    private void finishPermit(ServiceAdmission.Permit p, long nowNanos) {
        long from = Math.max(attemptStartNanos, p.admittedNanos);
        if (headNanos != 0) {
            p.gate.finish(p, nowNanos, Math.max(0, headNanos - from), false);
        } else if (status == 504) {
            p.gate.finish(p, nowNanos, Math.max(0, nowNanos - from), true);
        } else {
            p.gate.finish(p, nowNanos, -1, false);
        }
    }

    private ExchangeLog.Entry logEntry(long nowNanos) {
        ServiceRuntime s = service;
        Route r = route;
        ServiceRuntime.Member m = served;
        boolean line = request != NO_REQUEST_LINE;
        return new ExchangeLog.Entry(startMillis, requestId, client.address(), line ? request.method().name() : "",
            line ? view.path() : "", r == null ? "" : r.name(), s != null ? s.name() : r != null ? r.service() : "",
            status, bytesOut, nowNanos - startNanos, m == null ? "" : m.id(), attempts.count(), cause);
    }
}
