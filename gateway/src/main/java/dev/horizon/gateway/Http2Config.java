package dev.horizon.gateway;

import dev.horizon.duration.DurationText;
import java.time.Duration;
import java.util.Objects;

/**
 * {@code gateway.http2} in {@code horizon.yaml}: HTTP/2 to clients, offered by ALPN on the TLS listener and, as an
 * option, spoken with prior knowledge (h2c) on the plain one. Every stream becomes one HTTP/1.1 exchange through
 * the same routing, balancing, retries, limits, access log and metrics as a request on an HTTP/1.1 connection.
 *
 * @param enabled              whether the TLS listener offers {@code h2} by ALPN (before {@code http/1.1})
 * @param h2c                  whether the plain listener also takes HTTP/2 with prior knowledge (RFC 9113 §3.3)
 * @param maxConcurrentStreams {@code SETTINGS_MAX_CONCURRENT_STREAMS}: streams a client may have open at once; a
 *                             further one is refused with {@code RST_STREAM(REFUSED_STREAM)}
 * @param maxHeaderListSize    {@code SETTINGS_MAX_HEADER_LIST_SIZE} in bytes (RFC 9113 §6.5.2: names, values and 32
 *                             per field); a header block over 1.25 times this ends the connection (Netty)
 * @param initialWindowSize    {@code SETTINGS_INITIAL_WINDOW_SIZE}: bytes of a request body a client may send on a
 *                             stream before the gateway has passed them on
 * @param maxResets            RST_STREAM frames received, and separately sent, per {@code resetWindow} before the
 *                             connection is closed with GOAWAY (Rapid Reset, CVE-2023-44487; MadeYouReset,
 *                             CVE-2025-55163)
 * @param resetWindow          the window of {@code maxResets}, whole seconds
 * @param maxControlFrames     control frames (SETTINGS and PING acknowledgements, RST_STREAM) queued unwritten
 *                             because the client does not read them before the connection is closed (the 2019 SETTINGS
 *                             and PING floods, CVE-2019-9512/9515)
 */
public record Http2Config(boolean enabled, boolean h2c, int maxConcurrentStreams, int maxHeaderListSize,
    int initialWindowSize, int maxResets, Duration resetWindow, int maxControlFrames) {

    /** The defaults: offered by ALPN, no h2c, 100 streams, 16 KiB of headers, 64 KiB window, 200 resets per 30 s. */
    public static final Http2Config DEFAULTS = new Http2Config(true, false, 100, 16_384, 65_535, 200,
        Duration.ofSeconds(30), 10_000);

    /** Validates the components, naming the key of a value out of range. */
    public Http2Config {
        Objects.requireNonNull(resetWindow, "resetWindow");
        atLeast("max-concurrent-streams", maxConcurrentStreams, 1);
        atLeast("max-header-list-size", maxHeaderListSize, 1024);
        atLeast("initial-window-size", initialWindowSize, 1024);
        atLeast("max-resets", maxResets, 1);
        atLeast("max-control-frames", maxControlFrames, 16);
        if (resetWindow.toSeconds() < 1 || resetWindow.toNanos() % 1_000_000_000L != 0) {
            throw new IllegalArgumentException("reset-window: " + DurationText.format(resetWindow)
                + " (expected: whole seconds, >= 1s)");
        }
    }

    private static void atLeast(String key, int value, int min) {
        if (value < min) {
            throw new IllegalArgumentException(key + ": " + value + " (expected: >= " + min + ")");
        }
    }
}
