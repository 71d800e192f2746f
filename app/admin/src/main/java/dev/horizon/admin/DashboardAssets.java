package dev.horizon.admin;

import dev.horizon.charts.WebCharts;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * The dashboard's files, served from the {@code horizon} jar: {@code GET /} the page, {@code GET /dashboard/NAME} its
 * scripts ({@code dashboard.js}, {@code charts.js}, {@code datatier.js}) and style, uPlot and {@code timeline.js}
 * ({@link WebCharts}).
 * Nothing comes from a CDN; no file carries a secret (the token is typed into the page and kept in its
 * {@code sessionStorage}).
 *
 * <p>Every answer forbids framing ({@code frame-ancestors 'none'}, {@code X-Frame-Options: DENY}: the page has
 * buttons that change things, so no other site may overlay it) and content sniffing; the page may load scripts, styles
 * and connections from its own origin only.
 */
final class DashboardAssets {

    /** The policy of the page: its own files and its own admin API, nothing inline, no frames. */
    static final String POLICY = "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; "
        + "img-src 'self' data:; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";

    private static final String HTML = "text/html; charset=utf-8";
    private static final String JS = "text/javascript; charset=utf-8";
    private static final String CSS = "text/css; charset=utf-8";

    private static final Map<String, Asset> ASSETS = Map.of(
        "/", new Asset(HTML, () -> resource("index.html")),
        "/dashboard/dashboard.js", new Asset(JS, () -> resource("dashboard.js")),
        "/dashboard/charts.js", new Asset(JS, () -> resource("charts.js")),
        "/dashboard/datatier.js", new Asset(JS, () -> resource("datatier.js")),
        "/dashboard/dashboard.css", new Asset(CSS, () -> resource("dashboard.css")),
        "/dashboard/uplot.js", new Asset(JS, WebCharts::uplotJs),
        "/dashboard/uplot.css", new Asset(CSS, WebCharts::uplotCss),
        "/dashboard/timeline.js", new Asset(JS, WebCharts::timelineJs));

    private DashboardAssets() {
    }

    /** A file: its type and where its text comes from (read once, on first use). */
    private static final class Asset {
        private final String type;
        private final Supplier<String> source;
        private volatile byte @Nullable [] bytes;

        Asset(String type, Supplier<String> source) {
            this.type = type;
            this.source = source;
        }

        byte[] bytes() {
            byte[] b = bytes;
            if (b == null) {
                b = source.get().getBytes(StandardCharsets.UTF_8);
                bytes = b;
            }
            return b;
        }
    }

    /** Whether {@code path} is one of the dashboard's files. */
    static boolean serves(String path) {
        return ASSETS.containsKey(path);
    }

    /** The file at {@code path}, which {@link #serves} it. */
    static FullHttpResponse get(String path) {
        Asset a = ASSETS.get(path);
        if (a == null) {
            return AdminResponses.error(HttpResponseStatus.NOT_FOUND, "no such admin resource: " + path);
        }
        FullHttpResponse r = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK,
            Unpooled.wrappedBuffer(a.bytes()));
        r.headers().set(HttpHeaderNames.CONTENT_TYPE, a.type)
            .set(HttpHeaderNames.CONTENT_LENGTH, r.content().readableBytes())
            .set(HttpHeaderNames.CACHE_CONTROL, "no-cache")
            .set(HttpHeaderNames.CONTENT_SECURITY_POLICY, POLICY)
            .set("X-Frame-Options", "DENY")
            .set("X-Content-Type-Options", "nosniff")
            .set("Referrer-Policy", "no-referrer");
        return r;
    }

    private static String resource(String name) {
        String path = "dev/horizon/admin/dashboard/" + name;
        try (InputStream in = DashboardAssets.class.getClassLoader().getResourceAsStream(path)) {
            if (in == null) {
                throw new IllegalStateException(path + " is not on the classpath (the horizon jar is incomplete)");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("reading " + path, e);
        }
    }
}
