package dev.horizon.admin;

import static dev.horizon.admin.AdminResponses.error;

import dev.horizon.control.ManagedControl;
import dev.horizon.gateway.Gateway;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.QueryStringDecoder;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * The admin API on {@code gateway.admin}: services and endpoints as JSON, Prometheus metrics, draining, weights and
 * reload. Mutating calls ({@code POST}) always need {@code Authorization: Bearer <token>} (see {@link AdminToken}) and
 * {@code Content-Type: application/json}, and are refused when a browser made them for another site
 * ({@link CrossSiteCheck}); wrong tokens are throttled per client address ({@link TokenThrottle}).
 *
 * <pre>
 * GET  /admin/services                          services, endpoints, health, weights, in-flight, RPS, p50/95/99
 * POST /admin/services/{s}/endpoints/{id}/drain          {"drain": true} or {"drain": false}; for a managed
 *                                                        instance id (shop-3): drain, stop and replace it
 * POST /admin/services/{s}/endpoints/{id}/weight         {"weight": N}, until the next reload of the file
 * POST /admin/services/{s}/scale                         {"instances": N} for a service with managed instances
 * GET  /admin/services/{s}/decisions                     the autoscaler's decision log (?format=text: plain words)
 * GET  /admin/services/{s}/instances                     the managed instances
 * GET  /admin/services/{s}/trace                         the recorded requests per second as seconds,rps CSV
 *                                                        (?last=10m or ?since=2026-12-02T14:00:00Z)
 * POST /admin/reload                                     re-reads the configuration file
 * GET  /metrics                                          Prometheus text format
 * GET  /                                                 the dashboard (docs/dashboard.md); its files under
 *                                                        /dashboard/
 * GET  /admin/events                                     the dashboard's live feed (server-sent events)
 * GET  /admin/history                                    the last 15 minutes, second by second, per service
 * </pre>
 *
 * <p>The order of the checks on a {@code POST}: method (405 with {@code Allow}), cross-site (403), content type
 * (415), lock-out (429 with {@code Retry-After}), token (401), then the body (400).
 */
public final class AdminServer implements AutoCloseable {

    private final EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
    private final Channel channel;
    private final AdminResources resources;
    private final byte[] tokenDigest;
    private final TokenThrottle throttle;
    private final DashboardEvents events;
    /** Set once the port is bound (it needs the bound address); a request before that is refused. */
    private volatile @Nullable CrossSiteCheck crossSite;

    /** Re-reads the configuration and applies it; throws with a one-line message when it cannot. */
    @FunctionalInterface
    public interface Reloader {
        void reload();
    }

    /**
     * An admin API on {@code address} for the gateway {@code gateway} supplies, the managed services {@code managed}
     * finds, reloading with {@code reloader}, authenticating mutations with {@code token}.
     *
     * @throws IllegalArgumentException when {@code address} cannot be bound (in use, or not an address of this host)
     */
    public AdminServer(InetSocketAddress address, Supplier<Gateway> gateway, Reloader reloader,
        Function<String, @Nullable ManagedControl> managed, String token) {
        this(address, gateway, reloader, managed, token, System::nanoTime);
    }

