package dev.horizon.gateway.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.horizon.gateway.ServicesView.RevisionCounts;
import dev.horizon.gateway.ServicesView.RevisionSample;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;

/**
 * {@link RevisionStats}: a take returns exactly what was recorded since the previous one, latencies capped at the
 * first {@value RevisionSample#MAX_LATENCIES}, and no request is lost or counted twice while writers race a taker.
 */
class RevisionStatsTest {

    @Test
    void aTakeReturnsTheIntervalsRequestsErrorsAndLatenciesInMillisecondsThenStartsAfresh() {
        RevisionStats stats = new RevisionStats("7");
        stats.record(1_500_000, false);
        stats.record(250_000_000, true);
        stats.record(3_000_000, false);

        RevisionSample first = stats.take();
        assertThat(first.requests()).isEqualTo(3);
        assertThat(first.errors()).isEqualTo(1);
        assertThat(first.latenciesMs()).containsExactly(1.5, 250.0, 3.0);
        assertThat(first.errorRate()).isEqualTo(1 / 3.0);

        RevisionSample second = stats.take();
        assertThat(second.requests()).isZero();
        assertThat(second.latenciesMs()).isEmpty();
        assertThat(second.errorRate()).isZero();

        stats.record(2_000_000, true);
        stats.fellBack();
        assertThat(stats.counts()).isEqualTo(new RevisionCounts("7", 4, 2, 1));
    }

    @Test
    void keepsTheFirstTenThousandLatenciesAndCountsEveryRequest() {
        RevisionStats stats = new RevisionStats("2");
        for (int i = 0; i < 12_345; i++) {
            stats.record(i * 1_000_000L, i % 5 == 0);
        }
        RevisionSample sample = stats.take();
        assertThat(sample.requests()).isEqualTo(12_345);
        assertThat(sample.errors()).isEqualTo(2_469);
        assertThat(sample.latenciesMs()).hasSize(RevisionSample.MAX_LATENCIES);
        assertThat(sample.latenciesMs()[0]).isEqualTo(0.0);
        assertThat(sample.latenciesMs()[9_999]).isEqualTo(9_999.0);
    }

    @Test
    void writersRacingATakerLoseNoRequestAndCountNoneTwice() throws InterruptedException {
        RevisionStats stats = new RevisionStats("3");
        int writers = 4;
        int perWriter = 200_000;
        CountDownLatch done = new CountDownLatch(writers);
        List<Thread> threads = new ArrayList<>();
        for (int w = 0; w < writers; w++) {
            threads.add(Thread.ofPlatform().start(() -> {
                for (int i = 0; i < perWriter; i++) {
                    stats.record(1_000, i % 2 == 0);
                }
                done.countDown();
            }));
        }
        long requests = 0;
        long errors = 0;
        while (done.getCount() > 0) {
            RevisionSample s = stats.take();
            requests += s.requests();
            errors += s.errors();
            assertThat(s.latenciesMs()).hasSize((int) Math.min(s.requests(), RevisionSample.MAX_LATENCIES));
            for (double ms : s.latenciesMs()) {
                assertThat(ms).isEqualTo(0.001);
            }
        }
        for (Thread t : threads) {
            t.join();
        }
        RevisionSample last = stats.take();
        assertThat(requests + last.requests()).isEqualTo((long) writers * perWriter);
        assertThat(errors + last.errors()).isEqualTo((long) writers * perWriter / 2);
        assertThat(stats.counts()).isEqualTo(new RevisionCounts("3", (long) writers * perWriter,
            (long) writers * perWriter / 2, 0));
    }
}
