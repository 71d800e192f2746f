package dev.horizon.sim.model;

import dev.horizon.sizing.Cpu;
import java.util.List;
import java.util.Objects;

/**
 * How one instance of a given CPU size answers load: the USL fitted to its profile, the service time of one request
 * alone, and the measured points the fit came from (empty for a curve that was assumed or interpolated).
 *
 * @param cpu           the CPU limit the instance had
 * @param usl           the fit: {@code X(N)} is its throughput with {@code N} requests in flight
 * @param serviceTimeMs the mean time one request takes alone, in milliseconds (above 0): the measured latency at
 *                      concurrency 1 when there is one, else {@code 1000 / λ}
 * @param points        the measurements, in the order taken
 */
public record SizeCurve(Cpu cpu, UniversalScalability usl, double serviceTimeMs, List<ProfilePoint> points) {

    /** @throws IllegalArgumentException when the service time is not positive */
    public SizeCurve {
        Objects.requireNonNull(cpu, "cpu");
        Objects.requireNonNull(usl, "usl");
        if (!(serviceTimeMs > 0) || !Double.isFinite(serviceTimeMs)) {
            throw new IllegalArgumentException("service-time-ms: " + serviceTimeMs + " (expected: a number > 0)");
        }
        points = List.copyOf(points);
    }

    /** A curve with no measurements: {@code usl} alone, its service time {@code 1000 / λ}. */
    public static SizeCurve of(Cpu cpu, UniversalScalability usl) {
        return new SizeCurve(cpu, usl, 1000 / usl.lambda(), List.of());
    }

    /** The throughput with {@code n} requests in flight, in requests per second. */
    public double throughput(double n) {
        return usl.throughput(n);
    }

    /**
     * The CPU the instance used with {@code n} requests in flight, in millicores, as the profile measured it: linear
     * between the concurrencies whose CPU was measured, the nearest one's beyond them, 0 with none in flight; NaN when
     * no point has its CPU. A lone request costs more CPU than its share of a busy instance's (a thread woken per
     * request, a connection per exchange): the shop used 5.4 ms of CPU a request alone and 2.7 ms at 16 in flight.
     */
    public double demand(double n) {
        List<ProfilePoint> sorted = points.stream().filter(ProfilePoint::cpuMeasured)
            .sorted(java.util.Comparator.comparingInt(ProfilePoint::concurrency)).toList();
        if (sorted.isEmpty()) {
            return Double.NaN;
        }
        if (n <= 0) {
            return 0;
        }
        ProfilePoint below = sorted.getFirst();
        if (n <= below.concurrency()) {
            return below.cpuMillicores();
        }
        for (ProfilePoint above : sorted) {
            if (n <= above.concurrency()) {
                double f = (n - below.concurrency()) / (above.concurrency() - below.concurrency());
                return below.cpuMillicores() + f * (above.cpuMillicores() - below.cpuMillicores());
            }
            below = above;
        }
        return sorted.getLast().cpuMillicores();
    }

    /**
     * The highest throughput this size reaches at any concurrency up to {@code limit}: the USL's peak when it lies
     * below the limit, else the throughput at the limit.
     */
    public double capacity(int limit) {
        long peak = usl.peakConcurrency().orElse(Long.MAX_VALUE);
        return usl.throughput(Math.min(peak, Math.max(1, limit)));
    }
}