    /**
     * An admin API on {@code address} that authenticates mutations with {@code token} and times lock-outs with
     * {@code nanoClock}.
     *
     * @throws IllegalArgumentException when {@code address} cannot be bound (in use, or not an address of this host)
     */
    AdminServer(InetSocketAddress address, Supplier<Gateway> gateway, Reloader reloader,
        Function<String, @Nullable ManagedControl> managed, String token, LongSupplier nanoClock) {
        if (token.isEmpty()) {
            throw new IllegalArgumentException("the admin token is empty");
        }
        this.resources = new AdminResources(gateway, reloader, managed);
        this.tokenDigest = sha256(token);
        this.throttle = new TokenThrottle(nanoClock);
        this.events = new DashboardEvents(group, () -> new DashboardJson(gateway.get(), managed));
        try {
            this.channel = new ServerBootstrap().group(group).channel(NioServerSocketChannel.class)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        ch.pipeline().addLast(new HttpServerCodec(),
                            new AdminHeadDeadline(() -> gateway.get().config().timeouts().requestHeaders()),
                            new HttpObjectAggregator(64 * 1024), new Handler());
                    }
                }).bind(address).sync().channel();
        } catch (Exception e) {
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS);
            throw new IllegalArgumentException("gateway.admin: cannot listen on " + address.getHostString() + ":"
                + address.getPort() + ": " + e.getMessage(), e);
        }
        this.crossSite = new CrossSiteCheck(address());
    }

    /** The address it listens on. */
    public InetSocketAddress address() {
        return (InetSocketAddress) channel.localAddress();
    }

    /** Stops listening and closes every connection; a second call does nothing. */
    @Override
    public void close() {
        if (group.isShuttingDown()) {
            return;
        }
        channel.close().syncUninterruptibly();
        events.close();
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }

    private final class Handler extends SimpleChannelInboundHandler<FullHttpRequest> {
        @Override
        protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest request) {
            CrossSiteCheck check = crossSite;
            String wrongHost = check == null ? null : check.hostRefusal(request.headers().get(HttpHeaderNames.HOST));
            if (wrongHost != null) {
                ctx.writeAndFlush(error(HttpResponseStatus.FORBIDDEN, wrongHost))
                    .addListener(ChannelFutureListener.CLOSE);
                return;
            }
            if (request.method().equals(HttpMethod.GET)
                && new QueryStringDecoder(request.uri()).path().equals(DashboardEvents.PATH)) {
                events.subscribe(ctx);
                return;
            }
            FullHttpResponse response;
            try {
                response = handle(request, client(ctx));
            } catch (RuntimeException e) {
                response = error(HttpResponseStatus.INTERNAL_SERVER_ERROR, String.valueOf(e.getMessage()));
            }
            boolean keepAlive = HttpUtil.isKeepAlive(request);
            HttpUtil.setKeepAlive(response, keepAlive);
            var future = ctx.writeAndFlush(response);
            if (!keepAlive) {
                future.addListener(ChannelFutureListener.CLOSE);
            }
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            ctx.close();
        }

        private static String client(ChannelHandlerContext ctx) {
            return ctx.channel().remoteAddress() instanceof InetSocketAddress a && a.getAddress() != null
                ? a.getAddress().getHostAddress() : String.valueOf(ctx.channel().remoteAddress());
        }
    }

    /** The answer to {@code request} from the client address {@code client}. */
    FullHttpResponse handle(FullHttpRequest request, String client) {
        String path = new QueryStringDecoder(request.uri()).path();
        HttpMethod method = request.method();
        HttpMethod allowed = AdminResources.allowedMethod(path);
        if (allowed == null) {
            return error(HttpResponseStatus.NOT_FOUND, "no such admin resource: " + path);
        }
        if (!method.equals(allowed)) {
            FullHttpResponse r = error(HttpResponseStatus.METHOD_NOT_ALLOWED,
                method + " " + path + " is not supported (expected: " + allowed + ")");
            r.headers().set(HttpHeaderNames.ALLOW, allowed.name());
            return r;
        }
        if (method.equals(HttpMethod.GET)) {
            return resources.get(request, path);
        }
        FullHttpResponse refusal = refusal(request.headers(), client);
        return refusal != null ? refusal : resources.post(request, path);
    }

    /** Why a {@code POST} with {@code headers} from {@code client} is refused, in the order the class says; or null. */
    private @Nullable FullHttpResponse refusal(HttpHeaders headers, String client) {
        CrossSiteCheck check = crossSite;
        if (check == null) {
            return error(HttpResponseStatus.SERVICE_UNAVAILABLE, "the admin API is starting; try again");
        }
        String crossSiteRefusal = check.refusal(headers.get(HttpHeaderNames.ORIGIN),
            headers.get("Sec-Fetch-Site"), headers.get(HttpHeaderNames.HOST));
        if (crossSiteRefusal != null) {
            return error(HttpResponseStatus.FORBIDDEN, crossSiteRefusal);
        }
        String type = headers.get(HttpHeaderNames.CONTENT_TYPE);
        if (type == null || !isJson(type)) {
            return error(HttpResponseStatus.UNSUPPORTED_MEDIA_TYPE, "Content-Type: "
                + (type == null ? "missing" : type) + " (expected: application/json)");
        }
        long wait = throttle.waitNanos(client);
        if (wait > 0) {
            long seconds = Math.max(1, TimeUnit.NANOSECONDS.toSeconds(wait + TimeUnit.SECONDS.toNanos(1) - 1));
            FullHttpResponse r = error(HttpResponseStatus.TOO_MANY_REQUESTS, "too many wrong admin tokens from "
                + client + "; try again in " + seconds + "s");
            r.headers().set(HttpHeaderNames.RETRY_AFTER, seconds);
            return r;
        }
        String authorization = headers.get(HttpHeaderNames.AUTHORIZATION);
        if (authorization == null || !authorized(authorization)) {
            if (authorization != null) {
                throttle.failed(client);
            }
            return error(HttpResponseStatus.UNAUTHORIZED, "missing or wrong bearer token (HORIZON_ADMIN_TOKEN)");
        }
        throttle.succeeded(client);
        return null;
    }

    /**
     * Whether {@code authorization} carries the token. The scheme is case-insensitive (RFC 9110 §11.1) and followed by
     * one or more spaces (RFC 6750 §2.1); the token is compared in constant time, as SHA-256 digests of equal length
     * so that not even its length leaks.
     */
    private boolean authorized(String authorization) {
        String scheme = "Bearer";
        int n = scheme.length();
        if (authorization.length() <= n || !authorization.regionMatches(true, 0, scheme, 0, n)
            || authorization.charAt(n) != ' ') {
            return false;
        }
        return MessageDigest.isEqual(sha256(authorization.substring(n).strip()), tokenDigest);
    }

    private static byte[] sha256(String s) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
    }

    /** Whether a Content-Type is {@code application/json}, with or without parameters (RFC 9110 §8.3.1). */
    private static boolean isJson(String contentType) {
        int semicolon = contentType.indexOf(';');
        String media = (semicolon < 0 ? contentType : contentType.substring(0, semicolon)).strip();
        return media.equalsIgnoreCase("application/json");
    }
}
