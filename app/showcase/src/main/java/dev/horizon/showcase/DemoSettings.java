package dev.horizon.showcase;

import dev.horizon.autoscale.Strategy;
import dev.horizon.duration.DurationText;
import dev.horizon.sizing.ResizePolicy;
import java.nio.file.Path;
import java.time.Duration;
import org.jspecify.annotations.Nullable;

/**
 * What {@code horizon demo} was asked to do.
 *
 * @param duration how long the shoppers shop (ramp, spike, calm)
 * @param users shoppers at the spike
 * @param traffic false for {@code --no-traffic}: run the stack until Ctrl-C
 * @param redis Redis URI for sessions, or null for JWT sessions
 * @param postgres PostgreSQL URL, {@value #LOCAL_POSTGRES} for a local primary with two replicas, or null for H2
 * @param port the gateway's port
 * @param adminPort the admin API's port
 * @param jar the shop's jar
 * @param stateDir where the generated config, the database files and the instances' logs go
 * @param seed seed of the shoppers' random choices
 * @param strategy how the shop scales: {@code vertical-first} (the default: it grows in place, then clones) or any
 *                 other {@code autoscale.strategy}; {@code horizontal} is the run before sizes existed
 * @param resizePolicy how a resize reaches the running instances: {@code in-place} (the default) or {@code restart},
 *                 which stops and restarts them one at a time like cloud VMs, to show the difference
 * @param deploy how to ship the shop's version 2 halfway through the traffic ({@code rolling}, {@code blue-green} or
 *               {@code canary}, as {@code horizon deploy --strategy} takes it), or null for no deploy
 */
public record DemoSettings(Duration duration, int users, boolean traffic, @Nullable String redis,
                           @Nullable String postgres, int port, int adminPort, Path jar, Path stateDir, long seed,
                           Strategy strategy, ResizePolicy resizePolicy, @Nullable String deploy) {

    /** The {@code postgres} value that asks for a throw-away local primary with two streaming replicas. */
    public static final String LOCAL_POSTGRES = "local";

    /** Checks the numbers. */
    public DemoSettings {
        if (duration.compareTo(Duration.ofSeconds(10)) < 0) {
            throw new IllegalArgumentException("--duration: " + DurationText.format(duration)
                + " (expected: at least 10s)");
        }
        if (users < 1 || users > 5000) {
            throw new IllegalArgumentException("--users: " + users + " (expected: 1..5000)");
        }
        if (port < 1 || port > 65535 || adminPort < 1 || adminPort > 65535 || port == adminPort) {
            throw new IllegalArgumentException("--port " + port + " / --admin-port " + adminPort
                + " (expected: two different ports 1..65535)");
        }
        if (deploy != null && !traffic) {
            throw new IllegalArgumentException("--deploy " + deploy + " ships version 2 halfway through the shoppers' "
                + "traffic; --no-traffic has none (deploy by hand with horizon deploy shop --env SHOP_VERSION=2)");
        }
    }
}
