package dev.horizon.showcase;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.horizon.testing.Eventually;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpVersion;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/** The load generator's measurement windows over real sockets (the measurement {@code horizon profile} takes). */
class LoadGeneratorTest {

    @Test
    void aWindowCountsTheAnswersThatArriveInItWithTheirLatencies() throws Exception {
        SampleBackend backend = SampleBackend.start("w", Duration.ofMillis(5), 0,
            new InetSocketAddress("127.0.0.1", 0));
        try (LoadGenerator load = new LoadGenerator(URI.create("http://127.0.0.1:" + backend.address().getPort()
            + "/"), Duration.ofSeconds(10))) {
            load.users(2);
            Eventually.await("a first answer", () -> load.succeeded() > 0);
            load.beginWindow();
            long before = load.succeeded();
            Eventually.await("20 answers in the window", () -> load.succeeded() >= before + 20);
            LoadWindow w = load.endWindow();
            long after = load.succeeded();
            assertThat(w.succeeded()).isBetween(20L - 2, after - before + 2);
            assertThat(w.failed()).isZero();
            assertThat(w.meanMillis()).as("each answer takes the backend's 5ms at least").isGreaterThanOrEqualTo(5);
            assertThat(w.p50Millis()).isGreaterThanOrEqualTo(5);
            assertThat(w.p95Millis()).isGreaterThanOrEqualTo(w.p50Millis());
            assertThat(w.throughput()).isEqualTo(w.succeeded() / (w.length().toNanos() / 1e9));
            assertThat(w.byRequest()).containsOnlyKeys("GET /");
            LoadWindow.RequestTimes times = java.util.Objects.requireNonNull(w.byRequest().get("GET /"));
            assertThat(times.count()).isEqualTo(w.succeeded());
            assertThat(times.meanMillis()).isCloseTo(w.meanMillis(), within(1e-9));
            assertThat(times.cv()).isNotNegative();
        } finally {
            backend.stop(Duration.ZERO);
        }
    }

    @Test
    void failedRequestsCountInTheWindowButHaveNoLatency() throws Exception {
        int closed;
        try (ServerSocket s = new ServerSocket(0)) {
            closed = s.getLocalPort();
        }
        try (LoadGenerator load = new LoadGenerator(URI.create("http://127.0.0.1:" + closed + "/"),
            Duration.ofSeconds(2))) {
            load.beginWindow();
            load.users(1);
            Eventually.await("a failure", () -> load.failed() > 0);
            LoadWindow w = load.endWindow();
            assertThat(w.succeeded()).isZero();
            assertThat(w.failed()).isPositive();
            assertThat(w.meanMillis()).isZero();
            assertThat(w.p50Millis()).isZero();
            assertThat(w.byRequest()).isEmpty();
            assertThat(w.throughput()).isZero();
            assertThat(load.failures().keySet()).allMatch(r -> r.startsWith("ConnectException"));
        }
    }

    /**
     * A shop of three paths on Netty: {@code /login} sets a session naming the user from its body, {@code /logout}
     * ends it ({@code Max-Age=0}), anything else needs it (401 without); {@code seen} gets each request's path by the
     * cookie it carried.
     */
    private static Channel sessionServer(EventLoopGroup group, Map<String, List<String>> seen)
            throws InterruptedException {
        return new ServerBootstrap().group(group).channel(NioServerSocketChannel.class)
            .childHandler(new ChannelInitializer<SocketChannel>() {
                @Override
                protected void initChannel(SocketChannel ch) {
                    ch.pipeline().addLast(new HttpServerCodec(), new HttpObjectAggregator(4096),
                        new SimpleChannelInboundHandler<FullHttpRequest>() {
                            @Override
                            protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest req) {
                                String cookie = req.headers().get(HttpHeaderNames.COOKIE, "none");
                                String path = req.uri();
                                seen.computeIfAbsent(cookie, k -> new CopyOnWriteArrayList<>()).add(path);
                                FullHttpResponse res = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1,
                                    path.equals("/login") || path.equals("/logout") || !cookie.equals("none")
                                        ? HttpResponseStatus.OK : HttpResponseStatus.UNAUTHORIZED);
                                if (path.equals("/login")) {
                                    res.headers().add(HttpHeaderNames.SET_COOKIE, "S="
                                        + req.content().toString(StandardCharsets.UTF_8) + "; Path=/; HttpOnly");
                                } else if (path.equals("/logout")) {
                                    res.headers().add(HttpHeaderNames.SET_COOKIE, "S=gone; Max-Age=0");
                                }
                                res.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, 0);
                                ctx.writeAndFlush(res);
                            }
                        });
                }
            }).bind(new InetSocketAddress("127.0.0.1", 0)).sync().channel();
    }

    @Test
    void eachUserFollowsItsScriptAndKeepsItsOwnSession() throws Exception {
        EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
        Map<String, List<String>> seen = new ConcurrentHashMap<>();
        try {
            Channel server = sessionServer(group, seen);
            URI base = URI.create("http://127.0.0.1:" + ((InetSocketAddress) server.localAddress()).getPort());
            String[] paths = {"/login", "/cart", "/cart", "/logout"};
            try (LoadGenerator load = new LoadGenerator(user -> new LoadGenerator.Script() {
                private int next;

                @Override
                public HttpRequest next() {
                    String path = paths[next++ % paths.length];
                    return HttpRequest.newBuilder(base.resolve(path)).POST(HttpRequest.BodyPublishers.ofString(
                        path.equals("/login") ? "u" + user : "")).build();
                }
            }, Duration.ofSeconds(10))) {
                load.users(2);
                Eventually.await("40 answers", () -> load.succeeded() >= 40);
                assertThat(load.failed()).isZero();
            }
        } finally {
            group.shutdownGracefully(0, 0, java.util.concurrent.TimeUnit.SECONDS).sync();
        }
        // every /cart carried its own user's session; only the logins came without one
        assertThat(seen.keySet()).containsExactlyInAnyOrder("none", "S=u0", "S=u1");
        assertThat(seen.get("none")).containsOnly("/login");
        assertThat(seen.get("S=u0")).contains("/cart", "/logout").doesNotContain("/login");
        assertThat(seen.get("S=u1")).contains("/cart", "/logout").doesNotContain("/login");
    }

    @Test
    void aSetCookieSetsOrRemovesOneCookie() {
        Map<String, String> cookies = new java.util.LinkedHashMap<>();
        LoadGenerator.remember(cookies, "A=1; Path=/");
        LoadGenerator.remember(cookies, "B=2");
        LoadGenerator.remember(cookies, "A=3; HttpOnly");
        assertThat(cookies).containsExactly(Map.entry("A", "3"), Map.entry("B", "2"));
        LoadGenerator.remember(cookies, "A=x; Path=/; Max-Age=0");
        LoadGenerator.remember(cookies, "B=");
        LoadGenerator.remember(cookies, "no pair");
        assertThat(cookies).isEmpty();
    }

    @Test
    void anEndedWindowStartsTheNextOneEmpty() throws InterruptedException {
        try (LoadGenerator load = new LoadGenerator(URI.create("http://127.0.0.1:1/"), Duration.ofSeconds(1))) {
            LoadWindow first = load.endWindow();
            LoadWindow second = load.endWindow();
            assertThat(first.succeeded() + first.failed() + second.succeeded() + second.failed()).isZero();
        }
    }
}
