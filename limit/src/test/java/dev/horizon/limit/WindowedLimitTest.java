package dev.horizon.limit;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class WindowedLimitTest {

    private static final long MS = 1_000_000L;

    /** What the delegate received. */
    private record Sample(long now, long rtt, int inflight, boolean dropped) {
    }

    private static final class Recording implements ConcurrencyLimit {
        final List<Sample> samples = new ArrayList<>();

        @Override
        public int limit() {
            return 7;
        }

        @Override
        public void onSample(long nowNanos, long rttNanos, int inflight, boolean dropped) {
            samples.add(new Sample(nowNanos, rttNanos, inflight, dropped));
        }
    }

    @Test
    void deliversTheAverageLatencyAndHighestInflightOfAWindowOfAtLeastTenSamples() {
        Recording delegate = new Recording();
        WindowedLimit limit = new WindowedLimit(delegate, 100 * MS, 1_000 * MS, 10);
        for (int i = 0; i < 10; i++) {
            limit.onSample(i * 20 * MS, (10 + i) * MS, i + 1, false);
        }
        // the window (0..100 ms) ended at the 7th sample, but only the 10th makes it whole
        assertThat(delegate.samples).containsExactly(new Sample(180 * MS, 14_500_000L, 10, false));
        assertThat(limit.limit()).isEqualTo(7);
    }

    @Test
    void theNextWindowLastsTwiceTheShortestLatencyWithinItsBounds() {
        Recording delegate = new Recording();
        WindowedLimit limit = new WindowedLimit(delegate, 100 * MS, 1_000 * MS, 2);
        limit.onSample(0, 300 * MS, 1, false);
        limit.onSample(101 * MS, 400 * MS, 1, false);
        assertThat(delegate.samples).hasSize(1);
        // the next window ends 2 × 300 ms after the last: 701 ms
        limit.onSample(600 * MS, 300 * MS, 1, false);
        limit.onSample(701 * MS, 300 * MS, 1, true);
        assertThat(delegate.samples).hasSize(1);
        limit.onSample(702 * MS, 300 * MS, 3, false);
        assertThat(delegate.samples.getLast()).isEqualTo(new Sample(702 * MS, 300 * MS, 3, true));
    }

    @Test
    void ignoresAnswersFasterThanAHundredMicroseconds() {
        Recording delegate = new Recording();
        WindowedLimit limit = new WindowedLimit(delegate, 100 * MS, 1_000 * MS, 1);
        limit.onSample(0, 99_999, 1, false);
        limit.onSample(200 * MS, 99_999, 1, false);
        assertThat(delegate.samples).isEmpty();
        limit.onSample(201 * MS, 100_000, 1, false);
        limit.onSample(302 * MS, 100_000, 1, false);
        assertThat(delegate.samples).containsExactly(new Sample(302 * MS, 100_000, 1, false));
    }
}
