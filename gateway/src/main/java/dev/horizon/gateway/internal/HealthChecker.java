package dev.horizon.gateway.internal;

import dev.horizon.gateway.HealthProbe;
import dev.horizon.gateway.internal.tls.BackendTls;
import io.netty.bootstrap.Bootstrap;
import io.netty.handler.ssl.SslHandler;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpObject;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpVersion;
import java.net.InetSocketAddress;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Active health checks: every endpoint of every service with a {@code health} block gets {@code GET path} at its
 * interval (±20 % jitter) on a fresh connection; a response with an expected status within the timeout passes, a
 * refused connection, a timeout or any other status fails; a {@link HealthProbe#connect() TCP-connect} probe passes
 * when the connection opens within the timeout. Results feed {@link ServiceRuntime#onProbe}. A service with
 * {@code tls} is probed over TLS with its settings (CA, verification, SNI), so a certificate its requests would refuse
 * fails the probe too; a TCP-connect probe still passes on the TCP connection alone.
 *
 * <p>Each endpoint's probe loop re-reads the current snapshot before every probe and stops when its service or
 * endpoint is gone, so a reload needs no bookkeeping beyond {@link #start} for what is new.
 *
 * <p>After {@link #stop} (the gateway is shutting down) nothing more is scheduled: a reload that arrives then (a
 * fleet removing its instances while everything stops) would otherwise schedule a probe on an event loop that has
 * terminated, and Netty refuses that with a {@link RejectedExecutionException} thrown into the reloading thread.
 * A loop can still terminate between the check and the call, so a refused schedule is dropped quietly too.
 */
final class HealthChecker {

    private final EventLoopGroup group;
    private final Class<? extends SocketChannel> channelClass;
    private final Supplier<Snapshot> snapshots;
    private final Set<String> running = ConcurrentHashMap.newKeySet();
    private volatile boolean stopped;

    HealthChecker(EventLoopGroup group, Class<? extends SocketChannel> channelClass, Supplier<Snapshot> snapshots) {
        this.group = group;
        this.channelClass = channelClass;
        this.snapshots = snapshots;
    }

    /** Starts probe loops for every checked endpoint of the current snapshot that has none yet. */
    void start() {
        if (stopped) {
            return;
        }
        for (ServiceRuntime service : snapshots.get().services().values()) {
            HealthProbe probe = service.config().health();
            if (probe == null) {
                continue;
            }
            for (ServiceRuntime.Member m : service.members()) {
                String key = service.name() + "\u0000" + m.id();
                if (running.add(key)) {
                    long first = ThreadLocalRandom.current().nextLong(Math.max(1, probe.check().interval().toNanos()));
                    schedule(() -> probe(service.name(), m.id(), key), first);
                }
            }
        }
    }

    void stop() {
        stopped = true;
    }

    /** Schedules {@code task} on one of the loops unless the checker is stopped or the loops are going away. */
    private void schedule(Runnable task, long delayNanos) {
        if (stopped || group.isShuttingDown()) {
            return;
        }
        try {
            group.next().schedule(task, delayNanos, TimeUnit.NANOSECONDS);
        } catch (RejectedExecutionException e) {
            // the loops terminated between the check and the call: the gateway is stopping, so no probe is due
        }
    }

    private void probe(String serviceName, String endpointId, String key) {
        ServiceRuntime service = snapshots.get().services().get(serviceName);
        HealthProbe probe = service == null ? null : service.config().health();
        ServiceRuntime.Member member = service == null ? null : service.member(endpointId);
        if (stopped || service == null || probe == null || member == null) {
            running.remove(key);
            return;
        }
        AtomicBoolean reported = new AtomicBoolean();
        Runnable next = () -> schedule(() -> probe(serviceName, endpointId, key),
            probe.check().nextCheckDelayNanos(ThreadLocalRandom.current()));
        Consumer<Boolean> report = passed -> {
            if (reported.compareAndSet(false, true)) {
                service.onProbe(endpointId, passed);
                next.run();
            }
        };
        long timeoutMillis = Math.max(1, probe.check().timeout().toMillis());
        InetSocketAddress address = new InetSocketAddress(member.address.getHostString(), member.address.getPort());
        BackendTls tls = service.backendTls();
        Bootstrap b = new Bootstrap()
            .group(group.next())
            .channel(channelClass)
            .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) Math.min(Integer.MAX_VALUE, timeoutMillis))
            .handler(new ChannelInitializer<SocketChannel>() {
                @Override
                protected void initChannel(SocketChannel ch) {
                    if (tls != null) {
                        // the service's own TLS settings: a probe passes only where a request could go
                        ch.pipeline().addLast(tls.newHandler(ch.alloc(), member.address));
                    }
                    ch.pipeline().addLast(new HttpClientCodec());
                    ch.pipeline().addLast(new ProbeAnswer(probe, report));
                }
            });
        b.connect(address).addListener((ChannelFutureListener) f -> {
            if (!f.isSuccess() || probe.connect()) {
                report.accept(f.isSuccess());
                f.channel().close();
                return;
            }
            Channel ch = f.channel();
            ch.eventLoop().schedule(() -> {
                report.accept(false);
                ch.close();
            }, timeoutMillis, TimeUnit.MILLISECONDS);
            send(ch, request(probe, member.config.address()));
        });
    }

    /**
     * Writes the probe's request, over TLS once the handshake is done: a request written before it would wait in the
     * TLS handler, and a handshake that fails fails the probe on its own (the handler's exception closes it).
     */
    private static void send(Channel ch, DefaultFullHttpRequest request) {
        SslHandler ssl = ch.pipeline().get(SslHandler.class);
        if (ssl == null) {
            ch.writeAndFlush(request);
            return;
        }
        ssl.handshakeFuture().addListener(h -> {
            if (h.isSuccess()) {
                ch.writeAndFlush(request);
            } else {
                request.release();
            }
        });
    }

    /** The probe's request: {@code GET path} naming the endpoint as its host, closing the connection after. */
    private static DefaultFullHttpRequest request(HealthProbe probe, String host) {
        DefaultFullHttpRequest request = new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.GET,
            probe.path());
        request.headers()
            .set(HttpHeaderNames.HOST, host)
            .set(HttpHeaderNames.USER_AGENT, "horizon-health-check")
            .set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE)
            .set(HttpHeaderNames.CONTENT_LENGTH, 0);
        return request;
    }

    /** Reports the probe's verdict on the response's status; a failure or a close before it fails the probe. */
    private static final class ProbeAnswer extends SimpleChannelInboundHandler<HttpObject> {

        private final HealthProbe probe;
        private final Consumer<Boolean> report;

        ProbeAnswer(HealthProbe probe, Consumer<Boolean> report) {
            this.probe = probe;
            this.report = report;
        }

        @Override
        protected void channelRead0(ChannelHandlerContext ctx, HttpObject msg) {
            if (msg instanceof HttpResponse r) {
                report.accept(probe.passes(r.status().code()));
                ctx.close();
            }
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            report.accept(false);
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            report.accept(false);
            ctx.close();
        }
    }
}
