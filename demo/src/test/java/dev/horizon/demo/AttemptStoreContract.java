package dev.horizon.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What every {@link AttemptStore} does, on the same script of attempts and a clock the test moves. */
abstract class AttemptStoreContract {

    static final Duration FORGET = Duration.ofHours(1);
    private static final LoginThrottle.Limit LIMIT = new LoginThrottle.Limit(3, Duration.ofSeconds(1),
        Duration.ofSeconds(10));

    final TestClock clock = new TestClock();
    private AttemptStore store;

    abstract AttemptStore open() throws Exception;

    @BeforeEach
    void openStore() throws Exception {
        store = open();
    }

    @AfterEach
    void closeStore() {
        store.close();
    }

    private long charge(String key) {
        return store.chargeUnlessLocked(key, LIMIT, clock.millis());
    }

    @Test
    void chargesFreeFailuresThenLocksDoublingUpToTheMaximumWithoutCountingRefusals() {
        assertThat(List.of(charge("k"), charge("k"), charge("k"))).containsExactly(0L, 0L, 0L);
        assertThat(store.lockedMillis("k", LIMIT, clock.millis())).isEqualTo(1_000);
        clock.advance(Duration.ofMillis(250));
        assertThat(charge("k")).as("refused, not counted").isEqualTo(750);
        assertThat(charge("k")).isEqualTo(750);
        List<Long> locks = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            clock.advance(Duration.ofMillis(store.lockedMillis("k", LIMIT, clock.millis())));
            assertThat(charge("k")).isZero();
            locks.add(store.lockedMillis("k", LIMIT, clock.millis()));
        }
        assertThat(locks).containsExactly(2_000L, 4_000L, 8_000L, 10_000L, 10_000L, 10_000L);
        assertThat(store.lockedMillis("other", LIMIT, clock.millis())).isZero();
    }

    @Test
    void aRefundTakesBackOneFailure() {
        charge("k");
        charge("k");
        charge("k");
        store.refund("k");
        assertThat(store.lockedMillis("k", LIMIT, clock.millis())).as("2 of 3 free failures").isZero();
        store.refund("k");
        store.refund("k");
        store.refund("k");
        store.refund("never charged");
        assertThat(List.of(charge("k"), charge("k"), charge("k"), charge("k"))).as("counting from zero again")
            .containsExactly(0L, 0L, 0L, 1_000L);
        assertThat(store.lockedMillis("never charged", LIMIT, clock.millis())).isZero();
    }

    @Test
    void clearAndForgetStartTheCountAgain() {
        for (int i = 0; i < 3; i++) {
            charge("a");
            charge("b");
        }
        store.clear("a");
        assertThat(store.lockedMillis("a", LIMIT, clock.millis())).isZero();
        assertThat(store.lockedMillis("b", LIMIT, clock.millis())).isEqualTo(1_000);
        clock.advance(FORGET);
        assertThat(store.lockedMillis("b", LIMIT, clock.millis())).isZero();
        assertThat(List.of(charge("b"), charge("b"), charge("b"), charge("b"))).containsExactly(0L, 0L, 0L, 1_000L);
    }

    @Test
    void aParallelBurstGetsExactlyTheFreeFailures() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(16);
        try {
            List<Callable<Long>> burst = new ArrayList<>();
            for (int i = 0; i < 64; i++) {
                burst.add(() -> charge("burst"));
            }
            long admitted = 0;
            for (Future<Long> f : pool.invokeAll(burst)) {
                admitted += f.get() == 0 ? 1 : 0;
            }
            assertThat(admitted).isEqualTo(3);
        } finally {
            pool.shutdownNow();
        }
    }
}
