package dev.horizon.gateway.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

/**
 * The ten-second window's rate is the count over the time its slots cover, whenever in a second it is read; its
 * percentiles are interpolated within their bucket.
 */
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

    @Test
    void aPercentileIsInterpolatedWithinItsBucket() {
        // 1, 2, …, 100 ms. The 50th (50 ms) is in the bucket of 49,152 to 57,343 µs, which holds 50..57 ms, 49
        // before it: p50 = 49.152 + 8.192 × (50 − 49) / 8 = 50.176 ms (its upper edge, 57.343, read 15 % high).
        // p95: 82..98 ms in 81,920..98,303 µs, 81 before: 81.920 + 16.384 × 14 / 17. p99: 99 and 100 ms in
        // 98,304..114,687 µs, 98 before: 98.304 + 16.384 / 2 = 106.496 ms.
        LatencyWindow w = new LatencyWindow();
        long now = 1_000 * SECOND;
        for (int i = 1; i <= 100; i++) {
            w.record(i * MS, now);
        }
        LatencyWindow.Summary s = w.summary(now);
        assertThat(s.p50Ms()).isCloseTo(50.176, within(1e-9));
        assertThat(s.p95Ms()).isCloseTo(81.920 + 16.384 * 14 / 17, within(1e-9));
        assertThat(s.p99Ms()).isCloseTo(106.496, within(1e-9));
        // one request: its p50 is the middle of its bucket, not its edge (5 ms is in 4,096..5,119 µs)
        LatencyWindow one = new LatencyWindow();
        one.record(5 * MS, now);
        assertThat(one.summary(now).p50Ms()).isCloseTo((4.096 + 5.120) / 2, within(1e-9));
        assertThat(LatencyWindow.middleMicros(LatencyWindow.bucket(5 * MS))).isEqualTo((4_096 + 5_120) / 2.0);
        // past 29.4 s the last bucket has no upper edge: its lower one, as Prometheus reads its +Inf bucket
        LatencyWindow slow = new LatencyWindow();
        slow.record(60 * SECOND, now);
        assertThat(slow.summary(now).p99Ms()).isEqualTo(29_360.128);
        assertThat(LatencyWindow.middleMicros(LatencyWindow.bucket(60 * SECOND))).isEqualTo(29_360_128.0);
        // below 4 µs each bucket holds one value
        assertThat(LatencyWindow.lowerBoundMicros(LatencyWindow.bucket(2_500))).isEqualTo(2);
        assertThat(LatencyWindow.upperBoundMicros(LatencyWindow.bucket(2_500))).isEqualTo(2);
    }
}
