package dev.horizon.gateway.internal.tcp;

import dev.horizon.gateway.TcpListener;
import dev.horizon.gateway.TcpListenerStatus;
import dev.horizon.gateway.internal.GatewayClock;
import dev.horizon.gateway.internal.ServerChannels;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.ServerChannel;
import io.netty.channel.epoll.AbstractEpollStreamChannel;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.timeout.IdleStateHandler;
import io.netty.util.concurrent.GlobalEventExecutor;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;

/**
 * The gateway's L4 listeners: one listening socket per configured address, on the gateway's event loops.
 *
 * <p>At accept, the connection's listener is chosen from the table current then: directly when its address has one
 * listener without {@code sni}, or after reading the TLS ClientHello ({@link ServerNameReader}) when the address
 * has listeners with {@code sni}. The listener's {@code max-connections} is checked, an idle timer is set, and a
 * {@link TcpConnection} relays the bytes.
 *
 * <p>A reload ({@link #apply}) swaps the table: addresses that stay keep their socket (and their connections), new
 * addresses are bound first (a bind that fails leaves everything as it was), addresses no longer configured stop
 * listening while their open connections go on. So moving a listener to another address is a reload, not a restart.
 */
public final class TcpProxy {

    /** Fired at every connection when the drain timeout ran out: closed with cause {@code shutdown}. */
    static final Object SHUTDOWN = new Object();

    private final EventLoopGroup group;
    private final Class<? extends ServerChannel> serverClass;
    private final Class<? extends SocketChannel> channelClass;
    private final TcpService.Directory services;
    private final TcpLog log;
    private final TcpMetrics metrics = new TcpMetrics();
    private final ChannelGroup clients = new DefaultChannelGroup("horizon-tcp", GlobalEventExecutor.INSTANCE);
    /** By configured address (port 0 stays port 0 here), the socket bound for it. */
    private final Map<InetSocketAddress, Channel> servers = new ConcurrentHashMap<>();
    private volatile ListenerTable table = new ListenerTable(List.of());
    private volatile boolean draining;
    private final GatewayClock clock;

    /**
     * A proxy with no listeners yet, on {@code group}.
     *
     * @param services the services as the current configuration has them, looked up at each accept
     * @param log      where each finished connection's entry goes
     * @param clock    the gateway's clock, for connection times
     */
    public TcpProxy(EventLoopGroup group, Class<? extends ServerChannel> serverClass,
        Class<? extends SocketChannel> channelClass, TcpService.Directory services, TcpLog log, GatewayClock clock) {
        this.group = group;
        this.clock = clock;
        this.serverClass = serverClass;
        this.channelClass = channelClass;
        this.services = services;
        this.log = log;
    }

    /**
     * Makes {@code listeners} the ones in force; see the class comment.
     *
     * @throws IllegalStateException naming the address when a new one cannot be bound; nothing changed then
     */
    public synchronized void apply(List<TcpListener> listeners) {
        ListenerTable next = new ListenerTable(listeners);
        List<InetSocketAddress> added = new ArrayList<>();
        for (InetSocketAddress a : next.addresses()) {
            if (!servers.containsKey(a) && !draining) {
                try {
                    servers.put(a, bind(a));
                    added.add(a);
                } catch (RuntimeException e) {
                    for (InetSocketAddress b : added) {
                        Channel s = servers.remove(b);
                        if (s != null) {
                            s.close().syncUninterruptibly();
                        }
                    }
                    throw e;
                }
            }
        }
        table = next;
        for (InetSocketAddress a : List.copyOf(servers.keySet())) {
            if (!next.addresses().contains(a)) {
                Channel s = servers.remove(a);
                if (s != null) {
                    s.close().syncUninterruptibly();
                }
            }
        }
    }

    /** Where the listener called {@code name} is bound (the actual port for port 0), or null when none is. */
    public @Nullable InetSocketAddress address(String name) {
        for (InetSocketAddress a : table.addresses()) {
            for (TcpListener l : table.on(a)) {
                Channel s = servers.get(a);
                if (l.name().equals(name) && s != null) {
                    return (InetSocketAddress) s.localAddress();
                }
            }
        }
        return null;
    }

