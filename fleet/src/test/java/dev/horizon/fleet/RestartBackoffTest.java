package dev.horizon.fleet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class RestartBackoffTest {

    @Test
    void doublesFromOneSecondUpToFiveMinutes() {
        assertThat(IntStream.rangeClosed(1, 11).mapToObj(RestartBackoff.DEFAULT::delayAfter).map(Duration::toSeconds))
            .containsExactly(1L, 2L, 4L, 8L, 16L, 32L, 64L, 128L, 256L, 300L, 300L);
    }

    @Test
    void staysAtTheCapForEverAfter() {
        assertThat(RestartBackoff.DEFAULT.delayAfter(Integer.MAX_VALUE)).isEqualTo(Duration.ofMinutes(5));
    }

    @Test
    void capBelowADoublingIsExact() {
        RestartBackoff backoff =
            new RestartBackoff(Duration.ofMillis(300), Duration.ofMillis(1000), Duration.ofMinutes(1));

        assertThat(IntStream.rangeClosed(1, 4).mapToObj(backoff::delayAfter).map(Duration::toMillis))
            .containsExactly(300L, 600L, 1000L, 1000L);
    }

    @Test
    void rejectsBadSettingsByTheirKeys() {
        Duration s = Duration.ofSeconds(1);
        assertThatThrownBy(() -> new RestartBackoff(Duration.ZERO, Duration.ofMinutes(5), Duration.ofMinutes(2)))
            .hasMessage("backoff.initial: 0s (expected: > 0s)");
        assertThatThrownBy(() -> new RestartBackoff(Duration.ofSeconds(2), s, s))
            .hasMessage("backoff.max: 1s is less than backoff.initial: 2s");
        assertThatThrownBy(() -> new RestartBackoff(s, s, Duration.ofMillis(-1)))
            .hasMessage("backoff.reset-after: -1ms (expected: > 0s)");
        assertThatThrownBy(() -> RestartBackoff.DEFAULT.delayAfter(0)).hasMessage("failures: 0 (expected: >= 1)");
    }
}
