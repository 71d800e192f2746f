package dev.horizon.balance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class SlowStartTest {

    private static final long MS = 1_000_000L;
    private static final long SECOND = 1_000_000_000L;

    private static final SlowStart LINEAR = SlowStart.of(Duration.ofSeconds(10));

    @Test
    void defaultsAreEnvoys() {
        assertThat(LINEAR).isEqualTo(new SlowStart(Duration.ofSeconds(10), 1.0, 10.0));
        assertThat(SlowStart.NONE).isEqualTo(new SlowStart(Duration.ZERO, 1.0, 10.0));
    }

    @Test
    void linearRampStartsAtTheMinimumWeightAndReachesFullWeightAtTheEndOfTheWindow() {
        assertThat(LINEAR.factor(0)).isEqualTo(0.1);
        assertThat(LINEAR.factor(500 * MS)).isEqualTo(0.1);
        assertThat(LINEAR.factor(SECOND)).isEqualTo(0.1);
        assertThat(LINEAR.factor(2_500 * MS)).isEqualTo(0.25);
        assertThat(LINEAR.factor(5 * SECOND)).isEqualTo(0.5);
        assertThat(LINEAR.factor(10 * SECOND - 1)).isEqualTo(0.9999999999);
        assertThat(LINEAR.factor(10 * SECOND)).isEqualTo(1.0);
        assertThat(LINEAR.factor(3_600 * SECOND)).isEqualTo(1.0);
    }

    @Test
    void timeBeforeTheStartCountsAsZero() {
        assertThat(LINEAR.factor(-5 * SECOND)).isEqualTo(0.1);
    }

    @Test
    void aggressionTwoRampsAsTheSquareRootAndFloorsAfterTheExponent() {
        SlowStart fast = new SlowStart(Duration.ofSeconds(10), 2.0, 10.0);

        // Envoy: max(0.10, (1 ms / 10 s)^(1/2)) = max(0.10, 0.01) = 0.10; max(0.10, t/window)^(1/2) would be 0.316.
        assertThat(fast.factor(0)).isEqualTo(0.1);
        assertThat(fast.factor(50 * MS)).isEqualTo(0.1); // sqrt(0.005) = 0.0707
        assertThat(fast.factor(500 * MS)).isEqualTo(0.22360679774997896); // sqrt(0.05)
        assertThat(fast.factor(2_500 * MS)).isEqualTo(0.5); // sqrt(0.25)
        assertThat(fast.factor(5 * SECOND)).isEqualTo(0.7071067811865476); // sqrt(0.5)
        assertThat(fast.factor(6_400 * MS)).isEqualTo(0.8); // sqrt(0.64)
        assertThat(fast.factor(10 * SECOND)).isEqualTo(1.0);
    }

    @Test
    void aggressionOneHalfRampsAsTheSquare() {
        SlowStart slow = new SlowStart(Duration.ofSeconds(10), 0.5, 10.0);

        assertThat(slow.factor(2 * SECOND)).isEqualTo(0.1); // 0.2^2 = 0.04
        assertThat(slow.factor(5 * SECOND)).isEqualTo(0.25);
        assertThat(slow.factor(8 * SECOND)).isEqualTo(0.6400000000000001); // 0.8^2 in doubles
    }

    @Test
    void minimumWeightPercentIsTheFloor() {
        SlowStart half = new SlowStart(Duration.ofSeconds(10), 1.0, 50.0);

        assertThat(half.factor(SECOND)).isEqualTo(0.5);
        assertThat(half.factor(6 * SECOND)).isEqualTo(0.6);
    }

    @Test
    void factorNeverExceedsOneForAWindowShorterThanEnvoysOneMillisecondFloor() {
        SlowStart tiny = new SlowStart(Duration.ofNanos(500_000), 1.0, 10.0);

        assertThat(tiny.factor(0)).isEqualTo(1.0);
        assertThat(tiny.ramping(0)).isTrue();
    }

    @Test
    void disabledSlowStartAlwaysGivesFullWeight() {
        assertThat(SlowStart.NONE.enabled()).isFalse();
        assertThat(SlowStart.NONE.factor(0)).isEqualTo(1.0);
        assertThat(SlowStart.NONE.factor(-SECOND)).isEqualTo(1.0);
        assertThat(SlowStart.NONE.factor(Long.MIN_VALUE)).isEqualTo(1.0);
        assertThat(SlowStart.NONE.factor(Long.MAX_VALUE)).isEqualTo(1.0);
        assertThat(SlowStart.NONE.ramping(0)).isFalse();
        assertThat(SlowStart.NONE.weight(7, 0, 0)).isEqualTo(7.0);
        assertThat(SlowStart.of(Duration.ZERO)).isEqualTo(SlowStart.NONE);
    }

    @Test
    void rampsOnlyInsideTheWindow() {
        assertThat(LINEAR.enabled()).isTrue();
        assertThat(LINEAR.ramping(0)).isTrue();
        assertThat(LINEAR.ramping(10 * SECOND - 1)).isTrue();
        assertThat(LINEAR.ramping(10 * SECOND)).isFalse();
    }

    @Test
    void weightScalesTheConfiguredWeightByTheFactor() {
        long since = 123 * SECOND;

        assertThat(LINEAR.weight(10, since, since)).isEqualTo(1.0);
        assertThat(LINEAR.weight(5, since, since + 5 * SECOND)).isEqualTo(2.5);
        assertThat(LINEAR.weight(1000, since, since + 7_500 * MS)).isEqualTo(750.0);
        assertThat(LINEAR.weight(1000, since, since + 10 * SECOND)).isEqualTo(1000.0);
        assertThatThrownBy(() -> LINEAR.weight(0, since, since))
            .isInstanceOf(IllegalArgumentException.class).hasMessage("weight: 0 (expected: >= 1)");
    }

    @Test
    void rejectsBadConfigurationWithPreciseMessages() {
        Duration s10 = Duration.ofSeconds(10);
        assertThatThrownBy(() -> new SlowStart(Duration.ofSeconds(-1), 1.0, 10.0))
            .isInstanceOf(IllegalArgumentException.class).hasMessage("window: -1s (expected: >= 0)");
        assertThatThrownBy(() -> new SlowStart(s10, 0.0, 10.0))
            .isInstanceOf(IllegalArgumentException.class).hasMessage("aggression: 0.0 (expected: finite and > 0)");
        assertThatThrownBy(() -> new SlowStart(s10, Double.NaN, 10.0))
            .isInstanceOf(IllegalArgumentException.class).hasMessage("aggression: NaN (expected: finite and > 0)");
        assertThatThrownBy(() -> new SlowStart(s10, Double.POSITIVE_INFINITY, 10.0))
            .isInstanceOf(IllegalArgumentException.class)
            .hasMessage("aggression: Infinity (expected: finite and > 0)");
        assertThatThrownBy(() -> new SlowStart(s10, 1.0, 0.0))
            .isInstanceOf(IllegalArgumentException.class)
            .hasMessage("min-weight-percent: 0.0 (expected: > 0 and <= 100)");
        assertThatThrownBy(() -> new SlowStart(s10, 1.0, 100.5))
            .isInstanceOf(IllegalArgumentException.class)
            .hasMessage("min-weight-percent: 100.5 (expected: > 0 and <= 100)");
    }
}
