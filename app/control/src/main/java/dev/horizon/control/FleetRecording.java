package dev.horizon.control;

import dev.horizon.autoscale.Decision;
import dev.horizon.autoscale.Phase;
import dev.horizon.autoscale.Proposal;
import dev.horizon.fleet.FleetStatus;
import dev.horizon.fleet.InstanceStatus;
import dev.horizon.sizing.Cpu;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * A managed service's fleet second by second over the last {@link #SECONDS} seconds (15 minutes): instances by
 * state, the desired count, the CPU size of an instance and the CPU the running ones use, and the autoscaler's
 * metric against its target. The fleet's half of what the dashboard charts; the gateway's
 * {@code ServicesView.recording} is the traffic's half (requests, errors, latency), kept for a day.
 *
 * <p>Implementation notes: a ring of {@link #SECONDS} slots indexed by epoch second modulo its size, each holding the
 * sample of its second or an older one the ring has not overwritten yet; a read keeps only the slots whose second is
 * in the range asked for, so seconds nobody sampled are left out without a sweep. Writes come from one sampler
 * thread a second, reads from the admin API; both take the object's lock, which neither holds for long.
 */
public final class FleetRecording {

    /** Seconds kept: the dashboard's 15 minutes. */
    public static final int SECONDS = 900;

    private final @Nullable Second[] ring;

    /** An empty recording of {@link #SECONDS} seconds. */
    public FleetRecording() {
        this(SECONDS);
    }

    FleetRecording(int seconds) {
        if (seconds < 1) {
            throw new IllegalArgumentException("seconds: " + seconds + " (expected: 1 or more)");
        }
        this.ring = new Second[seconds];
    }

    /**
     * The fleet in one second.
     *
     * @param epochSecond the second, since 1970-01-01T00:00:00Z
     * @param desired     the desired count
     * @param starting    instances starting (pending or launched, not ready yet)
     * @param warming     instances warming up
     * @param ready       instances in service
     * @param draining    instances draining
     * @param cpuSizeM    the CPU size new instances launch with, in millicores; NaN when unlimited
     * @param cpuUsedM    the CPU the running instances use, on average per instance, in millicores; NaN when unknown
     * @param metric      the autoscaler's first metric ({@code inflight}), or null without autoscaling
     * @param observed    what it measured in the last evaluation; NaN when nothing
     * @param target      its target in the same unit; NaN when unknown
     */
    public record Second(long epochSecond, int desired, int starting, int warming, int ready, int draining,
                         double cpuSizeM, double cpuUsedM, @Nullable String metric, double observed, double target) {

        /** Every live instance. */
        public int instances() {
            return starting + warming + ready + draining;
        }

        /**
         * The second {@code epochSecond} of {@code fleet}, with the first proposal of the autoscaler's latest
         * decision {@code latest} (null: no autoscaling, or no evaluation yet).
         */
        public static Second of(long epochSecond, FleetStatus fleet, @Nullable Decision latest) {
            long used = 0;
            int counted = 0;
            for (InstanceStatus i : fleet.instances()) {
                if (MetricCollector.phase(i) == Phase.RUNNING && i.cpuMillicores().isPresent()) {
                    used += i.cpuMillicores().getAsLong();
                    counted++;
                }
            }
            Cpu size = fleet.size().cpu();
            Proposal p = latest == null || latest.proposals().isEmpty() ? null : latest.proposals().getFirst();
            double observed = p == null ? Double.NaN : p.observed();
            // a utilization target's observed is a percent of the request, its target the configured percent
            double target = p == null || p.ratio() == 0 || !Double.isFinite(p.ratio()) ? Double.NaN
                : observed / p.ratio();
            return new Second(epochSecond, fleet.desired(), fleet.starting(), fleet.warming(), fleet.ready(),
                fleet.draining(), size == null ? Double.NaN : size.millicores(),
                counted == 0 ? Double.NaN : (double) used / counted, p == null ? null : p.source(), observed, target);
        }
    }

    /** Keeps {@code second}, replacing what the ring held in its slot. */
    public synchronized void record(Second second) {
        ring[Math.floorMod(second.epochSecond(), ring.length)] = second;
    }

    /** The seconds recorded from {@code fromEpochSecond} through {@code toEpochSecond}, oldest first. */
    public synchronized List<Second> between(long fromEpochSecond, long toEpochSecond) {
        long from = Math.max(fromEpochSecond, toEpochSecond - ring.length + 1);
        List<Second> out = new ArrayList<>((int) Math.max(0, Math.min(ring.length, toEpochSecond - from + 1)));
        for (long t = from; t <= toEpochSecond; t++) {
            Second s = ring[Math.floorMod(t, ring.length)];
            if (s != null && s.epochSecond() == t) {
                out.add(s);
            }
        }
        return out;
    }
}
