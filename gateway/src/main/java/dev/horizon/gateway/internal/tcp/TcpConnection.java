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
import io.netty.channel.epoll.AbstractEpollStreamChannel;
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
 *
 * <p>Splice (the listener's {@code splice}, epoll transport only): once the endpoint is connected and what waited
 * (the PROXY header, the ClientHello, early bytes) is written, each side is spliced to the other with Netty's
 * {@link AbstractEpollStreamChannel#spliceTo} — socket to pipe to socket in the kernel, no buffer in the JVM, no
 * {@code channelRead}. Netty then does the flow control itself (a source stops reading while its splice waits for the
 * target), and a FIN still arrives as an input shutdown, so the half close above holds — but Netty (4.2.18) shuts
 * a splicing channel's input as soon as the FIN is seen, even when the pipe was full and bytes are still queued in
 * the socket (Linux keeps them readable after {@code SHUT_RD}). So on that event the side is read on until a read
 * round moves nothing while its splice is not waiting for the target, and only then is the FIN passed on. Bytes are
 * counted by
 * {@link ReadCount} on both channels, and since the idle timer sees no reads then, an idle event closes the
 * connection only when no byte moved since the previous one.
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
    /** Set when the listener splices: counts the client's bytes, read or spliced. */
    private @Nullable ReadCount clientReads;
    private @Nullable ReadCount backendReads;
    private boolean splicing;
    /** A FIN came from the client (resp. endpoint) while splicing; what is still queued behind it is being read. */
    private boolean clientEof;
    private boolean backendEof;
    private long lastMoved;
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
        if (listener.splice() && ch instanceof AbstractEpollStreamChannel
            && ch.config().getRecvByteBufAllocator() instanceof ReadCount reads) {
            clientReads = reads;
            reads.sink(counters.bytesIn);
        }
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
        EpollInterest.keep(b);
        backend = b;
        endpoint = e;
        BackendSide side = b.pipeline().get(BackendSide.class);
        ReadCount reads = side == null ? null : side.reads;
        if (reads != null) {
            backendReads = reads;
            reads.sink(counters.bytesOut);
        }
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
        if (reads != null) {
            splice(ch, b);
        }
        // a side whose input already ended (a client that sent its request and FIN before the connect finished) is
        // not read again: turning reads back on for it would fail on epoll and close the connection, answer unsent
        if (!clientDone) {
            ch.config().setAutoRead(true);
        }
        b.config().setAutoRead(true);
    }

    /** Splices each side to the other until one closes; a splice that fails closes the client once flushed. */
    private void splice(Channel ch, Channel b) {
        splicing = true;
        ChannelFutureListener failed = f -> {
            if (!f.isSuccess()) {
                ch.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(ChannelFutureListener.CLOSE);
            }
        };
        AbstractEpollStreamChannel c = (AbstractEpollStreamChannel) ch;
        AbstractEpollStreamChannel e = (AbstractEpollStreamChannel) b;
        c.spliceTo(e, Integer.MAX_VALUE).addListener(failed);
        e.spliceTo(c, Integer.MAX_VALUE).addListener(failed);
    }

    /** Bytes from the client so far. */
    private long bytesIn() {
        ReadCount r = clientReads;
        return r == null ? bytesIn : r.total();
    }

    /** Bytes from the endpoint so far. */
    private long bytesOut() {
        ReadCount r = backendReads;
        return r == null ? bytesOut : r.total();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof ByteBuf buf && clientReads == null) {
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
        if (splicing) {
            if (clientEof && drained(ctx.channel(), clientReads)) {
                clientEof = false;
                clientInputDone();
            }
            return;
        }
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
        if (b != null && !splicing && !backendDone && ctx.channel().isWritable()) {
            b.config().setAutoRead(true);
        }
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
        if (evt instanceof IdleStateEvent && splicing) {
            long moved = bytesIn() + bytesOut();
            if (moved != lastMoved) {
                lastMoved = moved;
                return;
            }
        }
        if (evt instanceof IdleStateEvent || evt == TcpProxy.SHUTDOWN) {
            cause = evt == TcpProxy.SHUTDOWN ? "shutdown" : "idle timeout";
            ctx.close();
        } else if (evt == ChannelInputShutdownEvent.INSTANCE) {
            if (splicing) {
                clientEof = true;
                readOn(ctx.channel());
            } else {
                clientInputDone();
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

    /** The client sent everything it will: pass the FIN on once written. */
    private void clientInputDone() {
        clientDone = true;
        Channel b = backend;
        if (b != null) {
            shutdownOutput(b);
            closeIfBothDone();
        }
    }

    /** The endpoint sent everything it will: pass the FIN on once written. */
    private void backendInputDone() {
        Channel c = client;
        if (c != null) {
            backendDone = true;
            shutdownOutput(c);
            closeIfBothDone();
        }
    }

    /** After a FIN while splicing: wake the side for what may still be queued in its socket (see class notes). */
    private static void readOn(Channel ch) {
        if (ch.config().isAutoRead()) {
            ch.read();
        }
    }

    /**
     * Whether a spliced side past its FIN has nothing left: its last round moved no byte and its splice is not
     * waiting for the target (Netty clears auto-read while it waits). Then it stops reading.
     */
    private static boolean drained(Channel ch, @Nullable ReadCount reads) {
        if (reads == null || !reads.roundEmpty() || !ch.config().isAutoRead()) {
            return false;
        }
        ch.config().setAutoRead(false);
        return true;
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
            c == null ? null : (InetSocketAddress) c.remoteAddress(), e == null ? "" : e.id(), bytesIn(), bytesOut(),
            clock.nanos() - startNanos, attempts, cause));
        while (!waiting.isEmpty()) {
            ReferenceCountUtil.release(waiting.poll());
        }
    }

    /** The endpoint connection's handler: its bytes go to the client, its close closes the client. */
    private final class BackendSide extends ChannelInboundHandlerAdapter {

        /** When the client's bytes are counted by a {@link ReadCount}, this endpoint connection's are too. */
        private @Nullable ReadCount reads;

        @Override
        public void handlerAdded(ChannelHandlerContext ctx) {
            if (clientReads != null) {
                ReadCount r = new ReadCount(ctx.channel().config().getRecvByteBufAllocator());
                ctx.channel().config().setRecvByteBufAllocator(r);
                reads = r;
            }
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            Channel c = client;
            if (msg instanceof ByteBuf buf && reads == null) {
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
            if (splicing) {
                if (backendEof && drained(ctx.channel(), reads)) {
                    backendEof = false;
                    backendInputDone();
                }
                return;
            }
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
            if (c != null && !splicing && !clientDone && ctx.channel().isWritable()) {
                c.config().setAutoRead(true);
            }
        }

        @Override
        public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
            if (evt == ChannelInputShutdownEvent.INSTANCE && splicing) {
                backendEof = true;
                readOn(ctx.channel());
            } else if (evt == ChannelInputShutdownEvent.INSTANCE) {
                backendInputDone();
            } else {
                ctx.fireUserEventTriggered(evt);
            }
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            Channel c = client;
            if (c != null && c.isActive() && backend == ctx.channel()) {
                if (!backendDone && cause.isEmpty()) {
                    cause = "endpoint closed"; // gone without its FIN first: died, reset, or was killed
                }
                c.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(ChannelFutureListener.CLOSE);
            }
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            ctx.close();
        }
    }
}
