package dev.horizon.balance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class HealthStateTest {

    private static final HealthCheck DEFAULTS = HealthCheck.DEFAULTS;

    private static HealthCheck check(int rise, int fall) {
        return new HealthCheck(Duration.ofSeconds(2), Duration.ofSeconds(1), rise, fall);
    }

    /** Applies probes ({@code P} pass, {@code F} fail) and lists whether the endpoint is up after each one. */
    private static String trace(HealthState start, String probes) {
        StringBuilder out = new StringBuilder();
        HealthState state = start;
        for (char probe : probes.toCharArray()) {
            state = probe == 'P' ? state.passed() : state.failed();
            out.append(out.isEmpty() ? "" : " ").append(state.healthy() ? "up" : "down");
        }
        return out.toString();
    }

    @Test
    void defaultsAreHaproxys() {
        assertThat(DEFAULTS).isEqualTo(new HealthCheck(Duration.ofSeconds(2), Duration.ofSeconds(1), 2, 3));
    }

    @Test
    void healthyEndpointGoesDownOnTheThirdConsecutiveFailureAndUpOnTheSecondPass() {
        HealthState up = HealthState.initiallyUp(DEFAULTS).passed();

        assertThat(trace(up, "FFFPP")).isEqualTo("up up down down up");
    }

    @Test
    void passInAFailureStreakRestartsTheStreak() {
        HealthState up = HealthState.initiallyUp(DEFAULTS).passed();

        assertThat(trace(up, "FFPFFF")).isEqualTo("up up up up up down");
    }

    @Test
    void failureInAPassStreakRestartsTheStreak() {
        HealthState down = HealthState.initiallyDown(check(3, 3));

        assertThat(trace(down, "PPFPPP")).isEqualTo("down down down down down up");
    }

    @Test
    void initiallyDownNeedsExactlyRisePasses() {
        HealthState down = HealthState.initiallyDown(DEFAULTS);

        assertThat(down.healthy()).isFalse();
        assertThat(trace(down, "PP")).isEqualTo("down up");
        assertThat(trace(HealthState.initiallyDown(check(5, 3)), "PPPPP")).isEqualTo("down down down down up");
    }

    @Test
    void initiallyUpServesAndNeedsFallFailuresToGoDown() {
        // unlike HAProxy's start at health = rise, one failed probe at startup does not take a static endpoint down
        HealthState start = HealthState.initiallyUp(DEFAULTS);

        assertThat(start.healthy()).isTrue();
        assertThat(trace(start, "FFF")).isEqualTo("up up down");
        assertThat(trace(start, "PFFF")).isEqualTo("up up up down");
    }

    @Test
    void failuresWhileDownAndPassesWhileUpChangeNothing() {
        HealthState down = HealthState.initiallyDown(DEFAULTS);
        HealthState up = HealthState.initiallyUp(DEFAULTS).passed();

        assertThat(trace(down, "FFFFPP")).isEqualTo("down down down down down up");
        assertThat(trace(up, "PPPPFFF")).isEqualTo("up up up up up up down");
    }

    @Test
    void riseAndFallOfOneFollowEveryProbe() {
        HealthState state = HealthState.initiallyDown(check(1, 1));

        assertThat(trace(state, "PFPPFF")).isEqualTo("up down up up down down");
    }

    @Test
    void countsConsecutivePassesAndFailuresForReporting() {
        HealthState state = HealthState.initiallyUp(DEFAULTS).passed().passed().passed();

        assertThat(state.consecutivePasses()).isEqualTo(3);
        assertThat(state.consecutiveFailures()).isZero();

        state = state.failed().failed();

        assertThat(state.consecutivePasses()).isZero();
        assertThat(state.consecutiveFailures()).isEqualTo(2);
        assertThat(state.toString()).isEqualTo("HealthState[up, passes=0, failures=2]");
    }

    @Test
    void isAValue() {
        HealthState a = HealthState.initiallyDown(DEFAULTS).passed();
        HealthState b = HealthState.initiallyDown(DEFAULTS).passed();

        assertThat(a).isEqualTo(b).hasSameHashCodeAs(b).isNotSameAs(b);
        assertThat(a).isNotEqualTo(HealthState.initiallyDown(DEFAULTS));
        assertThat(a.check()).isSameAs(DEFAULTS);
    }

    @Test
    void combinesWithEjectionIntoHealth() {
        HealthState up = HealthState.initiallyUp(DEFAULTS);
        HealthState down = HealthState.initiallyDown(DEFAULTS);

        assertThat(up.health(false)).isEqualTo(Health.HEALTHY);
        assertThat(up.health(true)).isEqualTo(Health.EJECTED);
        assertThat(down.health(false)).isEqualTo(Health.UNHEALTHY);
        assertThat(down.health(true)).isEqualTo(Health.UNHEALTHY);
    }

    @Test
    void nextCheckDelayIsTheIntervalWithTwentyPercentJitter() {
        SplittableRandom random = new SplittableRandom(42);
        HealthState state = HealthState.initiallyUp(DEFAULTS);
        long interval = Duration.ofSeconds(2).toNanos();
        long min = Long.MAX_VALUE;
        long max = Long.MIN_VALUE;
        for (int i = 0; i < 10_000; i++) {
            long delay = state.nextCheckDelayNanos(random);
            assertThat(delay).isBetween(1_600_000_000L, 2_400_000_000L);
            min = Math.min(min, delay);
            max = Math.max(max, delay);
        }

        assertThat(min).isLessThan((long) (0.81 * interval));
        assertThat(max).isGreaterThan((long) (1.19 * interval));
    }

    @Test
    void jitterIsReproducibleWithASeed() {
        long first = DEFAULTS.nextCheckDelayNanos(new SplittableRandom(7));
        long second = DEFAULTS.nextCheckDelayNanos(new SplittableRandom(7));

        assertThat(first).isEqualTo(second);
    }

    @Test
    void rejectsBadConfigurationWithPreciseMessages() {
        Duration s = Duration.ofSeconds(1);
        assertThatThrownBy(() -> new HealthCheck(Duration.ZERO, s, 2, 3))
            .isInstanceOf(IllegalArgumentException.class).hasMessage("interval: 0s (expected: > 0)");
        assertThatThrownBy(() -> new HealthCheck(s, Duration.ofMillis(-1), 2, 3))
            .isInstanceOf(IllegalArgumentException.class).hasMessage("timeout: -1ms (expected: > 0)");
        assertThatThrownBy(() -> new HealthCheck(s, s, 0, 3))
            .isInstanceOf(IllegalArgumentException.class).hasMessage("rise: 0 (expected: >= 1)");
        assertThatThrownBy(() -> new HealthCheck(s, s, 2, -1))
            .isInstanceOf(IllegalArgumentException.class).hasMessage("fall: -1 (expected: >= 1)");
        assertThatThrownBy(() -> new HealthCheck(Duration.ofDays(365 * 300), s, 2, 3))
            .isInstanceOf(IllegalArgumentException.class)
            .hasMessage("interval: 9460800000s (expected: <= 9223372036.854775807s)");
    }
}
