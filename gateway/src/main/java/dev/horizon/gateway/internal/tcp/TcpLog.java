package dev.horizon.gateway.internal.tcp;

import java.net.InetSocketAddress;
import java.time.Instant;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/** Where the access-log entry of each finished L4 connection goes. */
@FunctionalInterface
public interface TcpLog {

    /** Drops every entry. */
    TcpLog NONE = e -> { };

    void record(Entry e);

    /**
     * One finished client connection.
     *
     * @param startMillis   when it was accepted, epoch milliseconds
     * @param listener      the listener's name
     * @param service       the listener's service
     * @param client        the client's address, or null when the socket no longer knew it
     * @param endpoint      the endpoint relayed to; empty when no connect succeeded
     * @param bytesIn       bytes from the client
     * @param bytesOut      bytes to the client
     * @param durationNanos from accept to close
     * @param attempts      endpoint connects tried
     * @param cause         why the gateway closed it ({@code connect failed}, {@code no endpoint},
     *                      {@code idle timeout}, {@code max connections}, {@code shutdown}); empty when a peer did
     */
    record Entry(long startMillis, String listener, String service, @Nullable InetSocketAddress client,
        String endpoint, long bytesIn, long bytesOut, long durationNanos, int attempts, String cause) {

        /**
         * The JSON line: {@code {"time":…,"listener":…,"service":…,"client":…,"endpoint":…,"bytes_in":…,
         * "bytes_out":…,"duration_ms":…,"attempts":…}} and {@code "cause"} when there is one. Every text in it is a
         * configured name or an address, none of which needs escaping.
         */
        public String json() {
            InetSocketAddress c = client;
            StringBuilder b = new StringBuilder(256).append("{\"time\":\"").append(Instant.ofEpochMilli(startMillis))
                .append("\",\"listener\":\"").append(listener).append("\",\"service\":\"").append(service)
                .append("\",\"client\":\"").append(c == null ? "" : c.getAddress().getHostAddress() + ":" + c.getPort())
                .append("\",\"endpoint\":\"").append(endpoint).append("\",\"bytes_in\":").append(bytesIn)
                .append(",\"bytes_out\":").append(bytesOut).append(",\"duration_ms\":")
                .append(String.format(Locale.ROOT, "%.3f", durationNanos / 1e6)).append(",\"attempts\":")
                .append(attempts);
            if (!cause.isEmpty()) {
                b.append(",\"cause\":\"").append(cause).append('"');
            }
            return b.append('}').toString();
        }
    }
}
