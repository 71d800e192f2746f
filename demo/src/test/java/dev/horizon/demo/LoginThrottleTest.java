package dev.horizon.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The lock-out arithmetic and the per-user and per-client rules, on a clock the test moves. */
final class LoginThrottleTest {

    private final TestClock clock = new TestClock();
    private final LoginThrottle throttle = new LoginThrottle(AttemptStore.local(1000, Duration.ofHours(1), clock),
        LoginThrottle.Settings.DEFAULT, clock);

    /** One wrong password as the shop handles it: admit, then charge the client; returns the wait in ms (0: went). */
    private long wrong(String user, String client) {
        LoginThrottle.Verdict v = throttle.admit(user, client);
        if (v.allowed()) {
            throttle.failed(client);
        }
        return v.retryAfterMillis();
    }

    @Test
    void attemptsWhosePasswordCouldNotBeCheckedDoNotCount() {
        for (int i = 0; i < 10; i++) {
            assertThat(throttle.admit("alice", "10.0.0.1").allowed()).as("attempt %d", i).isTrue();
            throttle.unchecked("alice"); // the database failed: the attempt is taken back
        }
        for (int i = 0; i < 5; i++) {
            assertThat(wrong("alice", "10.0.0.1")).isZero();
        }
        assertThat(wrong("alice", "10.0.0.1")).as("locked after five that were checked").isEqualTo(1_000);
    }

    @Test
    void locksAUserAfterFiveFailuresForOneSecondDoublingUpToFifteenMinutes() {
        List<Long> waits = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            waits.add(wrong("alice", "10.0.0." + i));
        }
        assertThat(waits).as("five free failures").containsOnly(0L);
        List<Long> locks = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            long wait = wrong("alice", "10.0.1." + i);
            locks.add(wait);
            clock.advance(Duration.ofMillis(wait));
            assertThat(wrong("alice", "10.0.2." + i)).as("the first try after the lock goes ahead").isZero();
        }
        assertThat(locks).containsExactly(1_000L, 2_000L, 4_000L, 8_000L, 16_000L, 32_000L, 64_000L, 128_000L,
            256_000L, 512_000L, 900_000L, 900_000L);
    }

    @Test
    void aLockedUserIsRefusedWithTheRightPasswordTooAndRefusalsDoNotExtendTheLock() {
        for (int i = 0; i < 5; i++) {
            wrong("alice", "10.0.0.1");
        }
        clock.advance(Duration.ofMillis(400));
        LoginThrottle.Verdict right = throttle.admit("alice", "10.0.0.2");
        assertThat(right).isEqualTo(new LoginThrottle.Verdict(600, "too many failed logins for alice"));
        assertThat(right.retryAfterSeconds()).isEqualTo(1);
        assertThat(throttle.admit("alice", "10.0.0.2").retryAfterMillis()).as("refusal not counted").isEqualTo(600);
        clock.advance(Duration.ofMillis(600));
        assertThat(throttle.admit("alice", "10.0.0.2").allowed()).isTrue();
        throttle.succeeded("alice");
        assertThat(wrong("alice", "10.0.0.2")).as("a success starts the count again").isZero();
    }

    @Test
    void otherUsersAreNotLockedByOneUsersFailures() {
        for (int i = 0; i < 8; i++) {
            wrong("alice", "10.0.0." + i);
        }
        assertThat(throttle.admit("alice", "10.0.0.9").allowed()).isFalse();
        assertThat(throttle.admit("bob", "10.0.0.9").allowed()).isTrue();
    }

    @Test
    void locksAClientThatSpraysManyUsersAfterTwentyFailures() {
        for (int i = 0; i < 20; i++) {
            assertThat(wrong("user" + i, "10.9.9.9")).isZero();
        }
        assertThat(throttle.admit("someone", "10.9.9.9"))
            .isEqualTo(new LoginThrottle.Verdict(1_000, "too many failed logins from 10.9.9.9"));
        assertThat(throttle.admit("someone", "10.9.9.8").allowed()).as("another client").isTrue();
    }

    @Test
    void failuresAreForgottenAnHourAfterTheLast() {
        for (int i = 0; i < 5; i++) {
            wrong("alice", "10.0.0.1");
        }
        clock.advance(Duration.ofHours(1));
        for (int i = 0; i < 5; i++) {
            assertThat(wrong("alice", "10.0.0.1")).as("attempt " + i).isZero();
        }
        assertThat(wrong("alice", "10.0.0.1")).isEqualTo(1_000);
    }

    @Test
    void keepsAtMostMaxKeys() {
        AttemptStore store = AttemptStore.local(10, Duration.ofHours(1), clock);
        LoginThrottle.Limit limit = LoginThrottle.Settings.DEFAULT.perUser();
        for (int i = 0; i < 10_000; i++) {
            store.chargeUnlessLocked("user:u" + i, limit, clock.millis());
        }
        assertThat(((LocalAttemptStore) store).size()).isLessThanOrEqualTo(10);
    }

    @Test
    void refusesSettingsThatMakeNoSense() {
        assertThatThrownBy(() -> new LoginThrottle.Limit(0, Duration.ofSeconds(1), Duration.ofSeconds(1)))
            .hasMessage("freeFailures: 0 (expected: at least 1)");
        assertThatThrownBy(() -> new LoginThrottle.Limit(5, Duration.ofSeconds(2), Duration.ofSeconds(1)))
            .hasMessage("locks: first 2s, max 1s (expected: 0 < first <= max)");
        LoginThrottle.Limit limit = new LoginThrottle.Limit(5, Duration.ofSeconds(1), Duration.ofMinutes(15));
        assertThatThrownBy(() -> new LoginThrottle.Settings(limit, limit, Duration.ofMinutes(1)))
            .hasMessage("forgetAfter: 60s (expected: at least the longest lock, so a lock never outlives its count)");
    }

    @Test
    void theDoublingNeverOverflows() {
        LoginThrottle.Limit limit = new LoginThrottle.Limit(1, Duration.ofDays(1), Duration.ofDays(3));
        assertThat(limit.lockedMillis(1_000_000, 0, 0)).isEqualTo(Duration.ofDays(3).toMillis());
        assertThat(limit.lockedMillis(3, 0, 0)).isEqualTo(Duration.ofDays(3).toMillis());
        assertThat(limit.lockedMillis(2, 0, 0)).isEqualTo(Duration.ofDays(2).toMillis());
    }
}
