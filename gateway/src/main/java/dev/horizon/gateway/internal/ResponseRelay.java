package dev.horizon.gateway.internal;

import dev.horizon.gateway.TlsConfig;
import dev.horizon.gateway.internal.http1.Framing;
import dev.horizon.balance.OutlierDetector.Outcome;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.util.AsciiString;
import io.netty.util.ReferenceCountUtil;
import java.nio.charset.StandardCharsets;
import org.jspecify.annotations.Nullable;

/**
 * The response side of a client connection's exchanges, and the listener of the backend connection an attempt
 * owns: relays the endpoint's response (head, body, end) to the client, re-chunked where the framing changes, with
 * the gateway's fields and a sticky cookie when one is due; relays {@code 100 Continue} to a client that waits for
 * it; and turns the endpoint's failures (a 502/503/504 worth a retry, an invalid response, a close) into the
 * attempt's outcome.
 *
 * <p>Implementation notes. The head arrives from {@link BackendResponseDecoder} already holding the client-bound
 * status line and fields; the relay appends its own fields and keeps the head back ({@link ExchangePhase#HEAD_HELD})
 * to leave in one buffer with a small body, so a typical response is one {@code send}. The client and the backend
 * connection live on the same event loop, so backpressure is {@link #follow}: the endpoint is read
 * exactly while the client's socket can take more. Writes use the void promise: a failed write surfaces as an
 * exception on the client channel, which closes it, and the close ends the exchange.
 */
final class ResponseRelay implements BackendPool.BackendListener {

    private static final byte[] CONTINUE = ascii("HTTP/1.1 100 Continue\r\n\r\n");
    private static final byte[] TRANSFER_ENCODING_CHUNKED = ascii("transfer-encoding: chunked\r\n");
    private static final AsciiString STRICT_TRANSPORT_SECURITY = AsciiString.cached("strict-transport-security");
    private static final AsciiString RATELIMIT = AsciiString.cached(RateLimitFields.RATELIMIT);
    private static final byte[] VIA = ascii("via: " + ForwardedHeaders.VIA_VALUE + "\r\n");
    private static final byte[] CONNECTION_CLOSE = ascii("connection: close\r\n");
    private static final byte[] CONNECTION_KEEP_ALIVE = ascii("connection: keep-alive\r\n");
    private static final short CRLF = (short) 0x0D0A;

    private final ProxyHandler connection;
    private final RequestForwarder forwarder;
    private final StickyRouting sticky;
    private final GatewayClock clock;
    /** Whether the response goes to the client chunked (the endpoint's was chunked or close-delimited). */
    private boolean chunked;
    /** Whether a chunk of the response has been sent and awaits its closing CRLF. */
    private boolean chunkOpen;

    ResponseRelay(ProxyHandler connection, RequestForwarder forwarder, StickyRouting sticky, GatewayClock clock) {
        this.connection = connection;
        this.forwarder = forwarder;
        this.sticky = sticky;
        this.clock = clock;
    }

    @Override
    public void onBackendRead(Object msg) {
        Exchange e = connection.exchange();
        if (e == null || !e.attached()) {
            ReferenceCountUtil.release(msg);
            return;
        }
        if (msg instanceof ByteBuf body) {
            onBody(e, body);
        } else if (msg instanceof BackendResponseDecoder.Head head) {
            onHead(e, head);
        } else if (msg instanceof BackendResponseDecoder.End end) {
            onEnd(e, end);
        } else if (msg instanceof BackendResponseDecoder.Invalid invalid) {
            onInvalid(e, invalid);
        } else {
            ReferenceCountUtil.release(msg);
        }
    }

    private void onHead(Exchange e, BackendResponseDecoder.Head head) {
        int code = head.status();
        if (code == 101) {
            switched(e, head);
            return;
        }
        if (code < 200) {
            head.release();
            if (code == 100 && !e.responseStarted() && e.request.expectContinue()) {
                connection.channel().writeAndFlush(Unpooled.wrappedBuffer(CONTINUE));
            }
            return;
        }
        if ((code == 502 || code == 503 || code == 504) && forwarder.mayRetry(e)) {
            head.release();
            e.cause = "endpoint " + e.endpointId() + " answered " + code;
            forwarder.retry(e, Outcome.GATEWAY_ERROR);
            return;
        }
        e.status = code;
        if (e.permit != null) {
            e.headNanos = clock.nanos();
        }
        e.backendKeepAlive = head.keepAlive();
        ByteBuf out = head.content();
        // a response before the whole request body: the client may never send the rest (after Expect: 100-continue),
        // so the connection cannot be trusted to hold a next request where the body should have been
        boolean close = !e.keepAlive || connection.closesAfterResponse() || !e.requestComplete && e.request.hasBody();
        chunked = false;
        chunkOpen = false;
        Framing framing = head.framing();
        if (framing == Framing.CHUNKED || framing == Framing.CLOSE) {
            if (e.http10) {
                close = true;
            } else {
                chunked = true;
                out.writeBytes(TRANSFER_ENCODING_CHUNKED);
            }
        }
        ForwardedHeaders.field(out, ForwardedHeaders.X_REQUEST_ID, e.requestId);
        if (e.rateLimitField != null) {
            ForwardedHeaders.field(out, RATELIMIT, e.rateLimitField);
        }
        out.writeBytes(VIA);
        strictTransportSecurity(e, out);
        sticky.addCookie(e, out);
        if (close) {
            connection.closeAfterResponse();
            out.writeBytes(CONNECTION_CLOSE);
        } else if (e.http10) {
            out.writeBytes(CONNECTION_KEEP_ALIVE);
        }
        out.writeShort(CRLF);
        // written with the first piece of the body, so that a small response leaves in one buffer
        e.holdHead(out);
    }

