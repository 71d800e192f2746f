package dev.horizon.sim.trace;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** The built-in shapes, value by value at the seconds that define them. */
class ShapesTest {

    private static final int HOUR = 3600;
    private static final int DAY = 86_400;

    @Test
    void flashSaleIsTheSeedsHundredRpsAndTenThousandForThirtyMinutes() {
        Trace sale = Traces.generate("flash-sale");

        assertThat(sale.seconds()).isEqualTo(3 * HOUR);
        assertThat(sale.rps(0)).isEqualTo(100);
        assertThat(sale.rps(HOUR - 1)).isEqualTo(100);
        assertThat(sale.rps(HOUR)).isEqualTo(10_000);
        assertThat(sale.rps(HOUR + 1799)).isEqualTo(10_000);
        assertThat(sale.rps(HOUR + 1800)).isEqualTo(100);
        assertThat(Arrays.stream(sale.toArray()).filter(r -> r == 10_000).count()).isEqualTo(30 * 60);
        assertThat(sale.totalRequests()).isEqualTo(9000 * 100 + 1800 * 10_000);
        assertThat(sale.summary()).isEqualTo("3h, 18,900,000 requests, peak 10,000 rps at 1h");
    }

    @Test
    void flashSaleTakesEveryParameter() {
        Trace sale = Traces.generate("flash-sale:base=20,multiplier=2.5,start=10s,length=5s,duration=20s");

        assertThat(sale.toArray()).containsExactly(20, 20, 20, 20, 20, 20, 20, 20, 20, 20, 50, 50, 50, 50, 50, 20, 20,
            20, 20, 20);
    }

    @Test
    void aFlashSaleMayRunToTheEndOfTheTrace() {
        Trace sale = Traces.generate("flash-sale:start=0s,length=3h");

        assertThat(sale.totalRequests()).isEqualTo(3 * HOUR * 10_000);
    }

    @Test
    void spikeAddsItsHeightOnTopOfTheBase() {
        Trace spike = Traces.generate("spike");

        assertThat(spike.seconds()).isEqualTo(15 * 60);
        assertThat(spike.rps(299)).isEqualTo(100);
        assertThat(spike.rps(300)).isEqualTo(1000);
        assertThat(spike.rps(359)).isEqualTo(1000);
        assertThat(spike.rps(360)).isEqualTo(100);
        assertThat(spike.totalRequests()).isEqualTo(840 * 100 + 60 * 1000);
        assertThat(Traces.generate("spike:base=0,height=7,start=1s,length=2s,duration=4s").toArray())
            .containsExactly(0, 7, 7, 0);
    }

    @Test
    void dailyIsAtItsBaseAtTheTroughAndItsPeakAtThePeak() {
        Trace day = Traces.generate("daily");

        assertThat(day.seconds()).isEqualTo(DAY);
        assertThat(day.rps(4 * HOUR)).isEqualTo(100);
        assertThat(day.rps(14 * HOUR)).isEqualTo(1000);
        assertThat(day.rps(9 * HOUR)).as("halfway up").isEqualTo(550);
        assertThat(day.rps(21 * HOUR)).as("halfway down").isEqualTo(550);
        assertThat(day.peakSecond()).isEqualTo(14 * HOUR);
        assertThat(Arrays.stream(day.toArray()).min().orElseThrow()).isEqualTo(100);
        assertThat(day.totalRequests()).as("the mean of a day is the midpoint").isCloseTo(DAY * 550.0, within(1e-3));
    }

    @Test
    void dailyRepeatsEveryDayAndMayPeakBeforeItsTrough() {
        Trace days = Traces.generate("daily:base=10,peak=30,peak-at=2h,trough-at=20h,duration=48h");

        assertThat(days.rps(2 * HOUR)).isEqualTo(30);
        assertThat(days.rps(20 * HOUR)).isEqualTo(10);
        assertThat(days.rps(DAY + 2 * HOUR)).isEqualTo(30);
        assertThat(days.rps(23 * HOUR)).as("halfway from 20h to 2h").isEqualTo(20);
        for (int s = 0; s < DAY; s++) {
            assertThat(days.rps(DAY + s)).isEqualTo(days.rps(s));
        }
    }

    @Test
    void dailyNoiseIsTheSameForTheSameSeed() {
        Trace a = Traces.generate("daily:noise=0.1,seed=7");
        Trace b = Traces.generate("daily:noise=0.1,seed=7");
        Trace c = Traces.generate("daily:noise=0.1,seed=8");

        assertThat(a).isEqualTo(b).isNotEqualTo(c);
        assertThat(a.totalRequests()).isCloseTo(DAY * 550.0, within(DAY * 550.0 * 0.001));
        assertThat(a.rps(0)).as("java.util.Random is specified, so this holds on every JDK")
            .isEqualTo(Traces.generate("daily").rps(0) * (1 + 0.1 * new java.util.Random(7).nextGaussian()));
    }

    @Test
    void growthIsTheSeedsThousandToAMillionUsers() {
        Trace growth = Traces.generate("growth");

        assertThat(growth.seconds()).isEqualTo(4 * DAY);
        // a whole day of a stage has users × requests-per-user requests
        assertThat(growth.totalRequests()).isCloseTo((1_000 + 10_000 + 100_000 + 1_000_000) * 100.0,
            within(1e-3));
        for (int stage = 0; stage < 4; stage++) {
            double mean = 1000 * Math.pow(10, stage) * 100 / DAY;
            assertThat(growth.rps(stage * DAY + 14 * HOUR)).isCloseTo(mean * 1.5, within(mean * 1e-12));
            assertThat(growth.rps(stage * DAY + 4 * HOUR)).isCloseTo(mean * 0.5, within(mean * 1e-12));
        }
        assertThat(growth.summary()).isEqualTo("96h, 111,100,000 requests, peak 1,736 rps at 86h");
    }

    @Test
    void growthStagesStepAtTheirBoundariesAndFlatWithoutADailyCurve() {
        Trace growth = Traces.generate("growth:users=2,factor=3,stages=3,stage=10s,requests-per-user=86400,"
            + "peak-factor=1");

        assertThat(growth.toArray()).containsExactly(2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 6, 6, 6, 6, 6, 6, 6, 6, 6, 6, 18, 18,
            18, 18, 18, 18, 18, 18, 18, 18);
    }
}
