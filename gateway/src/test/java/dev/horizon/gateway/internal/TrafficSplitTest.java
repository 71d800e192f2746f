package dev.horizon.gateway.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.horizon.gateway.RevisionSplit;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * The revision choice of {@link TrafficSplit}: the interleave's exact counts and sequence, the session buckets'
 * monotonicity and spread, and the preview values.
 */
class TrafficSplitTest {

    @Test
    void theInterleaveSendsTheTwentiethOfEveryTwentyRequestsToTheCanaryAtFivePercent() {
        List<Long> canary = new ArrayList<>();
        for (long n = 0; n < 100; n++) {
            if (TrafficSplit.interleave(n, 500)) {
                canary.add(n);
            }
        }
        assertThat(canary).containsExactly(19L, 39L, 59L, 79L, 99L);
    }

    @Test
    void afterAnyNumberOfRequestsTheCanaryCountIsTheFloorOfItsShareForEveryWeight() {
        for (int w = 0; w <= RevisionSplit.ALL; w += 37) {
            long count = 0;
            for (long n = 0; n < 20_000; n++) {
                count += TrafficSplit.interleave(n, w) ? 1 : 0;
                assertThat(count).as("w=%d after %d requests", w, n + 1).isEqualTo((n + 1) * w / RevisionSplit.ALL);
            }
        }
    }

    @Test
    void anyTenThousandRequestsInARowCarryExactlyTheWeightWhereverTheCounterStands() {
        for (long start : new long[] {0, 1, 9_999, 123_456_789, Long.MAX_VALUE - 20_000}) {
            long count = 0;
            for (long n = start; n < start + RevisionSplit.ALL; n++) {
                count += TrafficSplit.interleave(n, 731) ? 1 : 0;
            }
            assertThat(count).as("from %d", start).isEqualTo(731);
        }
    }

    @Test
    void aSessionBucketOnlyEverMovesStableUsersToTheCanaryAsTheWeightGrows() {
        TrafficSplit split = new TrafficSplit(RevisionSplit.of("1", "2", 500), new AtomicLong());
        SplittableRandom random = new SplittableRandom(42);
        int[] canaryAt = new int[101];
        for (int i = 0; i < 10_000; i++) {
            int bucket = split.bucket(Long.toHexString(random.nextLong()));
            assertThat(bucket).isBetween(0, RevisionSplit.ALL - 1);
            for (int step = 0; step <= 100; step++) {
                canaryAt[step] += bucket < step * 100 ? 1 : 0;
            }
        }
        for (int step = 1; step <= 100; step++) {
            assertThat(canaryAt[step]).isGreaterThanOrEqualTo(canaryAt[step - 1]);
        }
        // 10,000 seeded sessions: binomial standard deviation at 5 % is 22, at 50 % 50; these are 3 of them
        assertThat(canaryAt[5]).isBetween(500 - 66, 500 + 66);
        assertThat(canaryAt[50]).isBetween(5_000 - 150, 5_000 + 150);
        assertThat(canaryAt[0]).isZero();
        assertThat(canaryAt[100]).isEqualTo(10_000);
    }

    @Test
    void eachCanaryRevisionDrawsItsOwnCohortOfSessions() {
        TrafficSplit toTwo = new TrafficSplit(RevisionSplit.of("1", "2", 1000), new AtomicLong());
        TrafficSplit toThree = new TrafficSplit(RevisionSplit.of("2", "3", 1000), new AtomicLong());
        int both = 0;
        int two = 0;
        for (int i = 0; i < 10_000; i++) {
            String session = "user-" + i;
            boolean a = toTwo.bucket(session) < 1000;
            two += a ? 1 : 0;
            both += a && toThree.bucket(session) < 1000 ? 1 : 0;
        }
        // independent cohorts share 10 % of 10 % (100 of 10,000); the same cohort would share all of about 1,000
        assertThat(two).isBetween(1_000 - 90, 1_000 + 90);
        assertThat(both).isBetween(100 - 30, 100 + 30);
    }

    @Test
    void previewAlwaysAndNeverForceARevisionInAnyCaseAndOtherValuesDoNot() {
        assertThat(TrafficSplit.preview("always")).isEqualTo(TrafficSplit.Choice.PREVIEW_CANARY);
        assertThat(TrafficSplit.preview("ALWAYS")).isEqualTo(TrafficSplit.Choice.PREVIEW_CANARY);
        assertThat(TrafficSplit.preview("never")).isEqualTo(TrafficSplit.Choice.PREVIEW_STABLE);
        assertThat(TrafficSplit.preview("Never")).isEqualTo(TrafficSplit.Choice.PREVIEW_STABLE);
        assertThat(TrafficSplit.preview("1")).isNull();
        assertThat(TrafficSplit.preview("")).isNull();
        assertThat(TrafficSplit.preview(null)).isNull();
    }
}
