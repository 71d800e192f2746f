package dev.horizon.gateway.internal;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * The WebSocket tunnels' metrics, per service: open now, upgrades since start and bytes each way. They live as long
 * as the data plane, across reloads.
 */
final class WebSocketMetrics {

    private final Map<String, Service> byService = new ConcurrentHashMap<>();

    /** One service's counters. */
    static final class Service {
        final LongAdder open = new LongAdder();
        final LongAdder upgrades = new LongAdder();
        final LongAdder toEndpoint = new LongAdder();
        final LongAdder toClient = new LongAdder();
    }

    /** The counters of {@code service}, created on first use. */
    Service of(String service) {
        return byService.computeIfAbsent(service, k -> new Service());
    }

    /** Appends the metrics in the Prometheus text format. */
    void render(StringBuilder out) {
        Map<String, Service> sorted = new TreeMap<>(byService);
        out.append("# HELP horizon_websockets_open WebSocket tunnels open now.\n")
            .append("# TYPE horizon_websockets_open gauge\n");
        sorted.forEach((s, c) -> line(out, "horizon_websockets_open", s, "", c.open.sum()));
        out.append("# HELP horizon_websocket_upgrades_total WebSocket handshakes an endpoint accepted (101).\n")
            .append("# TYPE horizon_websocket_upgrades_total counter\n");
        sorted.forEach((s, c) -> line(out, "horizon_websocket_upgrades_total", s, "", c.upgrades.sum()));
        out.append("# HELP horizon_websocket_bytes_total Bytes relayed through WebSocket tunnels, by direction.\n")
            .append("# TYPE horizon_websocket_bytes_total counter\n");
        sorted.forEach((s, c) -> {
            line(out, "horizon_websocket_bytes_total", s, ",direction=\"to_endpoint\"", c.toEndpoint.sum());
            line(out, "horizon_websocket_bytes_total", s, ",direction=\"to_client\"", c.toClient.sum());
        });
    }

    private static void line(StringBuilder out, String name, String service, String labels, long value) {
        out.append(name).append("{service=").append(GatewayMetrics.label(service)).append(labels).append("} ")
            .append(value).append('\n');
    }
}
