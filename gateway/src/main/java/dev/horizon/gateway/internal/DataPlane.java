package dev.horizon.gateway.internal;

import dev.horizon.gateway.CertificateStatus;
import dev.horizon.gateway.GatewayConfig;
import dev.horizon.gateway.ServicesView;
import dev.horizon.gateway.TcpListenerStatus;
import dev.horizon.gateway.TlsConfig;
import dev.horizon.gateway.internal.tcp.TcpLog;
import dev.horizon.gateway.internal.tcp.TcpProxy;
import dev.horizon.gateway.internal.http2.Http2Connections;
import dev.horizon.gateway.internal.http2.PriorKnowledge;
import dev.horizon.gateway.internal.tls.TlsListener;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.ServerChannel;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.util.concurrent.EventExecutor;
import io.netty.util.concurrent.GlobalEventExecutor;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.ToLongFunction;
import org.jspecify.annotations.Nullable;

/**
 * The Netty side of a {@link dev.horizon.gateway.Gateway}: event loops, the listening socket, the client pipelines,
 * the current {@link Snapshot}, health checks and the periodic upkeep of the services.
 *
 * <p>Client pipeline: {@link StrictRequestDecoder} (nothing malformed passes; it tells the proxy of every raw read,
 * for the head deadline) → {@link ProxyHandler}, which writes responses as bytes it has serialized itself.
 */
public final class DataPlane {

    private static final Duration UPKEEP_PERIOD = Duration.ofMillis(250);
    private static final Duration POOL_IDLE_TIMEOUT = Duration.ofSeconds(15);
    private static final Duration POOL_SWEEP_PERIOD = Duration.ofSeconds(1);
    /** The shutdown's drain event, fired into every client pipeline. */
    static final Object DRAIN = new Object();

    private final EventLoopGroup group;
    private final Class<? extends SocketChannel> channelClass;
    private final AtomicReference<Snapshot> snapshot;
    private final ChannelGroup clients = new DefaultChannelGroup("horizon-clients", GlobalEventExecutor.INSTANCE);
    private final Map<ProxyHandler, Channel> proxies = new ConcurrentHashMap<>();
    private final Set<Http2Connections.Idle> http2Idle = ConcurrentHashMap.newKeySet();
    private final BackendPool pool;
    private final HealthChecker health;
    private final StickyRouting sticky;
    private final GatewayMetrics metrics = new GatewayMetrics();
    private final WebSocketMetrics webSockets = new WebSocketMetrics();
    private final ExchangeLog log;
    private final Channel server;
    private final GatewayClock clock;
    private final RedisLimits redisLimits;
    private final TcpProxy tcp;
    private final @Nullable TlsListener tls;
    private final Http2Front http2;
    private volatile boolean draining;

