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
import dev.horizon.gateway.Timeouts;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoop;
import io.netty.channel.embedded.EmbeddedChannel;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The proxy's own work per request, without the kernel: one keep-alive client connection and one pooled backend
 * connection, both in memory ({@link EmbeddedChannel}), and per operation a GET through the whole client pipeline
 * (strict decoder, proxy), the backend head written, a small response decoded and relayed. What it measures is the
 * Java of the forwarding path — the bytes-only head serialization, the exchange's bookkeeping, the relay — so a
 * change there shows in time and, with {@code -prof gc}, in bytes allocated per request; the loopback TCP stack a
 * real proxy spends most of its time in is {@code bench/load}'s business.
 *
 * <p>In the gateway's internal package because the proxy's classes are package-private.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(2)
public class ProxyPathBenchmark {

    private static final String REQUEST = "GET /api/items?page=2 HTTP/1.1\r\nHost: shop.example\r\n"
        + "User-Agent: bench/1.0\r\nAccept: application/json\r\nAccept-Encoding: gzip\r\n\r\n";
    private static final String RESPONSE = "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n"
        + "Content-Length: 27\r\nDate: Wed, 02 Dec 2026 03:15:00 GMT\r\n\r\n{\"items\":[1,2,3],\"page\":2}\n";

    private @Nullable EmbeddedChannel client;
    private @Nullable EmbeddedChannel backend;
    private @Nullable ByteBuf request;
    private @Nullable ByteBuf response;

    /** A client connection with a TCP peer's address, as the proxy resolves the client from it. */
    private static final class ClientChannel extends EmbeddedChannel {
        ClientChannel(ChannelHandler... handlers) {
            super(handlers);
        }

        @Override
        protected SocketAddress remoteAddress0() {
            return new InetSocketAddress("192.0.2.7", 40_000);
        }
    }

    /** Builds the connection pair and sends one request, so that the backend connection is pooled. */
    @Setup
    public void setUp() {
        ServiceConfig shop = new ServiceConfig("shop", Algorithm.ROUND_ROBIN, HashOn.CLIENT_IP, 0, null, null, null,
            new RetryPolicy(0, 20, 3, false), SlowStart.NONE, Pool.DEFAULT_PANIC_THRESHOLD_PERCENT,
            List.of(new EndpointConfig("10.0.0.1:8080", 1, "")));
        GatewayConfig config = new GatewayConfig(new InetSocketAddress("127.0.0.1", 8080), Timeouts.DEFAULTS,
            List.of(), 100, Duration.ofSeconds(1), 1, false, List.of(new Route("all", RouteMatch.ANY, "shop")),
            Map.of("shop", shop));
        GatewayClock clock = GatewayClock.system();
        Snapshot snapshot = Snapshot.build(config, null, clock::nanos);
        BackendPool pool = new BackendPool(this::dial, Duration.ofMinutes(10));
        ProxyHandler proxy = new ProxyHandler(() -> snapshot, pool, ExchangeLog.NONE,
            new StickyRouting(StickyCookies.of("bench"), clock), clock, new WebSocketMetrics());
        client = new ClientChannel(new StrictRequestDecoder(RequestLimits.DEFAULTS, proxy::bytesArrived), proxy);
        request = bytes(REQUEST);
        response = bytes(RESPONSE);
        if (exchange() == 0) {
            throw new IllegalStateException("no response relayed");
        }
    }

    private ChannelFuture dial(EventLoop loop, InetSocketAddress address, ChannelInitializer<Channel> init) {
        EmbeddedChannel channel = new EmbeddedChannel(init);
        backend = channel;
        return channel.newSucceededFuture();
    }

    /** One request in, one response out; returns the response bytes the client received. */
    @Benchmark
    public int exchange() {
        EmbeddedChannel c = client;
        EmbeddedChannel b = backend;
        ByteBuf req = request;
        ByteBuf res = response;
        if (c == null || req == null || res == null) {
            throw new IllegalStateException("not set up");
        }
        c.writeInbound(req.retainedDuplicate());
        if (b == null) {
            b = backend;
            if (b == null) {
                throw new IllegalStateException("no backend connection");
            }
        }
        drain(b);
        b.writeInbound(res.retainedDuplicate());
        return drain(c);
    }

    private static int drain(EmbeddedChannel channel) {
        int n = 0;
        for (Object m; (m = channel.readOutbound()) != null;) {
            ByteBuf buf = (ByteBuf) m;
            n += buf.readableBytes();
            buf.release();
        }
        return n;
    }

    private static ByteBuf bytes(String s) {
        return PooledByteBufAllocator.DEFAULT.directBuffer().writeBytes(s.getBytes(StandardCharsets.US_ASCII));
    }

    /** Closes both connections and gives the buffers back. */
    @TearDown
    public void tearDown() {
        if (client != null) {
            client.finishAndReleaseAll();
        }
        if (backend != null) {
            backend.finishAndReleaseAll();
        }
        if (request != null) {
            request.release();
        }
        if (response != null) {
            response.release();
        }
    }
}
