package dev.horizon.gateway.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

/** The ten-second window's rate is the count over the time its slots cover, whenever in a second it is read. */
class LatencyWindowTest {

    private static final long SECOND = 1_000_000_000L;
    private static final long MS = 1_000_000L;

    /** 100 requests a second, one every 10 ms from {@code start}, until {@code end} (exclusive), each 5 ms long. */
    private static LatencyWindow steady(long start, long end) {
        LatencyWindow w = new LatencyWindow();
        for (long t = start; t < end; t += 10 * MS) {
            w.record(5 * MS, t);
        }
        return w;
    }

    @Test
    void aSteadyRateReadsTheSameAtEveryPointOfASecond() {
        long start = 1_000 * SECOND;
        for (long phase : new long[] {0, 1, 250, 500, 920, 999}) {
            long now = start + 20 * SECOND + phase * MS;
            // requests up to now (exclusive): nine whole seconds and phase ms of the current one, 100 a second
            LatencyWindow w = steady(start, now);
            assertThat(w.summary(now).rps()).as("read %d ms into a second", phase).isCloseTo(100.0, within(0.12));
        }
    }

    @Test
    void theWindowForgetsWhatIsOlderThanTenSeconds() {
        long start = 1_000 * SECOND;
        LatencyWindow w = steady(start, start + 5 * SECOND);
        // 500 requests in seconds 1000..1004; read at 1012.5: the window covers 1003..1012 (9.5 s), 200 of them
        assertThat(w.summary(start + 12 * SECOND + 500 * MS).rps()).isCloseTo(200 / 9.5, within(1e-9));
        assertThat(w.summary(start + 20 * SECOND)).isEqualTo(LatencyWindow.Summary.EMPTY);
    }

    @Test
    void aNegativeMonotonicClockKeepsItsSeconds() {
        // System.nanoTime may be negative: seconds are floors, so -0.5 s is in second -1, not 0
        long start = -30 * SECOND;
        long now = -10 * SECOND - 500 * MS;
        assertThat(steady(start, now).summary(now).rps()).isCloseTo(100.0, within(0.12));
    }
}
