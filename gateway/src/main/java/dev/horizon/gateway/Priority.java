package dev.horizon.gateway;

import java.util.Locale;

/**
 * A route's {@code priority} in {@code horizon.yaml}: which requests a service over its concurrency limit sheds
 * first. Each priority may fill the limit up to its own share, so lower ones are refused while headroom is left for
 * higher ones (see {@link ConcurrencyLimitConfig}).
 */
public enum Priority {
    /** Admitted up to the whole limit. */
    HIGH,
    /** The default: admitted while a tenth of the limit (rounded down) is left for high ones. */
    NORMAL,
    /** Admitted while a fifth of the limit (rounded down) is left for normal and high ones. */
    LOW;

    /** The name in {@code horizon.yaml} and in metrics: {@code high}, {@code normal}, {@code low}. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * How many requests may be in flight when one of this priority is admitted under {@code limit}:
     * {@code limit − floor(limit × share)} with shares 0, 10 % and 20 %, at least 1. Rounded down so that a small
     * limit (under 10) is not cut for the default priority: {@code max: 4} admits four normal requests.
     */
    public int threshold(int limit) {
        int reserved = switch (this) {
            case HIGH -> 0;
            case NORMAL -> limit / 10;
            case LOW -> limit / 5;
        };
        return Math.max(1, limit - reserved);
    }
}