    /** Every listener in force, in file order within each address, with its bound address and open connections. */
    public List<TcpListenerStatus> listeners() {
        List<TcpListenerStatus> out = new ArrayList<>();
        ListenerTable t = table;
        for (InetSocketAddress a : t.addresses()) {
            Channel s = servers.get(a);
            InetSocketAddress bound = s == null ? null : (InetSocketAddress) s.localAddress();
            String listen = bound == null ? "" : bound.getAddress().getHostAddress() + ":" + bound.getPort();
            for (TcpListener l : t.on(a)) {
                out.add(new TcpListenerStatus(l.name(), listen, l.service(), l.sni(), l.splice(),
                    metrics.of(l.name(), l.service()).active.get()));
            }
        }
        out.sort(Comparator.comparing(TcpListenerStatus::name));
        return out;
    }

    /** Client connections open now. */
    public int connections() {
        return clients.size();
    }

    /** Stops accepting: every listening socket closes; open connections go on until {@link #closeAll}. */
    public synchronized void stopAccepting() {
        draining = true;
        for (Channel s : servers.values()) {
            s.close().syncUninterruptibly();
        }
        servers.clear();
    }

    /** Closes every open connection, each logged with cause {@code shutdown}. */
    public void closeAll() {
        for (Channel c : clients) {
            c.pipeline().fireUserEventTriggered(SHUTDOWN);
        }
        clients.close().awaitUninterruptibly(1, TimeUnit.SECONDS);
    }

    /** Appends the L4 metrics in the Prometheus text format. */
    public void render(StringBuilder out) {
        metrics.render(out);
    }

    private Channel bind(InetSocketAddress address) {
        ServerBootstrap bootstrap = ServerChannels.halfClosing(group, serverClass, ch -> accept(ch, address));
        try {
            return bootstrap.bind(address).sync().channel();
        } catch (Exception e) {
            throw new IllegalStateException("cannot listen on " + address.getHostString() + ":" + address.getPort()
                + ": " + e.getMessage(), e);
        }
    }

    private void accept(SocketChannel ch, InetSocketAddress address) {
        ListenerTable t = table;
        if (draining) {
            ch.close();
            return;
        }
        clients.add(ch);
        EpollInterest.keep(ch);
        if (t.splices(address) && ch instanceof AbstractEpollStreamChannel) {
            // before the first read, so the ClientHello is counted too; see TcpConnection's splice notes
            ch.config().setRecvByteBufAllocator(new ReadCount(ch.config().getRecvByteBufAllocator()));
        }
        if (t.readsServerName(address)) {
            ch.pipeline().addLast("sni", new ServerNameReader(name -> t.choose(address, name),
                (ctx, l) -> start(ch, l)));
            return;
        }
        TcpListener l = t.choose(address, null);
        if (l == null) {
            ch.close();
            return;
        }
        start(ch, l);
    }

    /** Hands {@code ch} to {@code listener}: limits, idle timer, relay. */
    private void start(Channel ch, TcpListener listener) {
        TcpMetrics.Counters counters = metrics.of(listener.name(), listener.service());
        counters.connections.increment();
        TcpService service = services.service(listener.service());
        if (service == null || counters.active.incrementAndGet() > listener.maxConnections()) {
            if (service != null) {
                counters.active.decrementAndGet();
            }
            log.record(new TcpLog.Entry(clock.epochMillis(), listener.name(), listener.service(),
                (InetSocketAddress) ch.remoteAddress(), "", 0, 0, 0, 0,
                service == null ? "no service" : "max connections"));
            ch.close();
            return;
        }
        ch.pipeline()
            .addLast("idle", new IdleStateHandler(0, 0, listener.idleTimeout().toNanos(), TimeUnit.NANOSECONDS))
            .addLast("relay", new TcpConnection(listener, service, counters, channelClass, log, clock));
    }
}
