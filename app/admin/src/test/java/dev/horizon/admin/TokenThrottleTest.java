package dev.horizon.admin;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class TokenThrottleTest {

    private static final long SECOND = TimeUnit.SECONDS.toNanos(1);

    private final AtomicLong now = new AtomicLong(-5 * SECOND); // the clock may be negative; only differences count
    private final TokenThrottle throttle = new TokenThrottle(now::get);

    private void fail(String client, int times) {
        for (int i = 0; i < times; i++) {
            assertThat(throttle.waitNanos(client)).as("attempt %d", i + 1).isZero();
            throttle.failed(client);
        }
    }

    @Test
    void locksAnAddressOutForOneSecondAfterFiveWrongTokensInARow() {
        fail("10.0.0.1", 4);
        assertThat(throttle.waitNanos("10.0.0.1")).isZero();
        throttle.failed("10.0.0.1");
        assertThat(throttle.waitNanos("10.0.0.1")).isEqualTo(SECOND);
        assertThat(throttle.waitNanos("10.0.0.2")).as("other addresses are not affected").isZero();
        now.addAndGet(SECOND - 1);
        assertThat(throttle.waitNanos("10.0.0.1")).isEqualTo(1);
        now.addAndGet(1);
        assertThat(throttle.waitNanos("10.0.0.1")).isZero();
    }

    @Test
    void eachFurtherLockOutDoublesUpToFiveMinutes() {
        long[] expected = {1, 2, 4, 8, 16, 32, 64, 128, 256, 300, 300};
        for (long seconds : expected) {
            fail("10.0.0.1", TokenThrottle.MAX_FAILURES);
            assertThat(throttle.waitNanos("10.0.0.1")).isEqualTo(seconds * SECOND);
            now.addAndGet(seconds * SECOND);
        }
    }

    @Test
    void theRightTokenForgetsTheHistory() {
        fail("10.0.0.1", TokenThrottle.MAX_FAILURES);
        now.addAndGet(SECOND);
        fail("10.0.0.1", 4);
        throttle.succeeded("10.0.0.1");
        fail("10.0.0.1", 4);
        assertThat(throttle.waitNanos("10.0.0.1")).as("the count restarted").isZero();
        throttle.failed("10.0.0.1");
        assertThat(throttle.waitNanos("10.0.0.1")).as("and so did the lock-out length").isEqualTo(SECOND);
    }

    @Test
    void keepsAtMostMaxClientsAndForgetsUnlockedOnesFirst() {
        fail("locked", TokenThrottle.MAX_FAILURES);
        for (int i = 0; i < TokenThrottle.MAX_CLIENTS + 10; i++) {
            throttle.failed("10.1." + (i >> 8) + "." + (i & 255));
        }
        assertThat(throttle.waitNanos("locked")).as("a locked-out address is kept while others can go")
            .isEqualTo(SECOND);
        fail("10.1.0.0", 4);
        assertThat(throttle.waitNanos("10.1.0.0")).as("an early address was forgotten: its count restarted")
            .isZero();
    }
}