    /** {@code 101}: a WebSocket handshake the endpoint accepted becomes a tunnel; to another request it is invalid. */
    private void switched(Exchange e, BackendResponseDecoder.Head head) {
        if (e.request.webSocket()) {
            WebSocketTunnel.open(connection, forwarder, e, head.content());
        } else {
            head.release();
            onInvalid(e, new BackendResponseDecoder.Invalid("101 Switching Protocols to a request without Upgrade"));
        }
    }

    /** Adds {@code gateway.tls.hsts} to a response over TLS, when configured (never over plain HTTP: RFC 6797 §7.2). */
    private static void strictTransportSecurity(Exchange e, ByteBuf out) {
        String hsts = strictTransportSecurity(e);
        if (hsts != null) {
            ForwardedHeaders.field(out, STRICT_TRANSPORT_SECURITY, hsts);
        }
    }

    /**
     * {@code fields} (head lines ending in CRLF) of one of the gateway's own answers, with {@code gateway.tls.hsts}
     * added over TLS as on a relayed response (RFC 6797 §7.1: on every response over secure transport).
     */
    static String withStrictTransportSecurity(Exchange e, String fields) {
        String hsts = strictTransportSecurity(e);
        return hsts == null ? fields : fields + "Strict-Transport-Security: " + hsts + "\r\n";
    }

    /**
     * The {@code Strict-Transport-Security} value of {@code gateway.tls.hsts} for {@code e}'s response: null over plain
     * HTTP or when none is configured.
     */
    private static @Nullable String strictTransportSecurity(Exchange e) {
        if (!e.client.https()) {
            return null;
        }
        TlsConfig tls = e.snapshot.config().tls();
        TlsConfig.Hsts hsts = tls == null ? null : tls.hsts();
        return hsts == null ? null : hsts.value();
    }

    /** Writes the response head kept back by {@link #onHead}, if it is still waiting. */
    private void writeHeldHead(Exchange e) {
        ByteBuf head = e.takeHead();
        if (head != null) {
            Channel client = connection.channel();
            client.write(head, client.voidPromise());
        }
    }

    private void onBody(Exchange e, ByteBuf body) {
        if (!e.responseStarted()) {
            body.release();
            return;
        }
        int n = body.readableBytes();
        e.bytesOut += n;
        Channel client = connection.channel();
        ByteBuf head = e.heldHead();
        if (head != null && !chunked && n <= BackendResponseDecoder.INLINE_BODY_BYTES) {
            e.takeHead();
            client.write(head.writeBytes(body), client.voidPromise());
            body.release();
        } else {
            writeHeldHead(e);
            if (chunked) {
                client.write(Chunks.sizeLine(client.alloc(), n, chunkOpen), client.voidPromise());
                chunkOpen = true;
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

    private void onEnd(Exchange e, BackendResponseDecoder.End end) {
        if (!e.responseStarted()) {
            end.release();
            return;
        }
        Channel client = connection.channel();
        writeHeldHead(e);
        if (chunked) {
            client.write(Chunks.last(client.alloc(), chunkOpen, end.content()), client.voidPromise());
        }
        end.release();
        client.flush();
        forwarder.endAttempt(e, Outcome.ofStatus(e.status));
        connection.finish(e);
    }

    private void onInvalid(Exchange e, BackendResponseDecoder.Invalid invalid) {
        String cause = "endpoint " + e.endpointId() + " sent an invalid response: " + invalid.reason();
        // a head that never left: the client can still get a 502, or the request a retry
        e.dropHead();
        if (!e.responseStarted()) {
            forwarder.attemptFailed(e, Outcome.RESET, false, HttpResponseStatus.BAD_GATEWAY, cause);
        } else {
            forwarder.endAttempt(e, Outcome.RESET);
            connection.cut(e, cause);
        }
    }

    @Override
    public void onBackendReadComplete() {
        Exchange e = connection.exchange();
        if (e != null && e.attached()) {
            e.lastActivity = clock.nanos();
            writeHeldHead(e);
        }
        connection.flush();
    }

    @Override
    public void onBackendClosed() {
        Exchange e = connection.exchange();
        if (e == null || !e.attached()) {
            return;
        }
        if (!e.responseStarted()) {
            forwarder.attemptFailed(e, Outcome.RESET, false, HttpResponseStatus.BAD_GATEWAY,
                "endpoint " + e.endpointId() + " closed the connection before a response");
        } else {
            String cause = "endpoint " + e.endpointId() + " closed the connection mid-response";
            forwarder.endAttempt(e, Outcome.RESET);
            connection.cut(e, cause);
        }
    }

    @Override
    public void onBackendWritable(boolean writable) {
        Exchange e = connection.exchange();
        if (e != null && e.attached()) {
            forwarder.onBackendWritable(e, writable);
        }
    }

    /** See {@link RequestForwarder#onBackendWriteFailed}. */
    @Override
    public void onBackendWriteFailed() {
        Exchange e = connection.exchange();
        if (e != null && e.attached()) {
            forwarder.onBackendWriteFailed(e);
        }
    }

    /** Reads from {@code source} exactly while {@code sink} can take more: the whole of backpressure. */
    static void follow(Channel source, Channel sink) {
        boolean writable = sink.isWritable();
        if (source.config().isAutoRead() != writable) {
            source.config().setAutoRead(writable);
        }
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }
}
