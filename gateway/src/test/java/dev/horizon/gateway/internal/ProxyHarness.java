package dev.horizon.gateway.internal;

import dev.horizon.balance.Algorithm;
import dev.horizon.balance.Pool;
import dev.horizon.balance.SlowStart;
import dev.horizon.gateway.EndpointConfig;
import dev.horizon.gateway.GatewayConfig;
import dev.horizon.gateway.HashOn;
import dev.horizon.gateway.RetryPolicy;
import dev.horizon.gateway.Route;
import dev.horizon.gateway.RouteMatch;
import dev.horizon.gateway.ServiceConfig;
import dev.horizon.gateway.Sticky;
import dev.horizon.gateway.Timeouts;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelPromise;
import io.netty.channel.EventLoop;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.util.concurrent.MockTicker;
import io.netty.util.concurrent.Ticker;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.nio.channels.ClosedChannelException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;

/**
 * One client connection through the real proxy, in memory: the client side is a {@link ClientChannel} with the
 * gateway's own pipeline ({@link StrictRequestDecoder} → {@link ProxyHandler}), and every backend connection the
 * proxy opens is an {@link EmbeddedChannel} with the pool's own pipeline, handed out by the {@link BackendPool}'s
 * dialer. Time is one {@link MockTicker}, read by the gateway's clock and by both sides' event loops, so a test moves
 * every deadline with {@link #elapse} and never sleeps. The service {@code shop} has the endpoints {@link #A} and
 * {@link #B}.
 */
final class ProxyHarness implements AutoCloseable {

    static final String A = "10.0.0.1:8080";
    static final String B = "10.0.0.2:8080";
    static final Timeouts TIMEOUTS = new Timeouts(Duration.ofSeconds(2), Duration.ofSeconds(10),
        Duration.ofSeconds(60), Duration.ofSeconds(30), Duration.ZERO);
    private static final long EPOCH_MILLIS = 1_780_000_000_000L;

    /** How the next connect of the dialer goes. */
    enum Connect { SUCCEED, REFUSE, HOLD }

    /** A backend connection the proxy opened, with the endpoint it was opened to. */
    record Backend(String endpoint, EmbeddedChannel channel, ChannelPromise connect) {
    }

    final MockTicker ticker = Ticker.newMockTicker();
    final GatewayClock clock = new GatewayClock() {
        @Override
        public long nanos() {
            return ticker.nanoTime();
        }

        @Override
        public long epochMillis() {
            return EPOCH_MILLIS + TimeUnit.NANOSECONDS.toMillis(ticker.nanoTime() - ticker.initialNanoTime());
        }
    };
    final List<ExchangeLog.Entry> log = new ArrayList<>();
    final List<Backend> backends = new ArrayList<>();
    final Snapshot snapshot;
    final ClientChannel client;
    private final Queue<Connect> connects = new ArrayDeque<>();

    ProxyHarness(GatewayConfig config) {
        this.snapshot = Snapshot.build(config, null, clock::nanos);
        BackendPool pool = new BackendPool(this::dial, Duration.ofSeconds(15));
        ProxyHandler proxy = new ProxyHandler(() -> snapshot, pool, log::add,
            new StickyRouting(StickyCookies.of("the gateway's sticky-cookie secret"), clock), clock,
            new WebSocketMetrics());
        this.client = new ClientChannel(ticker, new StrictRequestDecoder(RequestLimits.DEFAULTS, proxy::bytesArrived),
            proxy);
    }

    /** A harness for {@code shop} with {@code retries}, the {@link #TIMEOUTS} and no sticky sessions. */
    static ProxyHarness of(RetryPolicy retries) {
        return new ProxyHarness(config(retries, TIMEOUTS, null));
    }

