package dev.horizon.sizing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class CpuTest {

    @Test
    void readsMillicoresAndCoresAsKubernetesWritesThem() {
        assertThat(Cpu.parse("500m").millicores()).isEqualTo(500);
        assertThat(Cpu.parse("1").millicores()).isEqualTo(1000);
        assertThat(Cpu.parse("1.5").millicores()).isEqualTo(1500);
        assertThat(Cpu.parse("0.25").millicores()).isEqualTo(250);
        assertThat(Cpu.parse(" 2000m ").millicores()).isEqualTo(2000);
    }

    @Test
    void printsMillicoresThatReadBack() {
        for (String text : new String[] {"10m", "250m", "1500m", "64000m"}) {
            assertThat(Cpu.parse(text).toString()).isEqualTo(text);
        }
        assertThat(Cpu.parse("1.5")).hasToString("1500m");
    }

    @Test
    void refusesWhatTheKernelCannotEnforceOrTheSyntaxDoesNotAllow() {
        assertThatThrownBy(() -> Cpu.parse("5m")).hasMessage("5m (expected: 10m..1024 cores)");
        assertThatThrownBy(() -> Cpu.parse("0.0005")).hasMessageContaining("a whole number of millicores");
        assertThatThrownBy(() -> Cpu.parse("500 m")).hasMessage(Cpu.EXPECTED);
        assertThatThrownBy(() -> Cpu.parse("-1")).hasMessage(Cpu.EXPECTED);
        assertThatThrownBy(() -> Cpu.parse("1.5m")).hasMessage(Cpu.EXPECTED);
        assertThatThrownBy(() -> Cpu.parse("2000")).hasMessage("2000000m (expected: 10m..1024 cores)");
    }

    @Test
    void multipliesRoundingUpToAMillicoreWithinTheRange() {
        assertThat(Cpu.millicores(500).times(2)).isEqualTo(Cpu.millicores(1000));
        assertThat(Cpu.millicores(333).times(1.15)).isEqualTo(Cpu.millicores(383));
        assertThat(Cpu.millicores(10).times(0.1)).isEqualTo(Cpu.millicores(10));
    }
}
