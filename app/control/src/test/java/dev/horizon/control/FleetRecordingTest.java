package dev.horizon.control;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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

    @Test
    void refusesAnEmptyRing() {
        assertThatThrownBy(() -> new FleetRecording(0)).hasMessage("seconds: 0 (expected: 1 or more)");
    }
}
