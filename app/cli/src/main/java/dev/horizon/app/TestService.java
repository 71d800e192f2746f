package dev.horizon.app;

import com.fasterxml.jackson.core.io.JsonStringEncoder;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What {@code horizon backend} serves: each request costs {@code cost} of waiting, at most {@code concurrency} run at
 * once and the rest queue in arrival order, so a loaded instance shows rising in-flight counts and latency the way a
 * real service does. {@code /health} and {@code /metrics} bypass the line.
 *
 * <p>All requests are handled on one event loop, so the line itself needs no lock; the counters are atomic because
 * {@code /metrics} and shutdown read them.
 *
 * <p>A client that resets its connection or goes away mid-request (every load test ends that way) closes that
 * connection and says nothing; any other failure on a connection (a request the codec cannot read) closes it with one
 * warning line, never a stack trace. Without this, Netty's pipeline tail printed "An exceptionCaught() event was
 * fired, and it reached at the tail of the pipeline" with a stack trace for every reset.
 */
final class TestService {

    private static final Logger LOG = LoggerFactory.getLogger(TestService.class);

    private final String name;
    private final long costNanos;
    private final int concurrency;
    private final ArrayDeque<Waiting> line = new ArrayDeque<>();
    private final AtomicInteger running = new AtomicInteger();
    private final AtomicInteger queued = new AtomicInteger();
    private final AtomicLong served = new AtomicLong();

    private record Waiting(ChannelHandlerContext ctx, FullHttpRequest request) {
    }

    TestService(String name, Duration cost, int concurrency) {
        this.name = name;
        this.costNanos = cost.toNanos();
        this.concurrency = concurrency;
    }

    /** The request handler; one instance serves every connection. */
    ChannelHandler handler() {
        return new Handler();
    }

    /** Waits until no request is running or queued, for at most {@code timeout}. */
    void awaitIdle(Duration timeout) {
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

    String metrics() {
        return "# HELP backend_in_flight Requests being served or waiting now.\n"
            + "# TYPE backend_in_flight gauge\n"
            + "backend_in_flight " + (running.get() + queued.get()) + "\n"
            + "# HELP backend_queue_depth Requests waiting for a free slot now.\n"
            + "# TYPE backend_queue_depth gauge\n"
            + "backend_queue_depth " + queued.get() + "\n"
            + "# HELP backend_requests_total Requests served.\n"
            + "# TYPE backend_requests_total counter\n"
            + "backend_requests_total " + served.get() + "\n";
    }

    /** {@code s} as a JSON string literal. */
    private static String quote(String s) {
        return "\"" + new String(JsonStringEncoder.getInstance().quoteAsString(s)) + "\"";
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
            } else if (concurrency > 0 && running.get() >= concurrency) {
                queued.incrementAndGet();
                line.addLast(new Waiting(ctx, req));
            } else {
                start(ctx, req);
            }
        }

        private void start(ChannelHandlerContext ctx, FullHttpRequest req) {
            running.incrementAndGet();
            if (costNanos == 0) {
                finish(ctx, req);
            } else {
                ctx.executor().schedule(() -> finish(ctx, req), costNanos, TimeUnit.NANOSECONDS);
            }
        }

        private void finish(ChannelHandlerContext ctx, FullHttpRequest req) {
            String body = "{\"backend\":" + quote(name) + ",\"path\":" + quote(req.uri()) + "}\n";
            served.incrementAndGet();
            respond(ctx, req, HttpResponseStatus.OK, "application/json", body);
            running.decrementAndGet();
            Waiting next = line.pollFirst();
            while (next != null && !next.ctx().channel().isActive()) {
                queued.decrementAndGet();
                next.request().release();
                next = line.pollFirst();
            }
            if (next != null) {
                queued.decrementAndGet();
                start(next.ctx(), next.request());
            }
        }

        private void respond(ChannelHandlerContext ctx, FullHttpRequest req, HttpResponseStatus status,
            String type, String body) {
            var r = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status,
                Unpooled.copiedBuffer(body, StandardCharsets.UTF_8));
            r.headers().set(HttpHeaderNames.CONTENT_TYPE, type)
                .set(HttpHeaderNames.CONTENT_LENGTH, r.content().readableBytes())
                .set("X-Instance", name);
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
