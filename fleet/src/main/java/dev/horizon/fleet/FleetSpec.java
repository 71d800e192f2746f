package dev.horizon.fleet;

import dev.horizon.duration.DurationText;
import dev.horizon.sizing.ResizePolicy;
import dev.horizon.sizing.Resources;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * What a {@link Fleet} runs and how: the settings of one service's managed instances ({@code services.NAME.instances}
 * in {@code horizon.yaml}). Every field is validated here, and an error message names the key as {@code horizon.yaml}
 * spells it, e.g. {@code drain-timeout: -1s (expected: >= 0s)}.
 *
 * @param service        the service's name: letters, digits, {@code _ . -}, starting with a letter or digit
 * @param command        the program and its arguments (no shell); {@code ${PORT}}, {@code ${INSTANCE_ID}} and
 *                       {@code ${SERVICE}} are replaced in each argument by the provider
 * @param env            extra environment variables for every instance (values substituted like the arguments);
 *                       {@code PORT}, {@code INSTANCE_ID} and {@code SERVICE} are set by the provider and refused here
 * @param min            fewest instances, 0..max
 * @param max            most instances, 1..1000
 * @param warmup         time after joining the pool during which an instance is {@link InstanceState#WARMING}
 * @param drainTimeout   longest wait for requests in flight to finish before an instance is terminated
 * @param killGrace      least time between terminating an instance and killing it, {@code > 0}
 * @param startTimeout   an instance not ready this long after its launch fails and is replaced, {@code > 0}
 * @param unhealthyGrace an instance in the pool that {@link Membership#healthy} calls unhealthy for this long is
 *                       drained, stopped and replaced
 * @param maxUnhealthyReplacements the most instances being replaced at once because they failed health (from the stop
 *                       of the unhealthy instance until its replacement has joined the pool); a count or a
 *                       percentage of the desired count, rounded up ({@link CountOrPercent#of})
 * @param readiness      the probe that admits a new instance to the pool
 * @param backoff        the crash-loop backoff
 * @param resources      every instance's size ({@code instances.resources}): the CPU and memory limits the provider
 *                       enforces, {@link Resources#UNLIMITED} for none
 * @param resizePolicy   how running instances take a new size ({@code instances.resize-policy}): in place where that
 *                       is safe, or by replacing them one at a time ({@link Fleet#resize})
 * @param revision       which revision of the service this fleet runs, {@code >= 1}: 1 is the configuration's
 *                       {@code instances} block, a deploy makes 2, 3 …, each run by a fleet of its own, side by side
 *                       on one provider; it names the instances ({@link #instanceId})
 */
public record FleetSpec(String service, List<String> command, Map<String, String> env, int min, int max,
                        Duration warmup, Duration drainTimeout, Duration killGrace, Duration startTimeout,
                        Duration unhealthyGrace, CountOrPercent maxUnhealthyReplacements, Probe readiness,
                        RestartBackoff backoff, Resources resources, ResizePolicy resizePolicy, int revision) {

    /** Default {@code max-unhealthy-replacements}: 25% of the desired count, rounded up (Kubernetes' default). */
    public static final CountOrPercent DEFAULT_MAX_UNHEALTHY_REPLACEMENTS = CountOrPercent.percentOf(25);

    /** Most instances a fleet may run. */
    public static final int MAX_INSTANCES = 1000;

    private static final Pattern SERVICE = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]*");
    private static final Pattern ENV_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
    private static final Set<String> RESERVED_ENV = Set.of("PORT", "INSTANCE_ID", "SERVICE");

    /** Validates every field and copies the collections. */
    public FleetSpec {
        Objects.requireNonNull(service, "service");
        if (!SERVICE.matcher(service).matches()) {
            throw new IllegalArgumentException("service: '" + service
                + "' (expected: letters, digits, '_', '.', '-', starting with a letter or digit)");
        }
        command = List.copyOf(Objects.requireNonNull(command, "command"));
        if (command.isEmpty() || command.getFirst().isBlank()) {
            throw new IllegalArgumentException("command: " + command + " (expected: the program and its arguments)");
        }
        env = copyEnv(Objects.requireNonNull(env, "env"));
        if (max < 1 || max > MAX_INSTANCES) {
            throw new IllegalArgumentException("max: " + max + " (expected: 1.." + MAX_INSTANCES + ")");
        }
        if (min < 0) {
            throw new IllegalArgumentException("min: " + min + " (expected: >= 0)");
        }
        if (min > max) {
            throw new IllegalArgumentException("min: " + min + " is greater than max: " + max);
        }
        requireNonNegative("warmup", warmup);
        requireNonNegative("drain-timeout", drainTimeout);
        requirePositive("kill-grace", killGrace);
        requirePositive("start-timeout", startTimeout);
        requireNonNegative("unhealthy-grace", unhealthyGrace);
        Objects.requireNonNull(maxUnhealthyReplacements, "maxUnhealthyReplacements");
        Objects.requireNonNull(readiness, "readiness");
        Objects.requireNonNull(backoff, "backoff");
        Objects.requireNonNull(resources, "resources");
        Objects.requireNonNull(resizePolicy, "resizePolicy");
        if (revision < 1) {
            throw new IllegalArgumentException("revision: " + revision + " (expected: >= 1)");
        }
    }

    /**
     * The id of the {@code n}-th instance this spec's fleet creates: {@code shop-3} in revision 1 (as before there
     * were revisions, so existing pid files, logs and scripts keep their names), {@code shop-r2-3} in revision 2. Ids
     * are unique across the revisions of a service, so one provider runs their fleets side by side: the pid files
     * ({@code STATE_DIR/shop/shop-r2-3.pid}), the logs and the cgroups ({@code horizon/OWNER/shop.shop-r2-3}) differ.
     */
    public String instanceId(long n) {
        return revision == 1 ? service + "-" + n : service + "-r" + revision + "-" + n;
    }

    /** This spec with every instance of size {@code newResources}. */
    public FleetSpec withResources(Resources newResources) {
        return new FleetSpec(service, command, env, min, max, warmup, drainTimeout, killGrace, startTimeout,
            unhealthyGrace, maxUnhealthyReplacements, readiness, backoff, newResources, resizePolicy, revision);
    }

    /** This spec as revision {@code newRevision}: a deploy's new fleet, everything else carried over. */
    public FleetSpec withRevision(int newRevision) {
        return new FleetSpec(service, command, env, min, max, warmup, drainTimeout, killGrace, startTimeout,
            unhealthyGrace, maxUnhealthyReplacements, readiness, backoff, resources, resizePolicy, newRevision);
    }

    /** This spec running {@code newCommand}. */
    public FleetSpec withCommand(List<String> newCommand) {
        return new FleetSpec(service, newCommand, env, min, max, warmup, drainTimeout, killGrace, startTimeout,
            unhealthyGrace, maxUnhealthyReplacements, readiness, backoff, resources, resizePolicy, revision);
    }

    /** This spec with the extra environment {@code newEnv} (replacing the old, not merged with it). */
    public FleetSpec withEnv(Map<String, String> newEnv) {
        return new FleetSpec(service, command, newEnv, min, max, warmup, drainTimeout, killGrace, startTimeout,
            unhealthyGrace, maxUnhealthyReplacements, readiness, backoff, resources, resizePolicy, revision);
    }

    /** This spec with {@code newMin} fewest instances (validated against max as the constructor does). */
    public FleetSpec withMin(int newMin) {
        return new FleetSpec(service, command, env, newMin, max, warmup, drainTimeout, killGrace, startTimeout,
            unhealthyGrace, maxUnhealthyReplacements, readiness, backoff, resources, resizePolicy, revision);
    }

    /** A builder with every default: see {@link Builder}. */
    public static Builder builder(String service, List<String> command) {
        return new Builder(service, command);
    }

    private static Map<String, String> copyEnv(Map<String, String> env) {
        Map<String, String> copy = new LinkedHashMap<>();
        env.forEach((name, value) -> {
            Objects.requireNonNull(value, () -> "env." + name);
            if (!ENV_NAME.matcher(name).matches()) {
                throw new IllegalArgumentException("env: '" + name
                    + "' (expected: a variable name of letters, digits and '_', not starting with a digit)");
            }
            if (RESERVED_ENV.contains(name)) {
                throw new IllegalArgumentException("env: '" + name
                    + "' is set by the fleet for every instance (PORT, INSTANCE_ID and SERVICE are reserved)");
            }
            copy.put(name, value);
        });
        return Collections.unmodifiableMap(copy);
    }

    static void requireNonNegative(String key, Duration d) {
        Objects.requireNonNull(d, key);
        if (d.isNegative()) {
            throw new IllegalArgumentException(key + ": " + DurationText.rounded(d) + " (expected: >= 0s)");
        }
    }

    static void requirePositive(String key, Duration d) {
        Objects.requireNonNull(d, key);
        if (d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException(key + ": " + DurationText.rounded(d) + " (expected: > 0s)");
        }
    }

    /**
     * Builds a {@link FleetSpec}. Defaults: no extra env, {@code min} 1, {@code max} 10, {@code warmup} 10s,
     * {@code drain-timeout} 30s, {@code kill-grace} 5s, {@code start-timeout} 60s, {@code unhealthy-grace} 10s,
     * {@code max-unhealthy-replacements} 25%, readiness {@link Probe#tcp()}, backoff {@link RestartBackoff#DEFAULT},
     * resources {@link Resources#UNLIMITED}, resize-policy {@link ResizePolicy#IN_PLACE}, revision 1.
     */
    public static final class Builder {
        private final String service;
        private final List<String> command;
        private Map<String, String> env = Map.of();
        private int min = 1;
        private int max = 10;
        private Duration warmup = Duration.ofSeconds(10);
        private Duration drainTimeout = Duration.ofSeconds(30);
        private Duration killGrace = Duration.ofSeconds(5);
        private Duration startTimeout = Duration.ofSeconds(60);
        private Duration unhealthyGrace = Duration.ofSeconds(10);
        private CountOrPercent maxUnhealthyReplacements = DEFAULT_MAX_UNHEALTHY_REPLACEMENTS;
        private Probe readiness = Probe.tcp();
        private RestartBackoff backoff = RestartBackoff.DEFAULT;
        private Resources resources = Resources.UNLIMITED;
        private ResizePolicy resizePolicy = ResizePolicy.IN_PLACE;
        private int revision = 1;

        private Builder(String service, List<String> command) {
            this.service = service;
            this.command = new ArrayList<>(command);
        }

        /** Extra environment variables. */
        public Builder env(Map<String, String> env) {
            this.env = env;
            return this;
        }

        /** Fewest and most instances. */
        public Builder instances(int min, int max) {
            this.min = min;
            this.max = max;
            return this;
        }

        /** Time an instance stays {@link InstanceState#WARMING} after joining the pool. */
        public Builder warmup(Duration warmup) {
            this.warmup = warmup;
            return this;
        }

        /** Longest wait for requests in flight before terminating a draining instance. */
        public Builder drainTimeout(Duration drainTimeout) {
            this.drainTimeout = drainTimeout;
            return this;
        }

        /** Least time between terminating and killing an instance. */
        public Builder killGrace(Duration killGrace) {
            this.killGrace = killGrace;
            return this;
        }

        /** Time after launch within which an instance must become ready. */
        public Builder startTimeout(Duration startTimeout) {
            this.startTimeout = startTimeout;
            return this;
        }

        /** Time an instance in the pool may stay unhealthy before it is replaced. */
        public Builder unhealthyGrace(Duration unhealthyGrace) {
            this.unhealthyGrace = unhealthyGrace;
            return this;
        }

        /** The most instances replaced at once for failing health. */
        public Builder maxUnhealthyReplacements(CountOrPercent maxUnhealthyReplacements) {
            this.maxUnhealthyReplacements = maxUnhealthyReplacements;
            return this;
        }

        /** The readiness probe. */
        public Builder readiness(Probe readiness) {
            this.readiness = readiness;
            return this;
        }

        /** The crash-loop backoff. */
        public Builder backoff(RestartBackoff backoff) {
            this.backoff = backoff;
            return this;
        }

        /** Every instance's size. */
        public Builder resources(Resources resources) {
            this.resources = resources;
            return this;
        }

        /** How running instances take a new size. */
        public Builder resizePolicy(ResizePolicy resizePolicy) {
            this.resizePolicy = resizePolicy;
            return this;
        }

        /** The revision this fleet runs (1: the configuration's {@code instances} block). */
        public Builder revision(int revision) {
            this.revision = revision;
            return this;
        }

        /** The validated spec; throws {@link IllegalArgumentException} naming the first bad key. */
        public FleetSpec build() {
            return new FleetSpec(service, command, env, min, max, warmup, drainTimeout, killGrace, startTimeout,
                unhealthyGrace, maxUnhealthyReplacements, readiness, backoff, resources, resizePolicy, revision);
        }
    }
}
