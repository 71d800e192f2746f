package dev.horizon.limit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class AimdLimitTest {

    private static final long MS = 1_000_000L;
    private static final long TIMEOUT = 5_000 * MS;

    @Test
    void growsByOneWhileHalfInUseAndBacksOffByTheRatioOnADropOrATimeout() {
        AimdLimit limit = new AimdLimit(20, 10, 30, 0.9, TIMEOUT);
        limit.onSample(0, 10 * MS, 10, false);
        assertThat(limit.limit()).isEqualTo(21);
        limit.onSample(1, 10 * MS, 10, false);
        assertThat(limit.limit()).as("10 of 21 is less than half").isEqualTo(21);
        limit.onSample(2, 10 * MS, 21, true);
        assertThat(limit.limit()).as("21 × 0.9 = 18.9").isEqualTo(18);
        limit.onSample(3, 5_001 * MS, 18, false);
        assertThat(limit.limit()).as("slower than the timeout: 18 × 0.9 = 16.2").isEqualTo(16);
        limit.onSample(4, 5_000 * MS, 16, false);
        assertThat(limit.limit()).as("exactly the timeout is an answer").isEqualTo(17);
    }

    @Test
    void staysWithinMinAndMax() {
        AimdLimit limit = new AimdLimit(10, 10, 12, 0.5, TIMEOUT);
        limit.onSample(0, MS, 10, true);
        assertThat(limit.limit()).isEqualTo(10);
        for (int i = 0; i < 5; i++) {
            limit.onSample(i, MS, 12, false);
        }
        assertThat(limit.limit()).isEqualTo(12);
    }

    @Test
    void refusesABackoffRatioOutsideHalfToOne() {
        assertThatThrownBy(() -> new AimdLimit(20, 20, 200, 1.0, TIMEOUT))
            .hasMessage("backoff ratio: 1.0 (expected: 0.5 <= ratio < 1)");
        assertThatThrownBy(() -> new AimdLimit(20, 30, 200, 0.9, TIMEOUT))
            .hasMessage("initial: 20 (expected: 30..200)");
        assertThatThrownBy(() -> ConcurrencyLimit.aimd(0, 200, java.time.Duration.ofSeconds(1)))
            .hasMessage("min: 0 (expected: >= 1)");
        assertThatThrownBy(() -> ConcurrencyLimit.gradient2(50, 20)).hasMessage("max: 20 (expected: >= min, 50)");
        assertThatThrownBy(() -> ConcurrencyLimit.fixed(0)).hasMessage("max: 0 (expected: >= 1)");
    }
}
