package dev.horizon.limit;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class GcraTest {

    /** 10 per second (T = 100 ms), burst 3, times in milliseconds. */
    private static final long T = 100;
    private static final long B = 3;

    @Test
    void aFreshKeyAdmitsTheBurstAtOnceThenRefusesUntilOneIntervalPasses() {
        long tat = Gcra.NEVER;
        Decision first = Gcra.decide(tat, 1_000, T, B);
        assertThat(first).isEqualTo(new Decision(true, 1_100, 2, 0, 100));
        Decision second = Gcra.decide(first.tat(), 1_000, T, B);
        assertThat(second).isEqualTo(new Decision(true, 1_200, 1, 0, 200));
        Decision third = Gcra.decide(second.tat(), 1_000, T, B);
        assertThat(third).isEqualTo(new Decision(true, 1_300, 0, 0, 300));
        Decision fourth = Gcra.decide(third.tat(), 1_000, T, B);
        assertThat(fourth).isEqualTo(new Decision(false, 1_300, 0, 100, 300));
        assertThat(Gcra.decide(third.tat(), 1_099, T, B)).isEqualTo(new Decision(false, 1_300, 0, 1, 201));
        assertThat(Gcra.decide(third.tat(), 1_100, T, B)).isEqualTo(new Decision(true, 1_400, 0, 0, 300));
    }

    @Test
    void aKeyIdleForTheWholeToleranceIsFullAgainAndNotMore() {
        Decision d = Gcra.decide(1_300, 1_300, T, B);
        assertThat(d).isEqualTo(new Decision(true, 1_400, 2, 0, 100));
        Decision later = Gcra.decide(1_300, 9_000, T, B);
        assertThat(later).isEqualTo(new Decision(true, 9_100, 2, 0, 100));
        assertThat(Gcra.idle(1_300, 1_300)).isTrue();
        assertThat(Gcra.idle(1_301, 1_300)).isFalse();
    }

    @Test
    void aSteadyStreamAtTheRatePassesEveryRequest() {
        long tat = Gcra.NEVER;
        for (long now = 0; now < 10_000; now += T) {
            Decision d = Gcra.decide(tat, now, T, 1);
            assertThat(d.allowed()).as("at %d", now).isTrue();
            assertThat(d.remaining()).isZero();
            tat = d.tat();
        }
        assertThat(Gcra.decide(tat, 10_000 - 1, T, 1)).isEqualTo(new Decision(false, tat, 0, 1, 1));
    }

    @Test
    void redisCellsReadmeExampleAnswersLikeClThrottle() {
        // CL.THROTTLE user123 15 30 60: max_burst 15 (burst 16 here), 30 per 60 s; the first call answers
        // [0, 16, 15, -1, 2]: allowed, limit 16, remaining 15, reset after 2 s (one interval)
        Rate rate = new Rate(30, Duration.ofSeconds(60), 16);
        Decision d = Gcra.decide(Gcra.NEVER, 0, rate.intervalMicros(), rate.burst());
        assertThat(d).isEqualTo(new Decision(true, 2_000_000, 15, 0, 2_000_000));
    }

    @Test
    void theRateDerivesItsIntervalWindowAndLimits() {
        Rate rate = new Rate(100, Duration.ofSeconds(1), 50);
        assertThat(rate.intervalNanos()).isEqualTo(10_000_000);
        assertThat(rate.intervalMicros()).isEqualTo(10_000);
        assertThat(rate.windowSeconds()).isEqualTo(1);
        assertThat(Rate.of(5, Duration.ofMillis(1500)).windowSeconds()).isEqualTo(2);
        assertThat(Rate.of(5, Duration.ofMillis(1500)).burst()).isEqualTo(5);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> Rate.of(2_000_000, Duration.ofSeconds(1)))
            .hasMessage("requests: 2000000 per 1000000 µs is more than one per microsecond (expected: at most "
                + "1000000)");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new Rate(1, Duration.ofSeconds(1), 0))
            .hasMessage("burst: 0 (expected: >= 1)");
    }
}