    private DataPlane(GatewayConfig config, ExchangeLog log, TcpLog tcpLog, GatewayClock clock) {
        this.clock = clock;
        boolean epoll = Epoll.isAvailable();
        IoHandlerFactory io = epoll ? EpollIoHandler.newFactory() : NioIoHandler.newFactory();
        this.group = new MultiThreadIoEventLoopGroup(config.ioThreads(), io);
        this.channelClass = epoll ? EpollSocketChannel.class : NioSocketChannel.class;
        Class<? extends ServerChannel> serverClass = epoll ? EpollServerSocketChannel.class
            : NioServerSocketChannel.class;
        this.redisLimits = new RedisLimits(clock);
        this.snapshot = new AtomicReference<>(Snapshot.build(config, null, clock::nanos, redisLimits));
        this.pool = new BackendPool(BackendPool.tcp(channelClass, config.timeouts().connect()), POOL_IDLE_TIMEOUT);
        this.sticky = new StickyRouting(StickyCookies.fromEnvironment(), clock);
        this.health = new HealthChecker(group, channelClass, snapshot::get);
        this.log = log == ExchangeLog.NONE ? metrics : exchange -> {
            metrics.record(exchange);
            log.record(exchange);
        };
        this.http2 = new Http2Front(config.http2(), proxies, http2Idle, () -> new ProxyHandler(snapshot::get, pool,
            this.log, sticky, clock, webSockets), DRAIN, clock, snapshot::get);
        // a client's FIN is a half-close: what it sent before is still answered (ProxyHandler#userEventTriggered)
        ServerBootstrap bootstrap = ServerChannels.halfClosing(group, serverClass, this::initPlain);
        try {
            this.server = bootstrap.bind(config.listen()).sync().channel();
        } catch (Exception e) {
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS);
            throw new IllegalStateException("cannot listen on " + config.listen().getHostString() + ":"
                + config.listen().getPort() + ": " + e.getMessage(), e);
        }
        this.tcp = new TcpProxy(group, serverClass, channelClass, new TcpBackends(snapshot::get), tcpLog, clock);
        startTcp(config);
        this.tls = startTls(config, serverClass);
        health.start();
        group.scheduleAtFixedRate(this::upkeep, UPKEEP_PERIOD.toNanos(), UPKEEP_PERIOD.toNanos(),
            TimeUnit.NANOSECONDS);
        for (EventExecutor loop : group) {
            loop.scheduleAtFixedRate(() -> pool.closeExpired(clock.nanos()), POOL_SWEEP_PERIOD.toNanos(),
                POOL_SWEEP_PERIOD.toNanos(), TimeUnit.NANOSECONDS);
        }
    }

    /** The client pipeline of both listeners (the TLS one puts its handlers in front); closes what is over limit. */
    private void initClient(SocketChannel ch) {
        int limit = snapshot.get().config().maxConnections();
        if (draining || !ConnectionLimit.admit(clients.size(), limit, proxies, http2Idle)) {
            ch.close();
            return;
        }
        clients.add(ch);
        ProxyHandler proxy = new ProxyHandler(snapshot::get, pool, log, sticky, clock, webSockets);
        proxies.put(proxy, ch);
        ch.closeFuture().addListener(f -> proxies.remove(proxy));
        ch.pipeline()
            .addLast("decoder", new StrictRequestDecoder(RequestLimits.DEFAULTS, proxy::bytesArrived))
            .addLast("proxy", proxy)
            .addLast("drain", new DrainListener(proxy));
    }

    /** The plain listener's pipeline: {@link #initClient}'s, behind h2c's preface check when that is on. */
    private void initPlain(SocketChannel ch) {
        initClient(ch);
        if (ch.isOpen() && config().http2().h2c()) {
            ch.pipeline().addFirst("h2c", new PriorKnowledge(http2::toHttp2));
        }
    }

    /** Binds the TLS listener when one is configured; when it cannot start, stops everything started so far. */
    private @Nullable TlsListener startTls(GatewayConfig config, Class<? extends ServerChannel> serverClass) {
        TlsConfig tlsConfig = config.tls();
        if (tlsConfig == null) {
            return null;
        }
        try {
            return new TlsListener(tlsConfig, group, serverClass, this::initClient,
                config.http2().enabled() ? http2::toHttp2 : null, () -> Instant.ofEpochMilli(clock.epochMillis()));
        } catch (RuntimeException e) {
            server.close().syncUninterruptibly();
            tcp.closeAll();
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS);
            throw e;
        }
    }

    /** Binds the L4 listeners; when one cannot be bound, stops everything started so far. */
    private void startTcp(GatewayConfig config) {
        try {
            tcp.apply(config.tcp());
        } catch (IllegalStateException e) {
            server.close().syncUninterruptibly();
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS);
            throw e;
        }
    }

    /** Starts a data plane for {@code config}; access-log lines go to standard output when enabled. */
    public static DataPlane start(GatewayConfig config) {
        AccessLog log = config.accessLog() ? AccessLog.toStandardOutput() : null;
        return new DataPlane(config, log == null ? ExchangeLog.NONE : log,
            log == null ? TcpLog.NONE : e -> log.write(e.json()), GatewayClock.system());
    }

    /** Starts a data plane whose exchanges (access-log entries) go to {@code log}, whatever the config says. */
    static DataPlane start(GatewayConfig config, ExchangeLog log) {
        return new DataPlane(config, log, TcpLog.NONE, GatewayClock.system());
    }

    /** Starts a data plane whose L4 connections' access-log entries go to {@code tcpLog}. */
    static DataPlane start(GatewayConfig config, TcpLog tcpLog) {
        return new DataPlane(config, ExchangeLog.NONE, tcpLog, GatewayClock.system());
    }

    /** The L4 listeners in force, by name. */
    public List<TcpListenerStatus> tcpListeners() {
        return tcp.listeners();
    }

    /** Where the L4 listener {@code name} is bound, or null when no such listener is. */
    public @Nullable InetSocketAddress tcpAddress(String name) {
        return tcp.address(name);
    }

    public InetSocketAddress address() {
        return (InetSocketAddress) server.localAddress();
    }

    /** Where the TLS listener is bound, or null when none is configured. */
    public @Nullable InetSocketAddress tlsAddress() {
        return tls == null ? null : tls.address();
    }

    public @Nullable String tlsEngine() {
        return tls == null ? null : tls.engine();
    }

    /** The certificates the TLS listener serves now; none without one. */
    public List<CertificateStatus> certificates() {
        return tls == null ? List.of() : tls.certificates();
    }

    public GatewayConfig config() {
        return snapshot.get().config();
    }

    /** Swaps in a new configuration; see {@link dev.horizon.gateway.Gateway#reload}. */
    public synchronized void reload(GatewayConfig next) {
        GatewayConfig current = config();
        if (!next.listen().equals(current.listen())) {
            throw new IllegalArgumentException("gateway.listen: changing " + current.listen() + " to " + next.listen()
                + " needs a restart");
        }
        reloadTls(current.tls(), next.tls());
        Snapshot before = snapshot.get();
        Snapshot after = Snapshot.build(next, before, clock::nanos, redisLimits);
        // the tcp listeners first: a new address that cannot be bound refuses the reload before any request saw the
        // new configuration (a listener accepting in between finds its service in the snapshot still in force, or,
        // for a new service, closes the connection as having none)
        try {
            tcp.apply(next.tcp());
        } catch (IllegalStateException e) {
            throw new IllegalArgumentException("tcp: " + e.getMessage(), e);
        }
        snapshot.set(after);
        health.start();
        Set<String> gone = endpointIds(before);
        gone.removeAll(endpointIds(after));
        gone.addAll(before.tlsChangedIn(after));
        closeIdle(gone);
    }

    /** Re-reads the certificates: {@code POST /admin/reload} reaches them this way. */
    private void reloadTls(@Nullable TlsConfig current, @Nullable TlsConfig next) {
        if ((current == null) != (next == null)) {
            throw new IllegalArgumentException("gateway.tls: " + (next == null ? "removing" : "adding")
                + " the TLS listener needs a restart");
        }
        if (tls != null && next != null) {
            tls.reload(next);
        }
    }

    private static Set<String> endpointIds(Snapshot s) {
        Set<String> ids = new HashSet<>();
        for (ServiceRuntime service : s.services().values()) {
            for (ServiceRuntime.Member m : service.members()) {
                ids.add(m.id());
            }
        }
        return ids;
    }

    /** Closes the idle pooled connections to {@code endpointIds} on every event loop. */
    private void closeIdle(Set<String> endpointIds) {
        if (endpointIds.isEmpty() || group.isShuttingDown()) {
            return; // after shutdown every connection is closed anyway
        }
        Set<String> ids = Set.copyOf(endpointIds);
        for (EventExecutor loop : group) {
            loop.execute(() -> pool.closeIdle(ids));
        }
    }

    private void upkeep() {
        long nanos = clock.nanos();
        long millis = clock.epochMillis();
        for (ServiceRuntime s : snapshot.get().services().values()) {
            s.tick();
            s.recording().harvest(s.window(), nanos, millis);
        }
    }

    /** The admin view of the current snapshot's services. */
    public ServicesView services() {
        return new SnapshotServices(snapshot::get, clock, this::closeIdle);
    }

    /** Every metric in the Prometheus text exposition format. */
    public String metricsText() {
        StringBuilder out = new StringBuilder(4096);
        metrics.render(out);
        webSockets.render(out);
        tcp.render(out);
        RateLimitMetrics.render(snapshot.get().limiters().values(), out);
        SheddingMetrics.render(snapshot.get().services().values(), out);
        out.append("# HELP horizon_client_connections Client connections open now.\n")
            .append("# TYPE horizon_client_connections gauge\n")
            .append("horizon_client_connections ").append(clients.size()).append('\n');
        List<ServiceRuntime> services = new ArrayList<>(snapshot.get().services().values());
        services.sort(Comparator.comparing(ServiceRuntime::name));
        out.append("# HELP horizon_ejections_total Endpoints ejected by outlier detection.\n")
            .append("# TYPE horizon_ejections_total counter\n");
        for (ServiceRuntime s : services) {
            out.append("horizon_ejections_total{service=").append(GatewayMetrics.label(s.name())).append("} ")
                .append(s.ejections()).append('\n');
        }
        out.append("# HELP horizon_pool_panic Whether the service balances over unhealthy endpoints (panic mode).\n")
            .append("# TYPE horizon_pool_panic gauge\n");
        for (ServiceRuntime s : services) {
            out.append("horizon_pool_panic{service=").append(GatewayMetrics.label(s.name())).append("} ")
                .append(s.panic() ? 1 : 0).append('\n');
        }
        revisionMetrics(services, out);
        out.append("# HELP horizon_endpoint_healthy Whether an endpoint takes new requests (1) or not (0).\n")
            .append("# TYPE horizon_endpoint_healthy gauge\n");
        StringBuilder inFlight = new StringBuilder()
            .append("# HELP horizon_endpoint_in_flight Requests in flight to an endpoint.\n")
            .append("# TYPE horizon_endpoint_in_flight gauge\n");
        for (ServiceRuntime s : services) {
            for (ServiceRuntime.Member m : s.members()) {
                String labels = "{service=" + GatewayMetrics.label(s.name()) + ",endpoint="
                    + GatewayMetrics.label(m.id()) + ",health="
                    + GatewayMetrics.label(s.healthOf(m).name().toLowerCase(Locale.ROOT)) + "}";
                out.append("horizon_endpoint_healthy").append(labels).append(' ')
                    .append(s.healthOf(m).available() ? 1 : 0).append('\n');
                inFlight.append("horizon_endpoint_in_flight{service=").append(GatewayMetrics.label(s.name()))
                    .append(",endpoint=").append(GatewayMetrics.label(m.id())).append("} ").append(m.load.inFlight())
                    .append('\n');
            }
        }
        return out.append(inFlight).toString();
    }

    /** Per-revision counters: requests, 5xx answers and fallbacks of each revision label of each service. */
    private static void revisionMetrics(List<ServiceRuntime> services, StringBuilder out) {
        Map<String, List<ServicesView.RevisionCounts>> counts = new LinkedHashMap<>();
        for (ServiceRuntime s : services) {
            counts.put(s.name(), s.revisionCounts());
        }
        revisionFamily(out, counts, "horizon_revision_requests_total",
            "Requests answered, by the revision that served them.", ServicesView.RevisionCounts::requests);
        revisionFamily(out, counts, "horizon_revision_errors_total",
            "Requests answered 5xx, by the revision that served them.", ServicesView.RevisionCounts::errors);
        revisionFamily(out, counts, "horizon_revision_fallbacks_total",
            "Requests a revision split chose a revision for that went to the other, which had no usable endpoint.",
            ServicesView.RevisionCounts::fallbacks);
    }

    private static void revisionFamily(StringBuilder out, Map<String, List<ServicesView.RevisionCounts>> counts,
        String name, String help, ToLongFunction<ServicesView.RevisionCounts> value) {
        out.append("# HELP ").append(name).append(' ').append(help).append('\n')
            .append("# TYPE ").append(name).append(" counter\n");
        counts.forEach((service, revisions) -> {
            for (ServicesView.RevisionCounts c : revisions) {
                out.append(name).append("{service=").append(GatewayMetrics.label(service)).append(",revision=")
                    .append(GatewayMetrics.label(c.revision())).append("} ").append(value.applyAsLong(c)).append('\n');
            }
        });
    }

    /** See {@link dev.horizon.gateway.Gateway#shutdown}. */
    public boolean shutdown(Duration drainTimeout) {
        draining = true;
        health.stop();
        server.close().syncUninterruptibly();
        if (tls != null) {
            tls.stopAccepting();
        }
        tcp.stopAccepting();
        for (Channel c : clients) {
            c.pipeline().fireUserEventTriggered(DRAIN);
        }
        long deadline = clock.nanos() + drainTimeout.toNanos();
        while ((!clients.isEmpty() || tcp.connections() > 0) && clock.nanos() - deadline < 0) {
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        boolean clean = clients.isEmpty() && tcp.connections() == 0;
        clients.close().awaitUninterruptibly(1, TimeUnit.SECONDS);
        tcp.closeAll();
        // pooled backend connections are closed while their loops still run every task, so each connection's
        // handlers see it close and give back what they hold, rather than at the loops' own shutdown
        List<Future<?>> closing = new ArrayList<>();
        for (EventExecutor loop : group) {
            closing.add(loop.submit(() -> pool.closeIdle()));
        }
        for (Future<?> f : closing) {
            try {
                f.get(1, TimeUnit.SECONDS);
            } catch (Exception e) {
                Thread.currentThread().interrupt();
            }
        }
        redisLimits.close();
        if (tls != null) {
            tls.close();
        }
        Future<?> done = group.shutdownGracefully(0, 2, TimeUnit.SECONDS);
        try {
            done.get(5, TimeUnit.SECONDS);
        } catch (Exception e) {
            Thread.currentThread().interrupt();
        }
        return clean;
    }

    /** Turns the shutdown's drain event into "close now if idle, else after the current response". */
    private static final class DrainListener extends ChannelInboundHandlerAdapter {
        private final ProxyHandler proxy;

        DrainListener(ProxyHandler proxy) {
            this.proxy = proxy;
        }

        @Override
        public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
            if (evt == DRAIN) {
                proxy.drain();
            } else {
                ctx.fireUserEventTriggered(evt);
            }
        }
    }
}
