package dev.horizon.config;

import dev.horizon.fleet.CountOrPercent;
import dev.horizon.sizing.ResizePolicy;
import dev.horizon.sizing.Resources;
import dev.horizon.sizing.Size;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The {@code instances} block of a service: how Horizon runs and replaces the service's instances itself.
 *
 * @param command         the argument vector; <code>${PORT}</code>, <code>${INSTANCE_ID}</code> and
 *                        <code>${SERVICE}</code> are filled in per instance
 * @param env             extra environment variables for every instance
 * @param min             the fewest instances (also the count at start)
 * @param max             the most instances
 * @param warmup          how long a newly joined instance is left out of scaling metrics
 * @param drainTimeout    how long a stopping instance may take to finish its requests before SIGTERM, and again
 *                        after SIGTERM before SIGKILL
 * @param startTimeout    how long an instance may take to pass its readiness probe before it counts as failed
 * @param unhealthyGrace  how long an instance in service may stay unhealthy before it is replaced
 * @param maxUnhealthyReplacements the most instances replaced at once for failing health: a count, or a percentage of
 *                        the desired count rounded up
 * @param cpuRequestMillis the CPU an instance is expected to use, in millicores, for {@code cpu} utilization
 *                        ({@code cpu-request}; by default the CPU of {@code resources} or {@code size}, else a core)
 * @param stateDir        where instance logs and pid files are kept
 * @param resources       the size every instance is given ({@code resources}, or the size {@code size} names);
 *                        {@link Resources#UNLIMITED} when neither is set. Never more than this machine
 * @param size            the catalogue's size {@code size} names, with its price, or null when the instances are
 *                        sized by {@code resources} or not at all
 * @param resizePolicy    how a running instance takes a new size ({@code resize-policy})
 */
public record InstancesConfig(List<String> command, Map<String, String> env, int min, int max, Duration warmup,
    Duration drainTimeout, Duration startTimeout, Duration unhealthyGrace, CountOrPercent maxUnhealthyReplacements,
    long cpuRequestMillis, Path stateDir, Resources resources, @Nullable Size size, ResizePolicy resizePolicy) {

    /** Default {@code warmup}. */
    public static final Duration DEFAULT_WARMUP = Duration.ofSeconds(10);
    /** Default {@code drain-timeout}. */
    public static final Duration DEFAULT_DRAIN_TIMEOUT = Duration.ofSeconds(30);
    /** Default {@code start-timeout}. */
    public static final Duration DEFAULT_START_TIMEOUT = Duration.ofSeconds(60);
    /** Default {@code unhealthy-grace}. */
    public static final Duration DEFAULT_UNHEALTHY_GRACE = Duration.ofSeconds(10);
    /** Default {@code cpu-request}: one core. */
    public static final long DEFAULT_CPU_REQUEST_MILLIS = 1000;
    /** Default {@code state-dir}. */
    public static final Path DEFAULT_STATE_DIR = Path.of(".horizon", "state");
    /** Default {@code resize-policy}: in place. */
    public static final ResizePolicy DEFAULT_RESIZE_POLICY = ResizePolicy.IN_PLACE;

    /** Validates the components; messages start with the config key. */
    public InstancesConfig {
        command = List.copyOf(Objects.requireNonNull(command, "command"));
        env = Map.copyOf(Objects.requireNonNull(env, "env"));
        Objects.requireNonNull(warmup, "warmup");
        Objects.requireNonNull(drainTimeout, "drainTimeout");
        Objects.requireNonNull(startTimeout, "startTimeout");
        Objects.requireNonNull(unhealthyGrace, "unhealthyGrace");
        Objects.requireNonNull(maxUnhealthyReplacements, "maxUnhealthyReplacements");
        Objects.requireNonNull(stateDir, "stateDir");
        Objects.requireNonNull(resources, "resources");
        Objects.requireNonNull(resizePolicy, "resizePolicy");
        if (size != null && !size.resources().equals(resources)) {
            throw new IllegalArgumentException("size: " + size.name() + " is " + size.resources() + ", not "
                + resources);
        }
        if (command.isEmpty() || command.getFirst().isBlank()) {
            throw new IllegalArgumentException("command: empty (expected: the program and its arguments)");
        }
        if (min < 1) {
            throw new IllegalArgumentException("min: " + min + " (expected: >= 1)");
        }
        if (max < min) {
            throw new IllegalArgumentException("max: " + max + " (expected: >= min, " + min + ")");
        }
        if (max > 1000) {
            throw new IllegalArgumentException("max: " + max + " (expected: <= 1000)");
        }
        if (startTimeout.isZero()) {
            throw new IllegalArgumentException("start-timeout: 0s (expected: > 0s)");
        }
        if (cpuRequestMillis < 1) {
            throw new IllegalArgumentException("cpu-request: " + cpuRequestMillis + "m (expected: >= 1m)");
        }
    }
}
