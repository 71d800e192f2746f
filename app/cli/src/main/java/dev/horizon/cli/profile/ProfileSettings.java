package dev.horizon.cli.profile;

import dev.horizon.sim.model.UniversalScalability;
import dev.horizon.sizing.Cpu;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;

/**
 * What {@code horizon profile} measures and where it writes the model.
 *
 * @param service      the managed service
 * @param concurrencies the closed-loop client counts, in the order measured: at least
 *                     {@link UniversalScalability#MIN_MEASUREMENTS}, distinct, each at least 1
 * @param cpus         the CPU sizes to measure, in order; empty for the service's current size
 * @param duration     how long each step is measured
 * @param warmup       how long each step runs before it is measured
 * @param workload     what the load requests, on the gateway
 * @param out          the model file
 */
public record ProfileSettings(String service, List<Integer> concurrencies, List<Cpu> cpus, Duration duration,
                              Duration warmup, Workload workload, Path out) {

    /** @throws IllegalArgumentException naming the option that is wrong and what it expects */
    public ProfileSettings {
        Objects.requireNonNull(service, "service");
        concurrencies = List.copyOf(concurrencies);
        cpus = List.copyOf(cpus);
        Objects.requireNonNull(workload, "workload");
        Objects.requireNonNull(out, "out");
        String given = String.join(",", concurrencies.stream().map(String::valueOf).toList());
        if (concurrencies.size() < UniversalScalability.MIN_MEASUREMENTS) {
            throw new IllegalArgumentException("--concurrency " + given + ": " + concurrencies.size() + " value"
                + (concurrencies.size() == 1 ? "" : "s") + " (expected: at least "
                + UniversalScalability.MIN_MEASUREMENTS + ", one measurement each, for the USL fit)");
        }
        if (concurrencies.stream().anyMatch(c -> c < 1)) {
            throw new IllegalArgumentException("--concurrency " + given + ": each value must be at least 1");
        }
        if (new HashSet<>(concurrencies).size() != concurrencies.size()) {
            throw new IllegalArgumentException("--concurrency " + given
                + ": a value twice (expected: distinct values)");
        }
        if (new HashSet<>(cpus).size() != cpus.size()) {
            throw new IllegalArgumentException("--cpu: a size twice (expected: distinct sizes)");
        }
        if (duration.compareTo(Duration.ofMillis(100)) < 0) {
            throw new IllegalArgumentException("--duration: " + duration.toMillis() + "ms (expected: at least 100ms)");
        }
        if (warmup.isNegative()) {
            throw new IllegalArgumentException("--warmup: negative (expected: 0s or more)");
        }
    }
}
