package dev.horizon.sim.model;

/**
 * One load-test measurement: at {@code concurrency} requests in flight (closed-loop clients, workers, threads) the
 * system completed {@code throughput} requests per second.
 *
 * @param concurrency how many requests were in flight, at least 1 (fractional values allowed: a mean)
 * @param throughput completed requests per second, at least 0
 */
public record Measurement(double concurrency, double throughput) {

    /** @throws IllegalArgumentException when a value is out of its range or not finite */
    public Measurement {
        if (!(concurrency >= 1) || !Double.isFinite(concurrency)) {
            throw new IllegalArgumentException("concurrency: " + concurrency + " (expected: a number ≥ 1)");
        }
        if (!(throughput >= 0) || !Double.isFinite(throughput)) {
            throw new IllegalArgumentException("throughput: " + throughput + " (expected: a number ≥ 0)");
        }
    }
}
