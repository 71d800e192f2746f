package dev.horizon.sim.model;

/**
 * One step of a profile: at {@code concurrency} closed-loop clients one instance completed {@code throughput} requests
 * per second with these latencies, using this much CPU.
 *
 * @param concurrency   the clients, at least 1
 * @param throughput    completed requests per second, at least 0
 * @param p50Ms         the median latency in milliseconds, at least 0
 * @param p95Ms         the 95th percentile in milliseconds, at least {@code p50Ms}
 * @param cpuMillicores the CPU the instance used meanwhile, in millicores; NaN when it was not measured
 */
public record ProfilePoint(int concurrency, double throughput, double p50Ms, double p95Ms, double cpuMillicores) {

    /** @throws IllegalArgumentException when a value is out of its range or not finite */
    public ProfilePoint {
        if (concurrency < 1) {
            throw new IllegalArgumentException("concurrency: " + concurrency + " (expected: >= 1)");
        }
        nonNegative("throughput", throughput);
        nonNegative("p50-ms", p50Ms);
        nonNegative("p95-ms", p95Ms);
        if (p95Ms < p50Ms) {
            throw new IllegalArgumentException("p95-ms: " + p95Ms + " (expected: >= p50-ms " + p50Ms + ")");
        }
        if (!Double.isNaN(cpuMillicores)) {
            nonNegative("cpu-m", cpuMillicores);
        }
    }

    /** A step whose CPU was not measured. */
    public ProfilePoint(int concurrency, double throughput, double p50Ms, double p95Ms) {
        this(concurrency, throughput, p50Ms, p95Ms, Double.NaN);
    }

    /** Whether the instance's CPU was measured. */
    public boolean cpuMeasured() {
        return !Double.isNaN(cpuMillicores);
    }

    /** This point as a USL measurement. */
    public Measurement measurement() {
        return new Measurement(concurrency, throughput);
    }

    private static void nonNegative(String key, double value) {
        if (!(value >= 0) || !Double.isFinite(value)) {
            throw new IllegalArgumentException(key + ": " + value + " (expected: a number >= 0)");
        }
    }
}
