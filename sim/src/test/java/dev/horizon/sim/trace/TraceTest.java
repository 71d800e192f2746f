package dev.horizon.sim.trace;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class TraceTest {

    @Test
    void totalsPeakAndDurationOfTheRates() {
        Trace trace = Trace.of(1, 5, 2.5, 5, 0);

        assertThat(trace.seconds()).isEqualTo(5);
        assertThat(trace.totalRequests()).isEqualTo(13.5);
        assertThat(trace.peakRps()).isEqualTo(5);
        assertThat(trace.peakSecond()).as("the first second at the peak").isEqualTo(1);
        assertThat(trace.rps(2)).isEqualTo(2.5);
    }

    @Test
    void copiesTheArrayItIsGivenAndTheOneItGives() {
        double[] rates = {1, 2};
        Trace trace = Trace.of(rates);
        rates[0] = 9;
        trace.toArray()[1] = 9;

        assertThat(trace).isEqualTo(Trace.of(1, 2)).hasSameHashCodeAs(Trace.of(1, 2));
    }

    @Test
    void refusesNoSecondsANegativeRateAndNonFiniteRates() {
        assertThatThrownBy(Trace::of).hasMessage("trace: 0 seconds (expected: 1..2678400)");
        assertThatThrownBy(() -> Trace.of(1, 2, -1))
            .hasMessage("trace: rps -1.0 at second 2 (expected: a finite number, 0 or more)");
        assertThatThrownBy(() -> Trace.of(Double.NaN))
            .hasMessage("trace: rps NaN at second 0 (expected: a finite number, 0 or more)");
        assertThatThrownBy(() -> Trace.of(Double.POSITIVE_INFINITY))
            .hasMessage("trace: rps Infinity at second 0 (expected: a finite number, 0 or more)");
        assertThatThrownBy(() -> Trace.of(new double[Trace.MAX_SECONDS + 1]))
            .hasMessage("trace: 2678401 seconds (expected: 1..2678400)");
    }

    @Test
    void summaryIsOneLineForPeople() {
        double[] rates = new double[5400];
        java.util.Arrays.fill(rates, 3600, 3660, 12_345.6);
        rates[0] = 0.125;

        assertThat(Trace.of(rates).summary()).isEqualTo("1h30m, 740,736 requests, peak 12,346 rps at 1h");
        assertThat(Trace.of(0.125, 0.5).summary()).isEqualTo("2s, 1 requests, peak 0.5 rps at 1s");
        assertThat(Trace.of(1.0 / 3).summary()).isEqualTo("1s, 0 requests, peak 0.33 rps at 0s");
    }

    @Test
    void timeLeavesOutZeroParts() {
        assertThat(Trace.time(0)).isEqualTo("0s");
        assertThat(Trace.time(45)).isEqualTo("45s");
        assertThat(Trace.time(3600)).isEqualTo("1h");
        assertThat(Trace.time(3605)).isEqualTo("1h5s");
        assertThat(Trace.time(5400)).isEqualTo("1h30m");
        assertThat(Trace.time(Trace.MAX_SECONDS)).isEqualTo("744h");
    }
}