    static GatewayConfig config(RetryPolicy retries, Timeouts timeouts, @Nullable Sticky sticky) {
        ServiceConfig shop = new ServiceConfig("shop", Algorithm.ROUND_ROBIN, HashOn.CLIENT_IP, 0, sticky, null, null,
            retries, SlowStart.NONE, Pool.DEFAULT_PANIC_THRESHOLD_PERCENT,
            List.of(new EndpointConfig(A, 1, ""), new EndpointConfig(B, 1, "")));
        return new GatewayConfig(new InetSocketAddress("127.0.0.1", 8080), timeouts, List.of(), 100,
            Duration.ofSeconds(1), 1, false, List.of(new Route("all", RouteMatch.ANY, "shop")), Map.of("shop", shop));
    }

    private ChannelFuture dial(EventLoop loop, InetSocketAddress address, ChannelInitializer<Channel> init) {
        EmbeddedChannel channel = EmbeddedChannel.builder().ticker(ticker).handlers(init).build();
        channel.config().setAutoClose(false);
        ChannelPromise connect = channel.newPromise();
        backends.add(new Backend(address.getHostString() + ":" + address.getPort(), channel, connect));
        // as a socket's: closing a connection still being opened fails its connect
        channel.closeFuture().addListener(f -> connect.tryFailure(new ClosedChannelException()));
        Connect how = connects.isEmpty() ? Connect.SUCCEED : connects.poll();
        if (how == Connect.SUCCEED) {
            connect.setSuccess();
        } else if (how == Connect.REFUSE) {
            connect.tryFailure(new ConnectException("Connection refused"));
            channel.close();
        }
        return connect;
    }

    /** Scripts the next connects of the dialer, in order; later ones succeed. */
    void nextConnects(Connect... how) {
        connects.addAll(List.of(how));
    }

    /** The client sends {@code text} (ISO-8859-1) in one read. */
    void send(String text) {
        client.writeInbound(bytes(text));
        client.checkException();
    }

    /** What the client received since the last call, as ISO-8859-1 text. */
    String received() {
        return drain(client);
    }

    /** The {@code i}th backend connection the proxy opened (0 first). */
    Backend backend(int i) {
        return backends.get(i);
    }

    /** What the proxy wrote to the {@code i}th backend connection since the last call. */
    String sentTo(int i) {
        return drain(backend(i).channel());
    }

    /** The {@code i}th backend connection's endpoint sends {@code text}. */
    void answer(int i, String text) {
        EmbeddedChannel channel = backend(i).channel();
        channel.writeInbound(bytes(text));
        channel.checkException();
        client.checkException();
    }

    /** Lets {@code d} pass on every clock and runs what fell due (the client connection's watchdog). */
    void elapse(Duration d) {
        ticker.advance(d.toNanos(), TimeUnit.NANOSECONDS);
        client.runScheduledPendingTasks();
        client.checkException();
    }

    /** The one access-log entry written so far. */
    ExchangeLog.Entry onlyEntry() {
        if (log.size() != 1) {
            throw new AssertionError("expected one log entry, got " + log);
        }
        return log.get(0);
    }

    /** The service's runtime member for {@code endpoint}. */
    ServiceRuntime.Member member(String endpoint) {
        ServiceRuntime.Member m = shop().member(endpoint);
        if (m == null) {
            throw new AssertionError("no endpoint " + endpoint);
        }
        return m;
    }

    /** The service's runtime. */
    ServiceRuntime shop() {
        ServiceRuntime s = snapshot.services().get("shop");
        if (s == null) {
            throw new AssertionError("no service shop");
        }
        return s;
    }

    static ByteBuf bytes(String text) {
        return PooledByteBufAllocator.DEFAULT.buffer().writeBytes(text.getBytes(StandardCharsets.ISO_8859_1));
    }

    private static String drain(EmbeddedChannel channel) {
        StringBuilder out = new StringBuilder();
        for (Object m; (m = channel.readOutbound()) != null;) {
            ByteBuf b = (ByteBuf) m;
            out.append(b.toString(StandardCharsets.ISO_8859_1));
            b.release();
        }
        return out.toString();
    }

    /** Closes every channel, releasing what they hold, and fails on an exception either side recorded. */
    @Override
    public void close() {
        client.finishAndReleaseAll();
        for (Backend b : backends) {
            b.channel().finishAndReleaseAll();
        }
    }
}
