package dev.horizon.gateway.internal;

import dev.horizon.balance.OutlierDetector.Outcome;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.socket.ChannelInputShutdownEvent;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.ScheduledFuture;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;

/**
 * A WebSocket connection through the gateway, from the endpoint's {@code 101 Switching Protocols} to the close:
 * both directions are relayed as raw bytes, with backpressure both ways, and the backend connection never goes back
 * to the keep-alive pool. It takes the place of the {@link ProxyHandler} in the client's pipeline and is the listener
 * of the backend connection.
 *
 * <p>It ends when either side closes (the other is closed once what it was sent has left), when no byte moved
 * either way for {@code gateway.websocket.idle-timeout}, or when the gateway shuts down; in the last two cases each
 * side first gets a Close frame with status 1001 (Going Away) if the tunnel is between two of that direction's frames
 * ({@link WebSocketFrames}), and the client is given a moment to answer it before its connection closes (RFC 6455
 * §7.1.1: the server closes the TCP connection, after the closing handshake). The access-log line is written when the
 * tunnel ends: status 101, the time from the request head, the bytes sent to the client and why it ended.
 *
 * <p>Implementation notes. The L4 proxy's backpressure ({@code internal.tcp}): both channels live on one event loop,
 * and each side is read exactly while the other can take more ({@link ResponseRelay#follow}). The frames are only
 * followed, never parsed or changed: extensions (permessage-deflate) and subprotocols are the endpoint's and the
 * client's business. HAProxy's {@code timeout tunnel} and nginx's {@code proxy_read_timeout} are the idle timeout's
 * models; unlike them the gateway says goodbye with a Close frame rather than a bare TCP close.
 */
final class WebSocketTunnel extends ChannelDuplexHandler implements BackendPool.BackendListener {

    /** How long a client may take to answer the gateway's Close frame before its connection closes anyway. */
    private static final long CLOSE_GRACE_NANOS = TimeUnit.SECONDS.toNanos(2);
    private static final byte[] UPGRADE_FIELDS = ("connection: upgrade\r\nupgrade: websocket\r\nvia: "
        + ForwardedHeaders.VIA_VALUE + "\r\n").getBytes(StandardCharsets.US_ASCII);
    private static final short CRLF = (short) 0x0D0A;

    private final Channel client;
    private final Channel backend;
    private final WebSocketMetrics.Service metrics;
    private final ExchangeLog log;
    private final GatewayClock clock;
    private final long idleNanos;
    private final WebSocketFrames toClient = new WebSocketFrames();
    /** Whether the endpoint's Close frame came before the client's; null while neither sent one. */
    private @Nullable Boolean endpointBeganClose;
    private final WebSocketFrames toEndpoint = new WebSocketFrames();
    private ExchangeLog.@Nullable Entry handshake;
    private long startNanos;
    private long lastActivity;
    private long bytesToClient;
    /** Whether the gateway said goodbye ({@link #goAway}), and why: the reason the access log gives. */
    private boolean closing;
    private String causeOnEnd = "";
    private boolean ended;
    private @Nullable ScheduledFuture<?> timer;

    private WebSocketTunnel(Channel client, Channel backend, WebSocketMetrics.Service metrics, ExchangeLog log,
        GatewayClock clock, long idleNanos) {
        this.client = client;
        this.backend = backend;
        this.metrics = metrics;
        this.log = log;
        this.clock = clock;
        this.idleNanos = idleNanos;
    }

