package dev.horizon.app;

import dev.horizon.app.scaling.Json;
import dev.horizon.app.scaling.ManagedControl;
import dev.horizon.gateway.Gateway;
import dev.horizon.gateway.ServicesView;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.Unpooled;
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
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.QueryStringDecoder;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
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
 * POST /admin/reload                                     re-reads the configuration file
 * GET  /metrics                                          Prometheus text format
 * </pre>
 *
 * <p>The order of the checks on a {@code POST}: method (405 with {@code Allow}), cross-site (403), content type
 * (415), lock-out (429 with {@code Retry-After}), token (401), then the body (400).
 */
final class AdminServer implements AutoCloseable {

    private static final Pattern ENDPOINT_ACTION =
        Pattern.compile("/admin/services/([^/]+)/endpoints/([^/]+)/(drain|weight)");
    private static final Pattern SCALE = Pattern.compile("/admin/services/([^/]+)/scale");
    private static final Pattern MANAGED_VIEW = Pattern.compile("/admin/services/([^/]+)/(decisions|instances)");
    private static final Pattern INSTANCES = Pattern.compile("\\{\\s*\"instances\"\\s*:\\s*(-?\\d+)\\s*}");
    private static final Pattern WEIGHT = Pattern.compile("\\{\\s*\"weight\"\\s*:\\s*(-?\\d+)\\s*}");
    private static final Pattern DRAIN = Pattern.compile("\\{\\s*\"drain\"\\s*:\\s*(true|false)\\s*}");

    private final EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
    private final Channel channel;
    private final Supplier<Gateway> gateway;
    private final Reloader reloader;
    private final Function<String, @Nullable ManagedControl> managed;
    private final byte[] tokenDigest;
    private final TokenThrottle throttle;
    /** Set once the port is bound (it needs the bound address); a request before that is refused. */
    private volatile @Nullable CrossSiteCheck crossSite;

    /** Re-reads the configuration and applies it; throws with a one-line message when it cannot. */
    interface Reloader {
        void reload();
    }

