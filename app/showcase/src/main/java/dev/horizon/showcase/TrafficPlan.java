package dev.horizon.showcase;

import java.time.Duration;
import java.util.List;

/**
 * The demo's traffic over time: a ramp from one shopper to a third of the peak (40 % of the run), a spike at the peak
 * (30 %), and a calm phase at a sixth of the peak (30 %).
 */
final class TrafficPlan {

    /** One phase: its name, when it starts (from the run's start), how long it lasts, and its shoppers. */
    record Phase(String name, Duration start, Duration length, int fromUsers, int toUsers) {

        /** Shoppers {@code into} the phase (linear between from and to). */
        int usersAt(Duration into) {
            if (length.isZero()) {
                return toUsers;
            }
            double f = Math.min(1.0, (double) into.toMillis() / length.toMillis());
            return (int) Math.round(fromUsers + f * (toUsers - fromUsers));
        }

        Duration end() {
            return start.plus(length);
        }

        String usersText() {
            return fromUsers == toUsers ? Integer.toString(toUsers) : fromUsers + "→" + toUsers;
        }
    }

    private final List<Phase> phases;

    private TrafficPlan(List<Phase> phases) {
        this.phases = phases;
    }

    /** The plan for a run of {@code total} peaking at {@code peakUsers} shoppers. */
    static TrafficPlan of(Duration total, int peakUsers) {
        if (peakUsers < 1) {
            throw new IllegalArgumentException("--users: " + peakUsers + " (expected: at least 1)");
        }
        long ms = total.toMillis();
        Duration ramp = Duration.ofMillis(ms * 40 / 100);
        Duration spike = Duration.ofMillis(ms * 30 / 100);
        Duration calm = total.minus(ramp).minus(spike);
        int rampTop = Math.max(1, peakUsers / 3);
        int calmUsers = Math.max(1, peakUsers / 6);
        return new TrafficPlan(List.of(
            new Phase("ramp", Duration.ZERO, ramp, 1, rampTop),
            new Phase("spike", ramp, spike, peakUsers, peakUsers),
            new Phase("calm", ramp.plus(spike), calm, calmUsers, calmUsers)));
    }

    List<Phase> phases() {
        return phases;
    }

    /** The phase at {@code elapsed}; the last one after the end. */
    Phase phaseAt(Duration elapsed) {
        for (Phase p : phases) {
            if (elapsed.compareTo(p.end()) < 0) {
                return p;
            }
        }
        return phases.getLast();
    }

    Duration total() {
        return phases.getLast().end();
    }
}