    /**
     * The endpoint accepted the exchange's WebSocket handshake with {@code head} (the client-bound 101 head, open for
     * the gateway's fields): the exchange ends, and a tunnel takes over both connections. On the client's loop.
     */
    static void open(ProxyHandler connection, RequestForwarder forwarder, Exchange e, ByteBuf head) {
        Channel client = connection.channel();
        Channel backend = e.backend;
        ServiceRuntime service = e.service;
        if (backend == null || service == null) {
            head.release();
            throw new IllegalStateException("exchange " + e.requestId + ": 101 without an attempt under way");
        }
        GatewayClock clock = connection.clock;
        e.status = 101;
        if (e.permit != null) {
            e.headNanos = clock.nanos();
        }
        ForwardedHeaders.field(head, ForwardedHeaders.X_REQUEST_ID, e.requestId);
        head.writeBytes(UPGRADE_FIELDS).writeShort(CRLF);
        // the tunnel keeps the backend connection: the attempt ends without pooling or closing it
        e.backend = null;
        forwarder.endAttempt(e, Outcome.SUCCESS);
        WebSocketMetrics.Service metrics = connection.webSockets.of(service.name());
        WebSocketTunnel tunnel = new WebSocketTunnel(client, backend, metrics, connection.log, clock,
            e.snapshot.config().webSocket().idleTimeout().toNanos());
        tunnel.startNanos = e.startNanos;
        connection.upgraded(e, entry -> tunnel.handshake = entry);
        metrics.upgrades.increment();
        metrics.open.increment();
        client.pipeline().replace(connection, "websocket", tunnel);
        client.write(head, client.voidPromise());
        backend.attr(BackendPool.LISTENER).set(tunnel);
        // what either side sent behind the handshake is held by its decoder, which hands it on when removed
        backend.pipeline().remove(BackendResponseDecoder.class);
        client.pipeline().remove(StrictRequestDecoder.class);
        client.flush();
        backend.flush();
        tunnel.lastActivity = clock.nanos();
        ResponseRelay.follow(backend, client);
        ResponseRelay.follow(client, backend);
        tunnel.schedule(tunnel.idleNanos);
        if (connection.closesAfterResponse()) {
            // the shutdown's drain reached the connection while the endpoint was still answering the handshake
            tunnel.goAway("gateway shutdown");
        }
    }

    // ---- client to endpoint ----

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (closing && msg instanceof ByteBuf answer) {
            // the client's answer to the gateway's Close is followed, not passed on: once whole, the handshake is done
            toEndpoint.follow(answer);
            answer.release();
            if (toEndpoint.closeWhole()) {
                end("gateway closed the connection");
            }
            return;
        }
        if (closing || !(msg instanceof ByteBuf bytes)) {
            ReferenceCountUtil.release(msg);
            return;
        }
        lastActivity = clock.nanos();
        toEndpoint.follow(bytes);
        noteClose(toEndpoint, false);
        metrics.toEndpoint.add(bytes.readableBytes());
        backend.write(bytes, backend.voidPromise());
        if (!backend.isWritable()) {
            backend.flush();
        }
        ResponseRelay.follow(client, backend);
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        backend.flush();
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        if (!closing) {
            ResponseRelay.follow(backend, client);
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        clientClosed();
    }

    /**
     * The client's side ended. Whoever sent the first Close frame ended the tunnel; without one, the endpoint did when
     * its connection is already closed. A client answers the endpoint's Close frame with its own and closes at once,
     * which the gateway can hear before the endpoint's own end (Netty delivers a channel's inactive event as a later
     * task, and the endpoint's FIN may come after the client's answer on loopback).
     */
    private void clientClosed() {
        Boolean endpoint = endpointBeganClose;
        end(closedBy(endpoint != null ? endpoint : !backend.isActive()));
    }

    /** Notes which side sent the first Close frame, once {@code direction} (the endpoint's or not) has begun one. */
    private void noteClose(WebSocketFrames direction, boolean endpoint) {
        if (endpointBeganClose == null && direction.closeBegun()) {
            endpointBeganClose = endpoint;
        }
    }

