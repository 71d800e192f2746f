package dev.horizon.gateway;

import dev.horizon.gateway.internal.DataPlane;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * A running gateway: listens for clients, routes and balances their requests over the configured services, and keeps
 * doing so across reloads until it is shut down.
 *
 * <p>Thread-safe. {@link #reload} swaps the whole configuration atomically: requests in flight finish under the
 * configuration they started with, endpoints that stay keep their health, counters and pooled connections.
 */
public final class Gateway implements AutoCloseable {

    private final DataPlane plane;

    private Gateway(DataPlane plane) {
        this.plane = plane;
    }

    /**
     * Starts a gateway and returns once it accepts connections.
     *
     * @throws IllegalStateException when the listen address cannot be bound, naming the address and the reason
     */
    public static Gateway start(GatewayConfig config) {
        return new Gateway(DataPlane.start(config));
    }

    /** The address clients connect to (the actual port when the configuration asked for port 0). */
    public InetSocketAddress address() {
        return plane.address();
    }

    /**
     * Where the L4 listener called {@code name} is bound (the actual port when it asked for port 0), or null when
     * the configuration has no such listener.
     */
    public @Nullable InetSocketAddress tcpAddress(String name) {
        return plane.tcpAddress(name);
    }

    /** The L4 listeners in force, by name, with their open connections; for the admin API and status. */
    public List<TcpListenerStatus> tcpListeners() {
        return plane.tcpListeners();
    }

    /** Where the TLS listener ({@code gateway.tls}) is bound, or null when none is configured. */
    public @Nullable InetSocketAddress tlsAddress() {
        return plane.tlsAddress();
    }

    /** The TLS listener's engine, {@code OpenSSL (BoringSSL)} or {@code JDK}; null without a TLS listener. */
    public @Nullable String tlsEngine() {
        return plane.tlsEngine();
    }

    /** The certificates the TLS listener serves now, in configuration order; none without one. */
    public List<CertificateStatus> certificates() {
        return plane.certificates();
    }

    /** The configuration in force. */
    public GatewayConfig config() {
        return plane.config();
    }

    /**
     * Replaces the configuration. The new one is validated first; a change of {@code listen} is refused because it
     * needs a restart.
     *
     * @throws IllegalArgumentException when the new configuration cannot be applied; the old one keeps running
     */
    public void reload(GatewayConfig next) {
        plane.reload(next);
    }

    /** Every metric in the Prometheus text exposition format, for {@code GET /metrics}. */
    public String metricsText() {
        return plane.metricsText();
    }

    /** The live view of the services, for the admin API and {@code horizon status}. */
    public ServicesView services() {
        return plane.services();
    }

    /**
     * Stops accepting connections, closes idle keep-alive connections, lets requests in flight finish for up to
     * {@code drainTimeout}, then closes everything.
     *
     * @return true when every request finished within the timeout
     */
    public boolean shutdown(Duration drainTimeout) {
        return plane.shutdown(drainTimeout);
    }

    /** {@link #shutdown} with the configured drain timeout. */
    @Override
    public void close() {
        plane.shutdown(plane.config().drainTimeout());
    }
}
