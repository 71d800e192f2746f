package dev.horizon.gateway.internal.tcp;

import dev.horizon.gateway.TcpListener;
import dev.horizon.gateway.internal.GatewayClock;
import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelOption;
import io.netty.channel.socket.ChannelInputShutdownEvent;
import io.netty.channel.socket.DuplexChannel;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.haproxy.HAProxyMessage;
import io.netty.handler.codec.haproxy.HAProxyMessageEncoder;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.util.ReferenceCountUtil;
import java.net.InetSocketAddress;
import java.util.ArrayDeque;
import java.util.HashSet;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * One client connection of an L4 listener, from the choice of its listener to its close; lives on the client's event
 * loop, with its endpoint connection opened on the same loop.
 *
 * <p>Connect: the service's balancer picks an endpoint (keyed by the client's address for hash balancers); a refused
 * or timed-out connect is a connect failure for outlier detection and the next endpoint is tried, up to the
 * service's attempts. Nothing of the client's is sent before a connect succeeded, so a retry is always safe (Envoy
 * {@code tcp_proxy}'s {@code max_connect_attempts}). What the client sends meanwhile waits here.
 *
 * <p>Relay: bytes go as they come, flushed at the end of each read burst; when one side's outbound buffer is above
 * its high-water mark the other side stops reading until it drains (Netty's {@code HexDumpProxy} with writability
 * instead of per-write callbacks). A half close is passed on: a FIN from one side shuts the other's output once what
 * came before is written, and the connection closes when both directions are done, or when either side closes.
 */
final class TcpConnection extends ChannelInboundHandlerAdapter {

    private final TcpListener listener;
    private final TcpService service;
    private final TcpMetrics.Counters counters;
    private final Class<? extends SocketChannel> channelClass;
    private final TcpLog log;
    private final ArrayDeque<Object> waiting = new ArrayDeque<>();
    private final Set<String> tried = new HashSet<>(4);
    private final GatewayClock clock;
    private final long startNanos;
    private final long startMillis;
    private @Nullable Channel client;
    private @Nullable Channel backend;
    private @Nullable TcpEndpoint endpoint;
    private int attempts;
    private long bytesIn;
    private long bytesOut;
    private boolean clientDone;
    private boolean backendDone;
    private boolean finished;
    private String cause = "";

    TcpConnection(TcpListener listener, TcpService service, TcpMetrics.Counters counters,
        Class<? extends SocketChannel> channelClass, TcpLog log, GatewayClock clock) {
        this.listener = listener;
        this.clock = clock;
        this.startNanos = clock.nanos();
        this.startMillis = clock.epochMillis();
        this.service = service;
        this.counters = counters;
        this.channelClass = channelClass;
        this.log = log;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        Channel ch = ctx.channel();
        client = ch;
        ch.config().setAutoRead(false);
        connect(ch);
    }

    private void connect(Channel ch) {
        InetSocketAddress remote = (InetSocketAddress) ch.remoteAddress();
        TcpEndpoint e = service.pick(remote == null ? "" : remote.getAddress().getHostAddress(), tried);
        if (e == null || !tried.add(e.id())) {
            cause = e == null ? "no endpoint" : "connect failed";
            ch.close();
            return;
        }
        attempts++;
        InetSocketAddress address = e.address().isUnresolved()
            ? new InetSocketAddress(e.address().getHostString(), e.address().getPort()) : e.address();
        new Bootstrap()
            .group(ch.eventLoop())
            .channel(channelClass)
            .option(ChannelOption.CONNECT_TIMEOUT_MILLIS,
                (int) Math.min(Integer.MAX_VALUE, listener.connectTimeout().toMillis()))
            .option(ChannelOption.TCP_NODELAY, true)
            .option(ChannelOption.AUTO_READ, false)
            .option(ChannelOption.ALLOW_HALF_CLOSURE, true)
            .handler(new BackendSide())
            .connect(address)
            .addListener((ChannelFutureListener) f -> connected(ch, e, f));
    }

    private void connected(Channel ch, TcpEndpoint e, ChannelFuture f) {
        if (!f.isSuccess()) {
            service.connectFailed(e);
            counters.connectErrors.increment();
            if (!ch.isActive()) {
                return;
            }
            if (attempts < service.attempts()) {
                connect(ch);
            } else {
                cause = "connect failed";
                ch.close();
            }
            return;
        }
        Channel b = f.channel();
        if (!ch.isActive()) {
            b.close();
            return;
        }
        backend = b;
        endpoint = e;
        service.connected(e);
        HAProxyMessage header = ProxyHeader.of(listener.proxyProtocol(), (InetSocketAddress) ch.remoteAddress(),
            (InetSocketAddress) ch.localAddress());
        if (header != null) {
            b.pipeline().addFirst(HAProxyMessageEncoder.INSTANCE);
            b.write(header);
        }
        while (!waiting.isEmpty()) {
            b.write(waiting.poll());
        }
        b.flush();
        if (clientDone) {
            shutdownOutput(b);
        }
        ch.config().setAutoRead(true);
        b.config().setAutoRead(true);
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof ByteBuf buf) {
            int n = buf.readableBytes();
            bytesIn += n;
            counters.bytesIn.add(n);
        }
        Channel b = backend;
        if (b == null) {
            waiting.add(msg);
        } else {
            b.write(msg, b.voidPromise());
        }
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        Channel b = backend;
        if (b != null) {
            b.flush();
            if (!b.isWritable()) {
                ctx.channel().config().setAutoRead(false);
            }
        }
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        Channel b = backend;
        if (b != null && ctx.channel().isWritable()) {
            b.config().setAutoRead(true);
        }
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
        if (evt instanceof IdleStateEvent || evt == TcpProxy.SHUTDOWN) {
            cause = evt == TcpProxy.SHUTDOWN ? "shutdown" : "idle timeout";
            ctx.close();
        } else if (evt == ChannelInputShutdownEvent.INSTANCE) {
            clientDone = true;
            Channel b = backend;
            if (b != null) {
                shutdownOutput(b);
                closeIfBothDone();
            }
        } else {
            ctx.fireUserEventTriggered(evt);
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        Channel b = backend;
        if (b != null) {
            b.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(ChannelFutureListener.CLOSE);
        }
        finish();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        ctx.close();
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        while (!waiting.isEmpty()) {
            ReferenceCountUtil.release(waiting.poll());
        }
    }

    private void closeIfBothDone() {
        Channel c = client;
        if (clientDone && backendDone && c != null) {
            c.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(ChannelFutureListener.CLOSE);
        }
    }

    /** Sends a FIN to {@code ch} once what was written before it has gone. */
    private static void shutdownOutput(Channel ch) {
        ch.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener((ChannelFutureListener) f -> {
            if (ch instanceof DuplexChannel d && ch.isActive()) {
                d.shutdownOutput();
            }
        });
    }

    /** Once, when the client's connection closed: the endpoint's load, the gauges and the access-log line. */
    private void finish() {
        if (finished) {
            return;
        }
        finished = true;
        TcpEndpoint e = endpoint;
        if (e != null) {
            service.closed(e);
        }
        counters.active.decrementAndGet();
        Channel c = client;
        log.record(new TcpLog.Entry(startMillis, listener.name(), listener.service(),
            c == null ? null : (InetSocketAddress) c.remoteAddress(), e == null ? "" : e.id(), bytesIn, bytesOut,
            clock.nanos() - startNanos, attempts, cause));
        while (!waiting.isEmpty()) {
            ReferenceCountUtil.release(waiting.poll());
        }
    }

    /** The endpoint connection's handler: its bytes go to the client, its close closes the client. */
    private final class BackendSide extends ChannelInboundHandlerAdapter {

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            Channel c = client;
            if (msg instanceof ByteBuf buf) {
                int n = buf.readableBytes();
                bytesOut += n;
                counters.bytesOut.add(n);
            }
            if (c == null) {
                ReferenceCountUtil.release(msg);
                return;
            }
            c.write(msg, c.voidPromise());
        }

        @Override
        public void channelReadComplete(ChannelHandlerContext ctx) {
            Channel c = client;
            if (c != null) {
                c.flush();
                if (!c.isWritable()) {
                    ctx.channel().config().setAutoRead(false);
                }
            }
        }

        @Override
        public void channelWritabilityChanged(ChannelHandlerContext ctx) {
            Channel c = client;
            if (c != null && ctx.channel().isWritable()) {
                c.config().setAutoRead(true);
            }
        }

        @Override
        public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
            Channel c = client;
            if (evt == ChannelInputShutdownEvent.INSTANCE && c != null) {
                backendDone = true;
                shutdownOutput(c);
                closeIfBothDone();
            } else {
                ctx.fireUserEventTriggered(evt);
            }
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            Channel c = client;
            if (c != null && c.isActive() && backend == ctx.channel()) {
                c.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(ChannelFutureListener.CLOSE);
            }
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            ctx.close();
        }
    }
}