    /** Who ended the tunnel, for its access-log line. */
    private static String closedBy(boolean endpoint) {
        return endpoint ? "endpoint closed the connection" : "client closed the connection";
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
        if (evt == DataPlane.DRAIN) {
            goAway("gateway shutdown");
        } else if (evt instanceof ChannelInputShutdownEvent) {
            clientClosed();
        } else {
            ctx.fireUserEventTriggered(evt);
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        end("client connection failed: " + cause.getClass().getSimpleName());
    }

    // ---- endpoint to client ----

    @Override
    public void onBackendRead(Object msg) {
        if (closing || !(msg instanceof ByteBuf bytes)) {
            ReferenceCountUtil.release(msg);
            return;
        }
        lastActivity = clock.nanos();
        toClient.follow(bytes);
        noteClose(toClient, true);
        int n = bytes.readableBytes();
        bytesToClient += n;
        metrics.toClient.add(n);
        client.write(bytes, client.voidPromise());
        if (!client.isWritable()) {
            client.flush();
        }
        ResponseRelay.follow(backend, client);
    }

    @Override
    public void onBackendReadComplete() {
        client.flush();
    }

    @Override
    public void onBackendClosed() {
        // after a closing handshake the client began, the endpoint closes first (RFC 6455 §7.1.1): the client ended it
        Boolean endpoint = endpointBeganClose;
        end(closedBy(endpoint == null || endpoint));
    }

    @Override
    public void onBackendWritable(boolean writable) {
        if (!closing) {
            ResponseRelay.follow(client, backend);
        }
    }

    @Override
    public void onBackendWriteFailed() {
        end("writing to the endpoint failed");
    }

    // ---- the end ----

    private void schedule(long delayNanos) {
        timer = client.eventLoop().schedule(this::tick, delayNanos, TimeUnit.NANOSECONDS);
    }

    /** The idle timeout while open; the end of the client's time to answer the Close frame while closing. */
    private void tick() {
        if (ended) {
            return;
        }
        long quiet = clock.nanos() - lastActivity;
        if (closing) {
            end("gateway closed the connection");
        } else if (quiet >= idleNanos) {
            goAway("idle timeout");
        } else {
            schedule(idleNanos - quiet);
        }
    }

    /**
     * Says goodbye to both sides with a Close frame 1001 (where the direction is between frames), closes the
     * endpoint's connection and gives the client {@link #CLOSE_GRACE_NANOS} to answer before closing its own; what
     * either sends meanwhile is dropped, and the client's Close frame, once whole, ends the wait. No Close goes to a
     * side that was already sent one (§5.5.1: nothing after a Close).
     */
    private void goAway(String cause) {
        if (closing || ended) {
            return;
        }
        closing = true;
        cancelTimer();
        if (toClient.betweenFrames() && !toClient.closeBegun()) {
            client.writeAndFlush(WebSocketFrames.close(client.alloc(), WebSocketFrames.GOING_AWAY, cause, false));
        }
        if (toEndpoint.betweenFrames() && !toEndpoint.closeBegun()) {
            backend.write(WebSocketFrames.close(backend.alloc(), WebSocketFrames.GOING_AWAY, cause, true));
        }
        backend.attr(BackendPool.LISTENER).set(null);
        backend.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(ChannelFutureListener.CLOSE);
        client.config().setAutoRead(true);
        causeOnEnd = cause;
        schedule(CLOSE_GRACE_NANOS);
    }

    /** Closes both connections once what they were sent has left, and writes the access-log line; once. */
    private void end(String cause) {
        if (ended) {
            return;
        }
        ended = true;
        cancelTimer();
        backend.attr(BackendPool.LISTENER).set(null);
        backend.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(ChannelFutureListener.CLOSE);
        client.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(ChannelFutureListener.CLOSE);
        metrics.open.decrement();
        ExchangeLog.Entry h = handshake;
        if (h != null) {
            log.record(new ExchangeLog.Entry(h.startMillis(), h.requestId(), h.client(), h.method(), h.path(),
                h.route(), h.service(), 101, bytesToClient, clock.nanos() - startNanos, h.endpoint(), h.attempts(),
                causeOnEnd.isEmpty() ? cause : causeOnEnd));
        }
    }

    private void cancelTimer() {
        ScheduledFuture<?> t = timer;
        if (t != null) {
            t.cancel(false);
            timer = null;
        }
    }
}
