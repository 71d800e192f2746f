package dev.horizon.gateway;

import dev.horizon.duration.DurationText;
import java.time.Duration;
import java.util.Objects;

/**
 * {@code gateway.websocket} in {@code horizon.yaml}: how the gateway keeps WebSocket tunnels, on every route.
 *
 * @param idleTimeout how long a tunnel may pass no byte either way before the gateway closes it (a Close frame 1001
 *                    to both sides first); HAProxy's {@code timeout tunnel}, nginx's {@code proxy_read_timeout}
 */
public record WebSocketConfig(Duration idleTimeout) {

    /** The default: an idle timeout of one hour. */
    public static final WebSocketConfig DEFAULTS = new WebSocketConfig(Duration.ofHours(1));

    /** Validates the components. */
    public WebSocketConfig {
        Objects.requireNonNull(idleTimeout, "idleTimeout");
        if (idleTimeout.isNegative() || idleTimeout.isZero()) {
            throw new IllegalArgumentException("idle-timeout: " + DurationText.format(idleTimeout)
                + " (expected: > 0)");
        }
    }
}
