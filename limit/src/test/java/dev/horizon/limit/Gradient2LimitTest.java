package dev.horizon.limit;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class Gradient2LimitTest {

    private static final long MS = 1_000_000L;

    /** Feeds {@code n} samples of {@code rttMs} at a full gate (in flight = the limit) and returns each limit after. */
    private static List<Integer> feed(Gradient2Limit limit, int n, long rttMs) {
        List<Integer> limits = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            limit.onSample(i * 100 * MS, rttMs * MS, limit.limit(), false);
            limits.add(limit.limit());
        }
        return limits;
    }

    @Test
    void aSteadyLatencyGrowsTheLimitByTheQueueAllowanceTimesTheSmoothing() {
        Gradient2Limit limit = new Gradient2Limit(20, 20, 200);
        // L = 0.8 L + 0.2 (L + 4) = L + 0.8 per sample
        assertThat(feed(limit, 6, 10)).containsExactly(20, 21, 22, 23, 24, 24);
        assertThat(limit.longRttNanos()).isEqualTo(10 * MS);
        feed(limit, 300, 10);
        assertThat(limit.limit()).isEqualTo(200);
    }

    @Test
    void anApplicationThatUsesLessThanHalfTheLimitDoesNotGrowIt() {
        Gradient2Limit limit = new Gradient2Limit(40, 20, 200);
        for (int i = 0; i < 100; i++) {
            limit.onSample(i * MS, 10 * MS, 19, false);
        }
        assertThat(limit.limit()).isEqualTo(40);
        limit.onSample(101 * MS, 10 * MS, 20, false);
        assertThat(limit.limit()).isEqualTo(40);
    }

    @Test
    void latencyThreeTimesTheBaselineCutsAtMostATenthPerSample() {
        Gradient2Limit limit = new Gradient2Limit(100, 20, 200);
        for (int i = 0; i < 10; i++) {
            limit.onSample(i * MS, 10 * MS, 0, false);
        }
        assertThat(limit.limit()).isEqualTo(100);
        // gradient = max(0.5, 1.5 × long / 30 ms) = 0.5 while long stays near 10 ms: L = 0.9 L + 0.8, kept
        // fractional (90.8, 82.52, 75.068) and read whole
        limit.onSample(11 * MS, 30 * MS, 100, false);
        assertThat(limit.limit()).isEqualTo(90);
        limit.onSample(12 * MS, 30 * MS, 90, false);
        assertThat(limit.limit()).isEqualTo(82);
        limit.onSample(13 * MS, 30 * MS, 82, false);
        assertThat(limit.limit()).isEqualTo(75);
    }

    @Test
    void aBaselineRemeasuredUpwardsFloorsAtMinNotAtATinyLimitAndRecovers() {
        // Envoy pins its limit to min_concurrency (3) while it re-measures minRTT; here the baseline (the long
        // average) follows a permanent rise of latency from 10 to 40 ms sample by sample, and the limit stays >= min
        Gradient2Limit limit = new Gradient2Limit(20, 20, 200);
        feed(limit, 2_000, 10);
        assertThat(limit.limit()).isEqualTo(200);
        List<Integer> during = feed(limit, 3_000, 40);
        // 200 × 0.9 + 0.8 = 180.8, then 163.52, 147.97, ... while the baseline is under 40 / 1.5 ms
        assertThat(during.stream().mapToInt(Integer::intValue).min().orElseThrow()).isEqualTo(20);
        assertThat(during.subList(0, 12)).containsExactly(180, 163, 147, 133, 121, 110, 99, 90, 82, 74, 68, 62);
        // once the baseline has learned 40 ms, the gradient is 1 again and the limit climbs back to max
        assertThat(during.getLast()).isEqualTo(200);
        assertThat(limit.longRttNanos()).isBetween(39.0 * MS, 40.0 * MS);
    }

    @Test
    void aBaselineRemeasuredDownwardsNeverLowersTheLimit() {
        // after a long overload the baseline is high; when latency falls back it is cut by 5 % a sample (long / short
        // > 2), and the gradient stays 1 throughout: relearning a lower baseline sheds nothing
        Gradient2Limit limit = new Gradient2Limit(20, 20, 200);
        feed(limit, 2_000, 100);
        assertThat(limit.limit()).isEqualTo(200);
        double before = limit.longRttNanos();
        List<Integer> after = feed(limit, 200, 10);
        assertThat(after).allMatch(l -> l == 200);
        assertThat(limit.longRttNanos()).isLessThan(before / 5);
    }

    @Test
    void aGateKeptFullAtFourTimesTheBaselineStaysAtMin() {
        Gradient2Limit limit = new Gradient2Limit(50, 20, 200);
        feed(limit, 10, 10);
        List<Integer> limits = feed(limit, 30, 40);
        assertThat(limits.getLast()).isEqualTo(20);
        assertThat(limits).allMatch(l -> l >= 20);
    }
}
