package dev.horizon.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The timeouts' refusals show durations as the configuration writes them, never as ISO-8601 ({@code PT30M}). */
class SessionTimeoutsTest {

    @Test
    void refusesAnIdleTimeoutBelowOneMillisecond() {
        assertThatThrownBy(() -> new SessionTimeouts(Duration.ofNanos(500), Duration.ofHours(1)))
            .isInstanceOf(IllegalArgumentException.class)
            .hasMessage("idle timeout: 0.0005ms (expected: at least 1ms)");
    }

    @Test
    void refusesALifetimeShorterThanTheIdleTimeout() {
        assertThatThrownBy(() -> new SessionTimeouts(Duration.ofMinutes(30), Duration.ofMinutes(10)))
            .isInstanceOf(IllegalArgumentException.class)
            .hasMessage("max lifetime: 600s (expected: at least the idle timeout, 1800s)");
    }

    @Test
    void expiresAtTheEarlierOfIdleAndLifetime() {
        Instant created = Instant.parse("2026-01-01T00:00:00Z");

        assertThat(SessionTimeouts.DEFAULT.expiry(created, created.plusSeconds(60)))
            .isEqualTo(created.plusSeconds(60).plus(Duration.ofMinutes(30)));
        assertThat(SessionTimeouts.DEFAULT.expiry(created, created.plus(Duration.ofHours(12))))
            .isEqualTo(created.plus(Duration.ofHours(12)));
    }
}
