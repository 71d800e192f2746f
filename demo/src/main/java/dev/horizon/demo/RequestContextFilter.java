package dev.horizon.demo;

import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.UUID;

/**
 * The outermost filter: stamps {@code X-Instance}, {@code X-Version} and {@code X-Request-Id} on every response,
 * counts the request in the metrics and writes its JSON access-log line (carrying the request id the gateway passed
 * on).
 */
final class RequestContextFilter implements Filter {

    /** The request attribute holding the request id, for other log lines. */
    static final String REQUEST_ID = "demo.requestId";

    private final String instance;
    private final String version;
    private final ShopMetrics metrics;
    private final JsonLog log;

    RequestContextFilter(String instance, String version, ShopMetrics metrics, JsonLog log) {
        this.instance = instance;
        this.version = version;
        this.metrics = metrics;
        this.log = log;
    }

    @Override
    public void doFilter(ServletRequest req, ServletResponse res, FilterChain chain)
            throws IOException, ServletException {
        HttpServletRequest request = (HttpServletRequest) req;
        HttpServletResponse response = (HttpServletResponse) res;
        String id = request.getHeader("X-Request-Id");
        if (id == null || id.isEmpty() || id.length() > 128) {
            id = UUID.randomUUID().toString();
        }
        request.setAttribute(REQUEST_ID, id);
        response.setHeader("X-Instance", instance);
        response.setHeader("X-Version", version);
        response.setHeader("X-Request-Id", id);
        long start = System.nanoTime();
        metrics.started();
        int status = 500;
        try {
            chain.doFilter(req, res);
            status = response.getStatus();
        } finally {
            long nanos = System.nanoTime() - start;
            metrics.finished(status, nanos);
            String path = request.getRequestURI();
            if (!"/metrics".equals(path) && !"/health".equals(path)) {
                log.info("request", JsonObject.of("request_id", id, "method", request.getMethod(), "path", path,
                    "status", status, "duration_ms", nanos / 1_000_000.0));
            }
        }
    }
}
