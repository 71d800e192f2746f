package dev.horizon.fleet.internal;

import java.time.Duration;

/** Durations as {@code horizon.yaml} writes them: {@code 250ms}, {@code 1.5s}, {@code 5m}, {@code 4m30s}. */
public final class Durations {

    private static final long MS = 1_000_000L;
    private static final long SECOND = 1_000 * MS;
    private static final long MINUTE = 60 * SECOND;

    private Durations() {
    }

    /**
     * A short text for people: below a second in whole milliseconds (rounded up, so a wait that has not ended never
     * reads {@code 0ms}), below a minute in seconds with at most one decimal, else in minutes and whole seconds.
     */
    public static String text(Duration d) {
        if (d.isNegative()) {
            return "-" + text(d.negated());
        }
        long nanos = d.compareTo(Duration.ofDays(365)) > 0 ? Long.MAX_VALUE : d.toNanos();
        if (nanos == 0) {
            return "0s";
        }
        if (nanos < SECOND) {
            return ceilDiv(nanos, MS) + "ms";
        }
        if (nanos < MINUTE) {
            long tenths = (nanos + SECOND / 20) / (SECOND / 10);
            return tenths % 10 == 0 ? tenths / 10 + "s" : tenths / 10 + "." + tenths % 10 + "s";
        }
        long minutes = nanos / MINUTE;
        long seconds = nanos % MINUTE / SECOND;
        return seconds == 0 ? minutes + "m" : minutes + "m" + seconds + "s";
    }

    private static long ceilDiv(long a, long b) {
        return -Math.floorDiv(-a, b);
    }
}
