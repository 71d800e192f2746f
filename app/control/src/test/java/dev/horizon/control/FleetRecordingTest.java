package dev.horizon.control;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.horizon.autoscale.Decision;
import dev.horizon.autoscale.FleetFacts;
import dev.horizon.autoscale.Strategy;
import dev.horizon.sizing.Resources;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class FleetRecordingTest {

    private static FleetRecording.Second second(long t, int ready) {
        return new FleetRecording.Second(t, ready, 0, 0, ready, 0, 500, 120, "inflight", 4, 20);
    }

    @Test
    void returnsTheSecondsInTheRangeOldestFirstAndLeavesOutSecondsNobodySampled() {
        FleetRecording r = new FleetRecording(10);
        r.record(second(100, 1));
        r.record(second(101, 2));
        r.record(second(103, 3));

        assertThat(r.between(99, 103)).extracting(FleetRecording.Second::epochSecond).containsExactly(100L, 101L,
            103L);
        assertThat(r.between(101, 102)).extracting(FleetRecording.Second::ready).containsExactly(2);
    }

    @Test
    void keepsOnlyTheLastSecondsItsRingHolds() {
        FleetRecording r = new FleetRecording(3);
        for (long t = 100; t <= 105; t++) {
            r.record(second(t, (int) (t - 100)));
        }

        assertThat(r.between(0, 105)).extracting(FleetRecording.Second::epochSecond).containsExactly(103L, 104L,
            105L);
        // a slot the ring reused for a later second is not read as an earlier one
        assertThat(r.between(100, 102)).isEmpty();
    }

    @Test
    void aSampleCountsEveryLiveInstance() {
        FleetRecording.Second s = new FleetRecording.Second(1, 4, 1, 1, 2, 1, Double.NaN, Double.NaN, null,
            Double.NaN, Double.NaN);

        assertThat(s.instances()).isEqualTo(5);
    }

    /** A decision at {@code epochSecond} that scaled {@code from} to {@code to}. */
    private static Decision scaled(long epochSecond, int from, int to) {
        Decision.Stage kept = new Decision.Stage(to, to, "");
        return new Decision(Instant.ofEpochSecond(epochSecond), from, new FleetFacts(from, 0, 0), List.of(), to, kept,
            kept, kept, new Decision.Bounds(1, 1000, List.of()), kept, to, "because " + epochSecond,
            Strategy.HORIZONTAL, Decision.Sizing.none(Resources.UNLIMITED));
    }

    @Test
    void keepsTheScalingDecisionsOfTheWindowWhateverTheDecisionLogDropped() {
        FleetRecording r = new FleetRecording(300);
        List<Decision> log = new ArrayList<>();
        // 200 decisions, one a second: a decision log of 100 entries holds only the last 100 of them at the end
        for (long t = 1000; t < 1200; t++) {
            log.add(scaled(t, 1, 2 + (int) (t % 2)));
            if (log.size() > 100) {
                log.removeFirst();
            }
            r.record(second(t, 1));
            r.noteScalings(log);
            r.noteScalings(log); // a read between two samples adds nothing twice
        }

        assertThat(r.scalings()).hasSize(200);
        assertThat(r.scalings().getFirst().at()).isEqualTo(Instant.ofEpochSecond(1000));
        assertThat(r.scalings().getFirst().what()).isEqualTo("scaled 1 → 2");
        assertThat(r.scalings().getFirst().explanation()).endsWith("scaled 1 → 2: because 1000");
        // as the window moves past them, the oldest go: at second 1399 the window starts at 1100
        r.record(second(1399, 1));
        assertThat(r.scalings()).extracting(d -> d.at().getEpochSecond()).first().isEqualTo(1100L);
        assertThat(r.scalings()).hasSize(100);
    }

    @Test
    void keepsAtMostOneScalingDecisionPerSecondOfTheWindow() {
        FleetRecording r = new FleetRecording();
        List<Decision> log = new ArrayList<>();
        for (long t = 0; t < FleetRecording.MAX_SCALINGS + 10; t++) {
            log.add(scaled(5000 + t, 1, 2));
        }
        r.noteScalings(log);

        assertThat(r.scalings()).hasSize(FleetRecording.MAX_SCALINGS);
        assertThat(r.scalings().getFirst().at()).isEqualTo(Instant.ofEpochSecond(5010));
    }

    @Test
    void refusesAnEmptyRing() {
        assertThatThrownBy(() -> new FleetRecording(0)).hasMessage("seconds: 0 (expected: 1 or more)");
    }
}
