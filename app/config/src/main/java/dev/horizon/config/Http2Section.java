package dev.horizon.config;

import dev.horizon.gateway.Http2Config;
import java.time.Duration;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * {@code gateway.http2} of {@code horizon.yaml}, read into an {@link Http2Config}; every key is optional, with
 * {@link Http2Config#DEFAULTS}' values: {@code enabled} (true: {@code h2} offered by ALPN on the TLS listener),
 * {@code h2c} (false), {@code max-concurrent-streams} (100), {@code max-header-list-size} (16384),
 * {@code initial-window-size} (65535), {@code max-resets} (200) per {@code reset-window} (30s) and
 * {@code max-control-frames} (10000). A value out of range is refused at its line, naming the key.
 */
final class Http2Section {

    static final List<String> KEYS = List.of("enabled", "h2c", "max-concurrent-streams",
        "max-header-list-size", "initial-window-size", "max-resets", "reset-window", "max-control-frames");

    private Http2Section() {
    }

    /** The settings under {@code node}, the defaults when it is absent. */
    static Http2Config read(@Nullable ConfigNode node) {
        if (node == null) {
            return Http2Config.DEFAULTS;
        }
        Http2Config d = Http2Config.DEFAULTS;
        ConfigMap m = node.map(KEYS);
        boolean enabled = m.bool("enabled", d.enabled());
        boolean h2c = m.bool("h2c", d.h2c());
        int streams = m.integer("max-concurrent-streams", d.maxConcurrentStreams());
        int headers = m.integer("max-header-list-size", d.maxHeaderListSize());
        int window = m.integer("initial-window-size", d.initialWindowSize());
        int resets = m.integer("max-resets", d.maxResets());
        Duration resetWindow = m.duration("reset-window", d.resetWindow());
        int control = m.integer("max-control-frames", d.maxControlFrames());
        return m.build(() -> new Http2Config(enabled, h2c, streams, headers, window, resets, resetWindow, control));
    }
}
