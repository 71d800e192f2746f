package dev.horizon.showcase;

import com.fasterxml.jackson.core.io.JsonStringEncoder;
import dev.horizon.duration.DurationText;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandler;
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
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Objects;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The sample backend {@code horizon backend} runs, for examples, load benchmarks and scaling tests: every path answers
 * {@code {"backend":NAME,"path":...}} after {@code cpuCost} of CPU time spent computing and then {@code cost} plus
 * {@code delay} of waiting, at most {@code concurrency} requests run at once and the rest queue in arrival order, so a
 * loaded instance shows rising in-flight counts and latency the way a real service does, and one with a CPU cost serves
 * as many requests per second as its CPU limit allows. {@code /health} answers 200 at once and {@code /metrics} is
 * Prometheus text; both bypass the line. Every setting is in {@link Settings}.
 *
 * <p>To play a release: with a {@code version} every answer carries {@code X-Version: V} and the service's JSON
 * answers {@code "version":V}; a share {@code errorRate} of the ordinary requests (not {@code /health}, not
 * {@code /metrics}) answers 500 {@code {"error":"injected","backend":NAME}} after the same costs, and {@code delay}
 * slows every one. Which requests fail is drawn in arrival order from a {@link SplittableRandom} seeded with
 * {@code seed}: the n-th ordinary request fails when the n-th {@code nextDouble()} is below {@code errorRate}, so a
 * test can count the failures exactly.
 *
 * <p>All requests are handled on one event loop, so the line itself needs no lock; the counters are atomic because
 * {@code /metrics} and shutdown read them. The CPU work ({@link CpuWork}) runs off the event loop, on a pool with a
 * thread per request in that phase (at most {@code concurrency} of them, and idle threads are reused), so an instance
 * can use every core its limit gives it, including cores a resize in place adds later: a pool sized by
 * {@link Runtime#availableProcessors} at start would keep the size the JVM saw then.
 *
 * <p>A client that resets its connection or goes away mid-request (every load test ends that way) closes that
 * connection and says nothing; any other failure on a connection (a request the codec cannot read) closes it with one
 * warning line, never a stack trace. Without this, Netty's pipeline tail printed "An exceptionCaught() event was
 * fired, and it reached at the tail of the pipeline" with a stack trace for every reset.
 */
public final class SampleBackend implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(SampleBackend.class);

    private final String name;
    private final long waitNanos;
    private final long cpuCostNanos;
    private final int concurrency;
    private final String version;
    private final double errorRate;
    /** Draws which requests fail; used on the event loop only. */
    private final SplittableRandom faults;
    private final ArrayDeque<Call> line = new ArrayDeque<>();
    /** Requests queued or under way, owned by the event loop until answered or released at stop. */
    private final Set<FullHttpRequest> held = Collections.newSetFromMap(new IdentityHashMap<>());
    private final AtomicInteger running = new AtomicInteger();
    private final AtomicInteger queued = new AtomicInteger();
    private final AtomicLong served = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private final EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
    private final ExecutorService cpu = Executors.newCachedThreadPool(Thread.ofPlatform().daemon()
        .name("backend-cpu-", 1).factory());
    private final Channel channel;

    /** An ordinary request under way or in line, and whether it is to fail. */
    private record Call(ChannelHandlerContext ctx, FullHttpRequest request, boolean fails) {
    }

    private SampleBackend(Settings settings, InetSocketAddress address) throws InterruptedException {
        this.name = settings.name();
        this.waitNanos = settings.cost().plus(settings.delay()).toNanos();
        this.cpuCostNanos = settings.cpuCost().toNanos();
        this.concurrency = settings.concurrency();
        this.version = settings.version();
        this.errorRate = settings.errorRate();
        this.faults = new SplittableRandom(settings.seed());
        ChannelHandler handler = new Handler();
        try {
            this.channel = new ServerBootstrap().group(group).channel(NioServerSocketChannel.class)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        ch.pipeline().addLast(new HttpServerCodec(), new HttpObjectAggregator(1 << 20), handler);
                    }
                }).bind(address).sync().channel();
        } catch (Exception e) { // Netty's sync() rethrows a BindException undeclared
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS);
            cpu.shutdownNow();
            throw e;
        }
    }

    /**
     * A backend named {@code name} listening on {@code address}, whose requests each take {@code cost}, at most
     * {@code concurrency} at once (0: no limit).
     *
     * @throws RuntimeException when {@code address} cannot be bound (Netty's bind exception)
     */
    public static SampleBackend start(String name, Duration cost, int concurrency, InetSocketAddress address)
            throws InterruptedException {
        return start(Settings.named(name).withCost(cost).withConcurrency(concurrency), address);
    }

    /**
     * A backend named {@code name} listening on {@code address}, whose requests each spend {@code cpuCost} of CPU time
     * computing and then wait {@code cost}, at most {@code concurrency} at once (0: no limit).
     *
     * @throws IllegalArgumentException when a cost is negative or {@code concurrency} is
     * @throws IllegalStateException    when {@code cpuCost} is set and this JVM cannot measure thread CPU time
     * @throws RuntimeException         when {@code address} cannot be bound (Netty's bind exception)
     */
    public static SampleBackend start(String name, Duration cost, Duration cpuCost, int concurrency,
            InetSocketAddress address) throws InterruptedException {
        return start(Settings.named(name).withCost(cost).withCpuCost(cpuCost).withConcurrency(concurrency), address);
    }

    /**
     * A backend with {@code settings} listening on {@code address}.
     *
     * @throws IllegalStateException when a CPU cost is set and this JVM cannot measure thread CPU time
     * @throws RuntimeException      when {@code address} cannot be bound (Netty's bind exception)
     */
    public static SampleBackend start(Settings settings, InetSocketAddress address) throws InterruptedException {
        Objects.requireNonNull(settings, "settings");
        if (!settings.cpuCost().isZero()) {
            CpuWork.requireMeasurable();
        }
        return new SampleBackend(settings, address);
    }

    /** The address it listens on. */
    public InetSocketAddress address() {
        return (InetSocketAddress) channel.localAddress();
    }

    /** Waits until the backend stops listening ({@link #stop} or {@link #close}). */
    public void awaitStopped() throws InterruptedException {
        channel.closeFuture().sync();
    }

    /** Stops accepting, lets the requests in flight finish for up to {@code grace}, then closes every connection. */
    public void stop(Duration grace) {
        channel.close().syncUninterruptibly();
        awaitIdle(grace);
        cpu.shutdownNow();
        group.next().submit(this::releaseHeld).awaitUninterruptibly();
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }

    /** Stops at once: requests in flight are cut off. */
    @Override
    public void close() {
        stop(Duration.ZERO);
    }

    /** Waits until no request is running or queued, for at most {@code timeout}. */
    private void awaitIdle(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (running.get() + queued.get() > 0 && System.nanoTime() < deadline) {
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /**
     * Releases the requests cut off by a stop: queued ones, ones whose CPU work or wait never ends and ones whose
     * scheduled answer the event loop's shutdown cancels. Runs on the event loop; a late answer finds its request gone.
     */
    private void releaseHeld() {
        held.forEach(FullHttpRequest::release);
        held.clear();
        line.clear();
    }

    String metrics() {
        return "# HELP backend_in_flight Requests being served or waiting now.\n"
            + "# TYPE backend_in_flight gauge\n"
            + "backend_in_flight " + (running.get() + queued.get()) + "\n"
            + "# HELP backend_queue_depth Requests waiting for a free slot now.\n"
            + "# TYPE backend_queue_depth gauge\n"
            + "backend_queue_depth " + queued.get() + "\n"
            + "# HELP backend_requests_total Requests answered, the injected errors included.\n"
            + "# TYPE backend_requests_total counter\n"
            + "backend_requests_total " + served.get() + "\n"
            + "# HELP backend_injected_errors_total Requests answered 500 by --error-rate.\n"
            + "# TYPE backend_injected_errors_total counter\n"
            + "backend_injected_errors_total " + failed.get() + "\n";
    }

    /** {@code s} as a JSON string literal. */
    private static String quote(String s) {
        return "\"" + new String(JsonStringEncoder.getInstance().quoteAsString(s)) + "\"";
    }

    /**
     * What a {@link SampleBackend} does, each setting validated here with a message that names the option of
     * {@code horizon backend}: {@code error-rate: 1.5 (expected: 0..1)}.
     *
     * @param name        the name in every answer ({@code X-Instance} and the JSON {@code backend})
     * @param cost        time each ordinary request waits after its CPU cost, {@code >= 0}
     * @param cpuCost     CPU time each ordinary request spends computing first, {@code >= 0}
     * @param concurrency ordinary requests served at once, the rest wait in line; 0 for no limit
     * @param version     the release it plays: {@code X-Version} on every answer and {@code "version"} in the JSON
     *                    ones; empty for none; visible ASCII characters only (it goes into a header)
     * @param errorRate   the share of ordinary requests answered 500 {@code {"error":"injected",...}}, 0..1
     * @param seed        the seed of the {@link SplittableRandom} that draws which requests fail
     * @param delay       latency added to every ordinary request, waited together with {@code cost}, {@code >= 0}
     */
    public record Settings(String name, Duration cost, Duration cpuCost, int concurrency, String version,
                           double errorRate, long seed, Duration delay) {

        /** The seed when none is given: fixed, so two runs with the same settings fail the same requests. */
        public static final long DEFAULT_SEED = 1;

        private static final Pattern VERSION = Pattern.compile("[\\x21-\\x7e]*");

        /** Validates every setting. */
        public Settings {
            Objects.requireNonNull(name, "name");
            requireNotNegative("cost", cost);
            requireNotNegative("cpu-cost", cpuCost);
            requireNotNegative("delay", delay);
            if (concurrency < 0) {
                throw new IllegalArgumentException("concurrency: " + concurrency
                    + " (expected: 0 for no limit, or more)");
            }
            Objects.requireNonNull(version, "version");
            if (!VERSION.matcher(version).matches()) {
                throw new IllegalArgumentException("version: '" + version
                    + "' (expected: letters, digits and punctuation, no spaces)");
            }
            if (!(errorRate >= 0 && errorRate <= 1)) {
                throw new IllegalArgumentException("error-rate: " + errorRate + " (expected: 0..1)");
            }
        }

        /** A backend named {@code name} without costs, limit, version or errors. */
        public static Settings named(String name) {
            return new Settings(name, Duration.ZERO, Duration.ZERO, 0, "", 0, DEFAULT_SEED, Duration.ZERO);
        }

        private static void requireNotNegative(String what, Duration d) {
            Objects.requireNonNull(d, what);
            if (d.isNegative()) {
                throw new IllegalArgumentException(what + ": " + DurationText.format(d) + " (expected: 0ms or more)");
            }
        }

        /** These settings with {@code newCost}. */
        public Settings withCost(Duration newCost) {
            return new Settings(name, newCost, cpuCost, concurrency, version, errorRate, seed, delay);
        }

        /** These settings with {@code newCpuCost}. */
        public Settings withCpuCost(Duration newCpuCost) {
            return new Settings(name, cost, newCpuCost, concurrency, version, errorRate, seed, delay);
        }

        /** These settings with {@code newConcurrency}. */
        public Settings withConcurrency(int newConcurrency) {
            return new Settings(name, cost, cpuCost, newConcurrency, version, errorRate, seed, delay);
        }

        /** These settings with {@code newVersion}. */
        public Settings withVersion(String newVersion) {
            return new Settings(name, cost, cpuCost, concurrency, newVersion, errorRate, seed, delay);
        }

        /** These settings failing a share {@code newErrorRate} of the requests, drawn from {@code newSeed}. */
        public Settings withErrors(double newErrorRate, long newSeed) {
            return new Settings(name, cost, cpuCost, concurrency, version, newErrorRate, newSeed, delay);
        }

        /** These settings with {@code newDelay}. */
        public Settings withDelay(Duration newDelay) {
            return new Settings(name, cost, cpuCost, concurrency, version, errorRate, seed, newDelay);
        }
    }

    @ChannelHandler.Sharable
    private final class Handler extends SimpleChannelInboundHandler<FullHttpRequest> {

        Handler() {
            super(false);
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            if (!(cause instanceof IOException)) {
                LOG.warn("horizon backend {}: closing the connection from {}: {}", name, ctx.channel().remoteAddress(),
                    cause.toString());
            }
            ctx.close();
        }

        @Override
        protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest req) {
            String path = req.uri();
            if (path.equals("/health")) {
                respond(ctx, req, HttpResponseStatus.OK, "application/json", "{\"status\":\"ok\"}\n");
            } else if (path.equals("/metrics")) {
                respond(ctx, req, HttpResponseStatus.OK, "text/plain; version=0.0.4", metrics());
            } else {
                held.add(req);
                Call call = new Call(ctx, req, errorRate > 0 && faults.nextDouble() < errorRate);
                if (concurrency > 0 && running.get() >= concurrency) {
                    queued.incrementAndGet();
                    line.addLast(call);
                } else {
                    start(call);
                }
            }
        }

        private void start(Call call) {
            running.incrementAndGet();
            if (cpuCostNanos == 0) {
                await(call);
                return;
            }
            try {
                cpu.execute(() -> {
                    CpuWork.spend(cpuCostNanos);
                    try {
                        call.ctx().executor().execute(() -> await(call));
                    } catch (RejectedExecutionException e) { // stopped meanwhile: releaseHeld released it
                        LOG.debug("horizon backend {}: a request cut off by the stop", name);
                    }
                });
            } catch (RejectedExecutionException e) { // stopped meanwhile
                held.remove(call.request());
                call.request().release();
            }
        }

        /** The waiting part of a request's cost (its cost plus the delay), then its answer. */
        private void await(Call call) {
            if (waitNanos == 0) {
                finish(call);
            } else {
                call.ctx().executor().schedule(() -> finish(call), waitNanos, TimeUnit.NANOSECONDS);
            }
        }

        private void finish(Call call) {
            FullHttpRequest req = call.request();
            if (!held.remove(req)) { // released by a stop meanwhile
                return;
            }
            served.incrementAndGet();
            if (call.fails()) {
                failed.incrementAndGet();
                respond(call.ctx(), req, HttpResponseStatus.INTERNAL_SERVER_ERROR, "application/json",
                    "{\"error\":\"injected\",\"backend\":" + quote(name) + versionField() + "}\n");
            } else {
                respond(call.ctx(), req, HttpResponseStatus.OK, "application/json",
                    "{\"backend\":" + quote(name) + ",\"path\":" + quote(req.uri()) + versionField() + "}\n");
            }
            running.decrementAndGet();
            Call next = line.pollFirst();
            while (next != null && !next.ctx().channel().isActive()) {
                queued.decrementAndGet();
                held.remove(next.request());
                next.request().release();
                next = line.pollFirst();
            }
            if (next != null) {
                queued.decrementAndGet();
                start(next);
            }
        }

        /** {@code ,"version":V} when a version is set, else nothing. */
        private String versionField() {
            return version.isEmpty() ? "" : ",\"version\":" + quote(version);
        }

        private void respond(ChannelHandlerContext ctx, FullHttpRequest req, HttpResponseStatus status,
            String type, String body) {
            var r = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status,
                Unpooled.copiedBuffer(body, StandardCharsets.UTF_8));
            r.headers().set(HttpHeaderNames.CONTENT_TYPE, type)
                .set(HttpHeaderNames.CONTENT_LENGTH, r.content().readableBytes())
                .set("X-Instance", name);
            if (!version.isEmpty()) {
                r.headers().set("X-Version", version);
            }
            boolean keepAlive = HttpUtil.isKeepAlive(req);
            req.release();
            HttpUtil.setKeepAlive(r, keepAlive);
            var f = ctx.writeAndFlush(r);
            if (!keepAlive) {
                f.addListener(ChannelFutureListener.CLOSE);
            }
        }
    }
}
