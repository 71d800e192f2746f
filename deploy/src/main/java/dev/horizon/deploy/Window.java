package dev.horizon.deploy;

import java.util.Arrays;

/**
 * What one revision answered over one analysis interval, as the gateway saw it.
 *
 * @param requests      the requests it answered (or failed)
 * @param errors        the ones that failed: 5xx answers and gateway failures (no connection, timeout, reset)
 * @param latencyMillis the latencies of its requests in milliseconds, all of them or a uniform sample; copied
 */
@SuppressWarnings("ArrayRecordComponent") // copied in and out, compared by value: equals and hashCode below
public record Window(long requests, long errors, double[] latencyMillis) {

    /** No requests at all. */
    public static final Window EMPTY = new Window(0, 0, new double[0]);

    /** Validates, copies the latencies. */
    public Window {
        if (requests < 0 || errors < 0 || errors > requests) {
            throw new IllegalArgumentException("window: " + errors + " errors of " + requests + " requests (expected: "
                + "0 <= errors <= requests)");
        }
        latencyMillis = latencyMillis.clone();
        for (double l : latencyMillis) {
            if (!(l >= 0) || Double.isInfinite(l)) {
                throw new IllegalArgumentException("window: latency " + l + "ms (expected: >= 0, finite)");
            }
        }
    }

    /** The latencies, a copy. */
    @Override
    public double[] latencyMillis() {
        return latencyMillis.clone();
    }

    /** The share of requests that failed, 0 when there were none. */
    public double errorRate() {
        return requests == 0 ? 0 : (double) errors / requests;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Window w && w.requests == requests && w.errors == errors
            && Arrays.equals(w.latencyMillis, latencyMillis);
    }

    @Override
    public int hashCode() {
        return Long.hashCode(requests) * 31 * 31 + Long.hashCode(errors) * 31 + Arrays.hashCode(latencyMillis);
    }

    @Override
    public String toString() {
        return "Window[requests=" + requests + ", errors=" + errors + ", latencies=" + latencyMillis.length + "]";
    }
}
