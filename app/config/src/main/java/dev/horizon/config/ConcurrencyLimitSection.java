package dev.horizon.config;

import dev.horizon.gateway.ConcurrencyLimitConfig;
import dev.horizon.gateway.ConcurrencyLimitConfig.Algorithm;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * A service's {@code concurrency-limit}: {@code { max: N }} for a fixed limit, or
 * {@code { adaptive: gradient2 | aimd, min, max }} for one that follows the service's latency; either with an
 * optional {@code queue: { size, timeout }} and {@code retry-after}.
 */
final class ConcurrencyLimitSection {

    static final List<String> KEYS = List.of("max", "adaptive", "min", "timeout", "queue", "retry-after");
    static final List<String> QUEUE_KEYS = List.of("size", "timeout");

    /** How long a request waits in the queue when {@code queue} sets no {@code timeout}. */
    static final Duration DEFAULT_QUEUE_TIMEOUT = Duration.ofMillis(50);

    private ConcurrencyLimitSection() {
    }

    /** The limit configured by {@code node}, or null when it is absent. */
    static @Nullable ConcurrencyLimitConfig read(@Nullable ConfigNode node) {
        if (node == null) {
            return null;
        }
        ConfigMap m = node.map(KEYS);
        ConfigNode adaptiveNode = m.get("adaptive");
        Algorithm algorithm = adaptiveNode == null ? Algorithm.FIXED
            : adaptiveNode.choice(List.of(Algorithm.GRADIENT2, Algorithm.AIMD), a -> a.name().toLowerCase(Locale.ROOT));
        if (algorithm == Algorithm.FIXED) {
            m.require("max");
            refuse(m, "min", "only with 'adaptive' (a fixed limit is its 'max')");
        }
        if (algorithm != Algorithm.AIMD) {
            refuse(m, "timeout", "only with 'adaptive: aimd' (an answer slower than it counts as a drop)");
        }
        int max = m.integer("max", ConcurrencyLimitConfig.ADAPTIVE_MAX);
        int min = algorithm == Algorithm.FIXED ? max : m.integer("min", ConcurrencyLimitConfig.ADAPTIVE_MIN);
        Duration timeout = m.duration("timeout", ConcurrencyLimitConfig.AIMD_TIMEOUT);
        Duration retryAfter = m.duration("retry-after", ConcurrencyLimitConfig.RETRY_AFTER);
        ConcurrencyLimitConfig.Queue queue = queue(m.get("queue"));
        return m.build(() -> new ConcurrencyLimitConfig(algorithm, min, max, timeout, queue, retryAfter));
    }

    private static void refuse(ConfigMap m, String key, String why) {
        ConfigNode node = m.get(key);
        if (node != null) {
            throw node.error(why);
        }
    }

    private static ConcurrencyLimitConfig.@Nullable Queue queue(@Nullable ConfigNode node) {
        if (node == null) {
            return null;
        }
        ConfigMap q = node.map(QUEUE_KEYS);
        int size = q.require("size").integer();
        Duration timeout = q.duration("timeout", DEFAULT_QUEUE_TIMEOUT);
        return q.build(() -> new ConcurrencyLimitConfig.Queue(size, timeout));
    }
}
