package dev.horizon.gateway.internal.tcp;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.ToLongFunction;

/**
 * The L4 listeners' Prometheus metrics, per listener and service: connections accepted, open now, bytes each way
 * ({@code in}: from clients to endpoints, {@code out}: from endpoints to clients) and failed endpoint connects.
 * Counters live as long as the gateway, across reloads.
 */
final class TcpMetrics {

    private final Map<Key, Counters> counters = new ConcurrentHashMap<>();

    private record Key(String listener, String service) implements Comparable<Key> {
        @Override
        public int compareTo(Key o) {
            int c = listener.compareTo(o.listener);
            return c != 0 ? c : service.compareTo(o.service);
        }
    }

    /** One listener's counters. */
    static final class Counters {
        final LongAdder connections = new LongAdder();
        final AtomicInteger active = new AtomicInteger();
        final LongAdder bytesIn = new LongAdder();
        final LongAdder bytesOut = new LongAdder();
        final LongAdder connectErrors = new LongAdder();
    }

    Counters of(String listener, String service) {
        return counters.computeIfAbsent(new Key(listener, service), k -> new Counters());
    }

    /** Client connections open now on every listener. */
    int active() {
        int n = 0;
        for (Counters c : counters.values()) {
            n += c.active.get();
        }
        return n;
    }

    /** Appends every family in the Prometheus text format. */
    void render(StringBuilder out) {
        Map<Key, Counters> sorted = new TreeMap<>(counters);
        family(out, sorted, "horizon_tcp_connections_total", "counter", "Client connections accepted by L4 listeners.",
            "", c -> c.connections.sum());
        family(out, sorted, "horizon_tcp_active_connections", "gauge", "Client connections open now on L4 listeners.",
            "", c -> c.active.get());
        out.append("# HELP horizon_tcp_bytes_total Bytes relayed by L4 listeners: in from clients, out to clients.\n")
            .append("# TYPE horizon_tcp_bytes_total counter\n");
        sorted.forEach((k, c) -> {
            line(out, "horizon_tcp_bytes_total", k, ",direction=\"in\"", c.bytesIn.sum());
            line(out, "horizon_tcp_bytes_total", k, ",direction=\"out\"", c.bytesOut.sum());
        });
        family(out, sorted, "horizon_tcp_connect_errors_total", "counter",
            "Endpoint connections of L4 listeners that failed to open or timed out.", "", c -> c.connectErrors.sum());
    }

    private static void family(StringBuilder out, Map<Key, Counters> sorted, String name, String type, String help,
        String extra, ToLongFunction<Counters> value) {
        out.append("# HELP ").append(name).append(' ').append(help).append('\n')
            .append("# TYPE ").append(name).append(' ').append(type).append('\n');
        sorted.forEach((k, c) -> line(out, name, k, extra, value.applyAsLong(c)));
    }

    private static void line(StringBuilder out, String name, Key k, String extra, long value) {
        out.append(name).append("{listener=").append(label(k.listener)).append(",service=").append(label(k.service))
            .append(extra).append("} ").append(value).append('\n');
    }

    /** A label value, quoted and escaped as the exposition format asks. */
    private static String label(String value) {
        return '"' + value.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n") + '"';
    }
}
