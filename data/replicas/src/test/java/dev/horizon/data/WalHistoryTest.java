package dev.horizon.data;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

final class WalHistoryTest {

    @Test
    void lagIsTheAgeOfTheOldestChangeTheReplicaLacks() {
        WalHistory h = new WalHistory();
        h.record(100, 1_000);
        h.record(100, 2_000);
        h.record(250, 3_000);
        h.record(400, 4_000);
        assertThat(h.lagNanos(400, 10_000)).isZero();
        assertThat(h.lagNanos(250, 10_000)).isEqualTo(6_000);
        assertThat(h.lagNanos(100, 10_000)).isEqualTo(7_000);
        assertThat(h.lagNanos(120, 10_000)).isEqualTo(7_000);
        assertThat(h.lagNanos(50, 10_000)).isEqualTo(9_000);
        assertThat(h.lagBytes(250)).isEqualTo(150);
        assertThat(h.lagBytes(500)).isZero();
        assertThat(h.latest()).isEqualTo(400);
        assertThat(h.lastSampleNanos()).isEqualTo(4_000);
    }

    @Test
    void anIdlePrimaryLeavesAnUpToDateReplicaAtZeroLagHoweverLongItWaits() {
        WalHistory h = new WalHistory();
        h.record(500, 0);
        for (long t = 1; t < 1_000; t++) {
            h.record(500, t * 250_000_000L);
        }
        assertThat(h.lagNanos(500, 1_000 * 250_000_000L)).isZero();
    }

    @Test
    void neverSampledMeansNoLagKnown() {
        WalHistory h = new WalHistory();
        assertThat(h.latest()).isEqualTo(-1);
        assertThat(h.lastSampleNanos()).isEqualTo(Long.MIN_VALUE);
    }
}
