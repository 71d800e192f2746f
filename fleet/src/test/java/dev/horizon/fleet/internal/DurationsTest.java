package dev.horizon.fleet.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class DurationsTest {

    @Test
    void writesDurationsAsHorizonYamlDoes() {
        assertThat(Durations.text(Duration.ZERO)).isEqualTo("0s");
        assertThat(Durations.text(Duration.ofNanos(1))).isEqualTo("1ms");
        assertThat(Durations.text(Duration.ofMillis(250))).isEqualTo("250ms");
        assertThat(Durations.text(Duration.ofMillis(999).plusNanos(1))).isEqualTo("1000ms");
        assertThat(Durations.text(Duration.ofSeconds(2))).isEqualTo("2s");
        assertThat(Durations.text(Duration.ofMillis(1500))).isEqualTo("1.5s");
        assertThat(Durations.text(Duration.ofMillis(7830))).isEqualTo("7.8s");
        assertThat(Durations.text(Duration.ofMinutes(5))).isEqualTo("5m");
        assertThat(Durations.text(Duration.ofSeconds(270))).isEqualTo("4m30s");
        assertThat(Durations.text(Duration.ofSeconds(-1))).isEqualTo("-1s");
    }
}
