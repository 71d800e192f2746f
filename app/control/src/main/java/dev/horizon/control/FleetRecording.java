package dev.horizon.control;

import dev.horizon.autoscale.Decision;
import dev.horizon.autoscale.Phase;
import dev.horizon.autoscale.Proposal;
import dev.horizon.fleet.FleetStatus;
import dev.horizon.fleet.InstanceStatus;
import dev.horizon.sizing.Cpu;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * A managed service's fleet second by second over the last {@link #SECONDS} seconds (15 minutes): instances by
 * state, the desired count, the CPU size of an instance and the CPU the running ones use, and the autoscaler's
 * metric against its target; and the autoscaler's scaling decisions of those 15 minutes, the chart's markers. The
 * fleet's half of what the dashboard charts; the gateway's {@code ServicesView.recording} is the traffic's half
 * (requests, errors, latency), kept for a day.
 *
 * <p>Implementation notes: a ring of {@link #SECONDS} slots indexed by epoch second modulo its size, each holding the
 * sample of its second or an older one the ring has not overwritten yet; a read keeps only the slots whose second is
 * in the range asked for, so seconds nobody sampled are left out without a sweep. Writes come from one sampler
 * thread a second, reads from the admin API; both take the object's lock, which neither holds for long.
 *
 * <p>The scaling decisions are copied from the autoscaler's {@code DecisionLog} as they appear (each second, and on
 * each read), because that log keeps its last 100 entries whatever their age: a service that scales often, or whose
 * readings keep changing, pushes decisions of the last 15 minutes out of it. Kept here are the ones of the last
 * {@link #SECONDS} seconds, at most {@link #MAX_SCALINGS} (an autoscaler decides at most once per period, and a
 * period is at least a second), in a deque the sampler trims as the window moves.
 */
public final class FleetRecording {

    /** Seconds kept: the dashboard's 15 minutes. */
    public static final int SECONDS = 900;

    /** Scaling decisions kept at most: one per second of the window. */
    public static final int MAX_SCALINGS = SECONDS;

    private final @Nullable Second[] ring;
    private final ArrayDeque<DecisionNote> scalings = new ArrayDeque<>();

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

    /**
     * Keeps {@code second}, replacing what the ring held in its slot, and forgets the scaling decisions made before
     * the window that ends with it.
     */
    public synchronized void record(Second second) {
        ring[Math.floorMod(second.epochSecond(), ring.length)] = second;
        long horizonMillis = (second.epochSecond() - ring.length + 1) * 1000;
        while (!scalings.isEmpty() && scalings.getFirst().at().toEpochMilli() < horizonMillis) {
            scalings.removeFirst();
        }
    }

    /**
     * Keeps the decisions of {@code log} (the autoscaler's scaling decisions, oldest first) made after the last one it
     * keeps; over {@link #MAX_SCALINGS}, the oldest go.
     */
    public synchronized void noteScalings(List<Decision> log) {
        Instant last = scalings.isEmpty() ? Instant.MIN : scalings.getLast().at();
        for (Decision d : log) {
            if (d.at().isAfter(last)) {
                scalings.addLast(DecisionNote.of(d));
                if (scalings.size() > MAX_SCALINGS) {
                    scalings.removeFirst();
                }
            }
        }
    }

    /** The scaling decisions of the window, oldest first. */
    public synchronized List<DecisionNote> scalings() {
        return List.copyOf(scalings);
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