    AdminServer(InetSocketAddress address, Supplier<Gateway> gateway, Reloader reloader,
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
        this.gateway = gateway;
        this.reloader = reloader;
        this.managed = managed;
        this.tokenDigest = sha256(token);
        this.throttle = new TokenThrottle(nanoClock);
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

    InetSocketAddress address() {
        return (InetSocketAddress) channel.localAddress();
    }

    /** Stops listening and closes every connection; a second call does nothing. */
    @Override
    public void close() {
        if (group.isShuttingDown()) {
            return;
        }
        channel.close().syncUninterruptibly();
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }

    private final class Handler extends SimpleChannelInboundHandler<FullHttpRequest> {
        @Override
        protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest request) {
            FullHttpResponse response;
            try {
                response = handle(request, client(ctx));
            } catch (RuntimeException e) {
                response = json(HttpResponseStatus.INTERNAL_SERVER_ERROR, error(String.valueOf(e.getMessage())));
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
        HttpMethod allowed = allowedMethod(path);
        if (allowed == null) {
            return json(HttpResponseStatus.NOT_FOUND, error("no such admin resource: " + path));
        }
        if (!method.equals(allowed)) {
            FullHttpResponse r = json(HttpResponseStatus.METHOD_NOT_ALLOWED,
                error(method + " " + path + " is not supported (expected: " + allowed + ")"));
            r.headers().set(HttpHeaderNames.ALLOW, allowed.name());
            return r;
        }
        if (method.equals(HttpMethod.GET)) {
            return get(request, path);
        }
        HttpHeaders headers = request.headers();
        CrossSiteCheck check = crossSite;
        if (check == null) {
            return json(HttpResponseStatus.SERVICE_UNAVAILABLE, error("the admin API is starting; try again"));
        }
        String crossSiteRefusal = check.refusal(headers.get(HttpHeaderNames.ORIGIN),
            headers.get("Sec-Fetch-Site"), headers.get(HttpHeaderNames.HOST));
        if (crossSiteRefusal != null) {
            return json(HttpResponseStatus.FORBIDDEN, error(crossSiteRefusal));
        }
        String type = headers.get(HttpHeaderNames.CONTENT_TYPE);
        if (type == null || !isJson(type)) {
            return json(HttpResponseStatus.UNSUPPORTED_MEDIA_TYPE, error("Content-Type: "
                + (type == null ? "missing" : type) + " (expected: application/json)"));
        }
        long wait = throttle.waitNanos(client);
        if (wait > 0) {
            long seconds = Math.max(1, TimeUnit.NANOSECONDS.toSeconds(wait + TimeUnit.SECONDS.toNanos(1) - 1));
            FullHttpResponse r = json(HttpResponseStatus.TOO_MANY_REQUESTS, error("too many wrong admin tokens from "
                + client + "; try again in " + seconds + "s"));
            r.headers().set(HttpHeaderNames.RETRY_AFTER, seconds);
            return r;
        }
        String authorization = headers.get(HttpHeaderNames.AUTHORIZATION);
        if (authorization == null || !authorized(authorization)) {
            if (authorization != null) {
                throttle.failed(client);
            }
            return json(HttpResponseStatus.UNAUTHORIZED, error("missing or wrong bearer token (HORIZON_ADMIN_TOKEN)"));
        }
        throttle.succeeded(client);
        return post(request, path);
    }

    /** The one method a resource answers, or null when there is no such resource. */
    private static @Nullable HttpMethod allowedMethod(String path) {
        return switch (path) {
            case "/admin/services", "/metrics", "/", "/admin" -> HttpMethod.GET;
            case "/admin/reload" -> HttpMethod.POST;
            default -> MANAGED_VIEW.matcher(path).matches() ? HttpMethod.GET
                : SCALE.matcher(path).matches() || ENDPOINT_ACTION.matcher(path).matches() ? HttpMethod.POST : null;
        };
    }

    private FullHttpResponse get(FullHttpRequest request, String path) {
        Matcher view = MANAGED_VIEW.matcher(path);
        if (view.matches()) {
            return managedView(QueryStringDecoder.decodeComponent(view.group(1)), view.group(2),
                "text".equals(query(request, "format")));
        }
        return switch (path) {
            case "/admin/services" -> "text".equals(query(request, "format"))
                ? text(statusText(), "text/plain; charset=utf-8")
                : json(HttpResponseStatus.OK, servicesJson(gateway.get().services().list()));
            case "/metrics" -> text(gateway.get().metricsText(), "text/plain; version=0.0.4; charset=utf-8");
            default -> text("Horizon admin API: GET /admin/services, GET /metrics\n", "text/plain; charset=utf-8");
        };
    }

    private FullHttpResponse post(FullHttpRequest request, String path) {
        String body = request.content().toString(StandardCharsets.UTF_8).trim();
        if (path.equals("/admin/reload")) {
            try {
                reloader.reload();
                return json(HttpResponseStatus.OK, "{\"reloaded\":true}");
            } catch (RuntimeException e) {
                return json(HttpResponseStatus.BAD_REQUEST, error(String.valueOf(e.getMessage())));
            }
        }
        Matcher scale = SCALE.matcher(path);
        if (scale.matches()) {
            return scale(QueryStringDecoder.decodeComponent(scale.group(1)), body,
                "text".equals(query(request, "format")));
        }
        Matcher m = ENDPOINT_ACTION.matcher(path);
        if (!m.matches()) {
            return json(HttpResponseStatus.NOT_FOUND, error("no such admin resource: " + path));
        }
        String service = QueryStringDecoder.decodeComponent(m.group(1));
        String endpoint = QueryStringDecoder.decodeComponent(m.group(2));
        ServicesView view = gateway.get().services();
        boolean found;
        if (m.group(3).equals("drain")) {
            Matcher d = DRAIN.matcher(body);
            if (!d.matches()) {
                String expected = "{\"drain\": true} to drain or {\"drain\": false} to resume";
                return json(HttpResponseStatus.BAD_REQUEST, error(body.isEmpty() ? "body: empty (expected: "
                    + expected + ")" : "body: expected " + expected));
            }
            boolean drain = d.group(1).equals("true");
            ManagedControl control = managed.apply(service);
            if (drain && control != null && control.drainInstance(endpoint)) {
                return json(HttpResponseStatus.OK, "{\"ok\":true,\"instance\":" + quote(endpoint) + "}");
            }
            found = view.drain(service, endpoint, drain);
        } else {
            Matcher w = WEIGHT.matcher(body);
            if (!w.matches()) {
                return json(HttpResponseStatus.BAD_REQUEST, error("body: expected {\"weight\": 1..1000}"));
            }
            int weight;
            try {
                weight = Integer.parseInt(w.group(1));
            } catch (NumberFormatException e) {
                weight = -1;
            }
            if (weight < 1 || weight > 1000) {
                return json(HttpResponseStatus.BAD_REQUEST, error("weight: " + w.group(1) + " (expected: 1..1000)"));
            }
            found = view.setWeight(service, endpoint, weight);
        }
        return found ? json(HttpResponseStatus.OK, "{\"ok\":true}")
            : json(HttpResponseStatus.NOT_FOUND, error("no endpoint " + endpoint + " in service " + service));
    }

    private FullHttpResponse managedView(String service, String what, boolean asText) {
        ManagedControl control = managed.apply(service);
        if (control == null) {
            return notManaged(service);
        }
        if (what.equals("instances")) {
            return asText ? text(control.instancesTable(), "text/plain; charset=utf-8")
                : json(HttpResponseStatus.OK, control.instancesJson());
        }
        return asText ? text(control.explain(), "text/plain; charset=utf-8")
            : json(HttpResponseStatus.OK, control.decisionsJson());
    }

    private FullHttpResponse scale(String service, String body, boolean asText) {
        ManagedControl control = managed.apply(service);
        if (control == null) {
            return notManaged(service);
        }
        Matcher n = INSTANCES.matcher(body);
        int count;
        try {
            count = n.matches() ? Integer.parseInt(n.group(1)) : -1;
        } catch (NumberFormatException e) {
            count = -1;
        }
        if (count < 0) {
            return json(HttpResponseStatus.BAD_REQUEST, error("body: expected {\"instances\": N} with N >= 0"));
        }
        String report;
        try {
            report = control.scale(count);
        } catch (IllegalArgumentException e) {
            return json(HttpResponseStatus.BAD_REQUEST, error(String.valueOf(e.getMessage())));
        }
        return asText ? text(report + "\n", "text/plain; charset=utf-8")
            : json(HttpResponseStatus.OK, "{\"service\":" + quote(service) + ",\"desired\":" + count
                + ",\"message\":" + quote(report) + "}");
    }

    private FullHttpResponse notManaged(String service) {
        boolean exists = gateway.get().services().list().stream().anyMatch(s -> s.name().equals(service));
        return exists ? json(HttpResponseStatus.CONFLICT, error("service " + service
                + " has static endpoints only; scaling needs an 'instances' block"))
            : json(HttpResponseStatus.NOT_FOUND, error("no service " + service));
    }

    /** {@code horizon status}: the gateway's table, then each managed service's instances. */
    private String statusText() {
        List<ServicesView.ServiceStatus> services = gateway.get().services().list();
        StringBuilder b = new StringBuilder(statusTable(services));
        for (ServicesView.ServiceStatus s : services) {
            ManagedControl control = managed.apply(s.name());
            if (control != null) {
                b.append(control.instancesTable());
            }
        }
        return b.toString();
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

    private static @Nullable String query(FullHttpRequest request, String name) {
        List<String> values = new QueryStringDecoder(request.uri()).parameters().get(name);
        return values == null || values.isEmpty() ? null : values.get(0);
    }

    /** The services as the table {@code horizon status} prints. */
    static String statusTable(List<ServicesView.ServiceStatus> services) {
        if (services.isEmpty()) {
            return "no services configured\n";
        }
        StringBuilder b = new StringBuilder();
        for (ServicesView.ServiceStatus s : services) {
            ServicesView.Traffic t = s.traffic();
            b.append(String.format(Locale.ROOT, "%s  balance=%s%s  rps=%.1f  p50=%.1fms  p95=%.1fms  p99=%.1fms%n",
                s.name(), s.balance(), s.panic() ? "  PANIC" : "", t.rps(), t.p50Ms(), t.p95Ms(), t.p99Ms()));
            b.append(String.format(Locale.ROOT, "  %-24s %-10s %6s %9s %8s %9s %9s %9s%n", "ENDPOINT", "HEALTH",
                "WEIGHT", "IN-FLIGHT", "RPS", "P50(ms)", "P99(ms)", "EWMA(ms)"));
            for (ServicesView.EndpointStatus e : s.endpoints()) {
                b.append(String.format(Locale.ROOT, "  %-24s %-10s %6d %9d %8.1f %9.1f %9.1f %9.1f%n", e.id(),
                    e.health(), e.weight(), e.inFlight(), e.traffic().rps(), e.traffic().p50Ms(), e.traffic().p99Ms(),
                    e.latencyMs()));
            }
        }
        return b.toString();
    }

    /** The services as the JSON document {@code GET /admin/services} returns. */
    static String servicesJson(List<ServicesView.ServiceStatus> services) {
        StringBuilder b = new StringBuilder("{\"services\":[");
        for (int i = 0; i < services.size(); i++) {
            ServicesView.ServiceStatus s = services.get(i);
            b.append(i == 0 ? "" : ",").append("{\"name\":").append(quote(s.name())).append(",\"balance\":")
                .append(quote(s.balance())).append(",\"panic\":").append(s.panic());
            traffic(b, s.traffic());
            b.append(",\"endpoints\":[");
            for (int j = 0; j < s.endpoints().size(); j++) {
                ServicesView.EndpointStatus e = s.endpoints().get(j);
                b.append(j == 0 ? "" : ",").append("{\"id\":").append(quote(e.id())).append(",\"health\":")
                    .append(quote(e.health())).append(",\"weight\":").append(e.weight()).append(",\"in_flight\":")
                    .append(e.inFlight()).append(",\"latency_ewma_ms\":").append(number(e.latencyMs()));
                traffic(b, e.traffic());
                b.append('}');
            }
            b.append("]}");
        }
        return b.append("]}").toString();
    }

    private static void traffic(StringBuilder b, ServicesView.Traffic t) {
        b.append(",\"rps\":").append(number(t.rps())).append(",\"p50_ms\":").append(number(t.p50Ms()))
            .append(",\"p95_ms\":").append(number(t.p95Ms())).append(",\"p99_ms\":").append(number(t.p99Ms()));
    }

    private static String number(double v) {
        return String.format(Locale.ROOT, "%.3f", v);
    }

    static String quote(String s) {
        return Json.quote(s);
    }

    private static String error(String message) {
        return "{\"error\":" + quote(message) + "}";
    }

    private static FullHttpResponse json(HttpResponseStatus status, String body) {
        return text(status, body + "\n", "application/json");
    }

    private static FullHttpResponse text(String body, String type) {
        return text(HttpResponseStatus.OK, body, type);
    }

    private static FullHttpResponse text(HttpResponseStatus status, String body, String type) {
        FullHttpResponse r = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status,
            Unpooled.copiedBuffer(body, StandardCharsets.UTF_8));
        r.headers().set(HttpHeaderNames.CONTENT_TYPE, type).set(HttpHeaderNames.CONTENT_LENGTH,
            r.content().readableBytes());
        return r;
    }
}
