package dev.horizon.limit;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class TokenBucketTest {

    @Test
    void takesTheBurstThenOneTokenPerInterval() {
        TokenBucket bucket = new TokenBucket();
        StringBuilder trace = new StringBuilder();
        long[] times = {0, 0, 0, 0, 50, 99, 100, 150, 200, 200, 500, 500, 500, 500};
        for (long now : times) {
            trace.append(bucket.take(now, 100, 3).allowed() ? 'Y' : 'n');
        }
        assertThat(trace).hasToString("YYYnnnYnYnYYYn");
        assertThat(bucket.idle(799)).isFalse();
        assertThat(bucket.idle(800)).isTrue();
        assertThat(new TokenBucket().idle(0)).isTrue();
    }

    @Test
    void decidesExactlyLikeATextbookBucketOnRandomArrivals() {
        SplittableRandom random = new SplittableRandom(17);
        for (int round = 0; round < 200; round++) {
            long interval = 1 + random.nextLong(1_000);
            long burst = 1 + random.nextLong(20);
            TokenBucket bucket = new TokenBucket();
            TextbookBucket model = new TextbookBucket(interval, burst, 5_000);
            long now = 5_000;
            for (int i = 0; i < 500; i++) {
                now += random.nextInt(4) == 0 ? 0 : random.nextLong(2 * interval);
                Decision d = bucket.take(now, interval, burst);
                assertThat(d.allowed()).as("round %d request %d at %d", round, i, now).isEqualTo(model.take(now));
                assertThat(d.remaining()).isEqualTo(model.wholeTokens());
            }
        }
    }

    /**
     * The token bucket as textbooks state it: a level and the time of the last refill, the level counted in
     * "interval units" (tokens × T) so the arithmetic stays exact.
     */
    private static final class TextbookBucket {
        private final long interval;
        private final long capacity;
        private long level;
        private long last;

        TextbookBucket(long interval, long burst, long start) {
            this.interval = interval;
            this.capacity = burst * interval;
            this.level = capacity;
            this.last = start;
        }

        boolean take(long now) {
            level = Math.min(capacity, level + (now - last));
            last = now;
            if (level < interval) {
                return false;
            }
            level -= interval;
            return true;
        }

        long wholeTokens() {
            return level / interval;
        }
    }
}
