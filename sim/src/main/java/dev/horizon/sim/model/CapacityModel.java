package dev.horizon.sim.model;

import dev.horizon.sizing.Cpu;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A service's capacity by CPU size: what {@code horizon profile} measures and writes, and what the simulator reads to
 * know how fast an instance of a given size serves ({@link CapacityModelJson} is the file).
 *
 * <p>Implementation notes. A size that was not measured is derived from the measured ones: between two measured
 * sizes every coefficient ({@code λ}, {@code σ}, {@code κ}) and the service time are interpolated linearly in the
 * CPU; outside them {@code λ} scales in proportion to the CPU and the service time inversely, with the nearest
 * size's {@code σ} and {@code κ} — the behaviour of a CPU-bound service, which is what the seeds' vertical scaling
 * assumes and what {@code bench/vertical} measured for Horizon's own test service (throughput linear in the CPU
 * limit). A service bound by something else (a lock, a database) should be profiled at the sizes it will run.
 *
 * <p>The optional {@code mix} is the kinds of request the curves were profiled on, each with its share and its mean
 * time alone: with it the simulator draws each request's work from their hyperexponential mixture
 * ({@link ServiceMix}) rather than from one exponential of the mean, so a mix of many short requests and a few long
 * ones (the shop's logins) keeps its tail. The curves stay what they are: the mixture's mean is one request.
 *
 * @param service the service it describes, for messages (may be empty)
 * @param curves  at least one curve, distinct CPU sizes; kept sorted by CPU
 * @param mix     the profile's mix of requests, empty when it was not recorded (one exponential of the mean)
 */
public record CapacityModel(String service, List<SizeCurve> curves, List<MixEntry> mix) {

    /** The CPU sizes, in millicores, an {@linkplain #assumed assumed} model has a curve for. */
    static final long[] ASSUMED_SIZES = {100, 250, 500, 1000, 2000, 4000, 8000, 16000, 32000, 64000};

    /** @throws IllegalArgumentException with no curve or two for one CPU size */
    public CapacityModel {
        Objects.requireNonNull(service, "service");
        List<SizeCurve> sorted = new ArrayList<>(curves);
        sorted.sort(Comparator.comparing(SizeCurve::cpu));
        if (sorted.isEmpty()) {
            throw new IllegalArgumentException("sizes: none (expected: at least one measured CPU size)");
        }
        for (int i = 1; i < sorted.size(); i++) {
            if (sorted.get(i).cpu().equals(sorted.get(i - 1).cpu())) {
                throw new IllegalArgumentException("sizes: cpu " + sorted.get(i).cpu() + " twice (expected: one "
                    + "curve per CPU size)");
            }
        }
        curves = List.copyOf(sorted);
        mix = List.copyOf(mix);
    }

    /** A model without a mix: every request's work one exponential of the mean. */
    public CapacityModel(String service, List<SizeCurve> curves) {
        this(service, curves, List.of());
    }

    /** The same model with {@code newMix} as its mix. */
    public CapacityModel withMix(List<MixEntry> newMix) {
        return new CapacityModel(service, curves, newMix);
    }

    /** The mixture the simulator draws each request's work from, or empty without a mix. */
    public Optional<ServiceMix> serviceMix() {
        return mix.isEmpty() ? Optional.empty() : Optional.of(new ServiceMix(mix));
    }

    /**
     * A model assumed rather than measured: a CPU-bound service whose requests take {@code serviceTimeMs} of one core
     * each, for a simulation run before any profile exists. At {@code c} cores an instance completes at most
     * {@code c × 1000 / serviceTimeMs} requests per second: each size of {@link #ASSUMED_SIZES} gets {@code σ = 1 / c}
     * ({@code 1} at one core or less: one request at a time), {@code κ = 0}, and {@code λ = min(c, 1) × 1000 /
     * serviceTimeMs}, so {@code X(∞) = λ / σ} is the CPU's ceiling and {@code X(1)} one request on at most one core.
     *
     * @throws IllegalArgumentException when the service time is not positive
     */
    public static CapacityModel assumed(String service, double serviceTimeMs) {
        if (!(serviceTimeMs > 0) || !Double.isFinite(serviceTimeMs)) {
            throw new IllegalArgumentException("service-time-ms: " + serviceTimeMs + " (expected: a number > 0)");
        }
        List<SizeCurve> curves = new ArrayList<>();
        for (long millicores : ASSUMED_SIZES) {
            double cores = millicores / 1000.0;
            curves.add(new SizeCurve(Cpu.millicores(millicores), new UniversalScalability(Math.min(1, 1 / cores), 0,
                Math.min(cores, 1) * 1000 / serviceTimeMs), serviceTimeMs / Math.min(cores, 1), List.of()));
        }
        return new CapacityModel(service, curves);
    }

    /** The curve for {@code cpu}: the measured one, or one derived as the class comment says. */
    public SizeCurve at(Cpu cpu) {
        SizeCurve below = null;
        for (SizeCurve c : curves) {
            int order = c.cpu().compareTo(cpu);
            if (order == 0) {
                return c;
            }
            if (order > 0) {
                return below == null ? scaled(c, cpu) : between(below, c, cpu);
            }
            below = c;
        }
        return scaled(Objects.requireNonNull(below), cpu);
    }

    private static SizeCurve scaled(SizeCurve from, Cpu cpu) {
        double f = (double) cpu.millicores() / from.cpu().millicores();
        UniversalScalability u = from.usl();
        return new SizeCurve(cpu, new UniversalScalability(u.sigma(), u.kappa(), u.lambda() * f),
            from.serviceTimeMs() / f, List.of());
    }

    private static SizeCurve between(SizeCurve lo, SizeCurve hi, Cpu cpu) {
        double t = (double) (cpu.millicores() - lo.cpu().millicores())
            / (hi.cpu().millicores() - lo.cpu().millicores());
        UniversalScalability a = lo.usl();
        UniversalScalability b = hi.usl();
        return new SizeCurve(cpu, new UniversalScalability(mix(a.sigma(), b.sigma(), t), mix(a.kappa(), b.kappa(), t),
            mix(a.lambda(), b.lambda(), t)), mix(lo.serviceTimeMs(), hi.serviceTimeMs(), t), List.of());
    }

    private static double mix(double a, double b, double t) {
        return a + (b - a) * t;
    }
}
