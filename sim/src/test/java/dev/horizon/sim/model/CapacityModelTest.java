package dev.horizon.sim.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.horizon.sizing.Cpu;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Curves by CPU size: measured, interpolated, scaled; and the model file both ways. */
class CapacityModelTest {

    private static final SizeCurve SMALL = new SizeCurve(Cpu.parse("250m"), new UniversalScalability(0.1, 0.001, 100),
        9.5, List.of(new ProfilePoint(1, 100, 9.5, 12), new ProfilePoint(2, 180, 10.5, 14)));
    private static final SizeCurve LARGE =
        SizeCurve.of(Cpu.parse("1000m"), new UniversalScalability(0.04, 0.0004, 400));
    private static final CapacityModel MODEL = new CapacityModel("shop", List.of(LARGE, SMALL));

    @Test
    void measuredSizesComeBackAsMeasuredAndSorted() {
        assertThat(MODEL.curves()).containsExactly(SMALL, LARGE);
        assertThat(MODEL.at(Cpu.parse("250m"))).isSameAs(SMALL);
        assertThat(LARGE.serviceTimeMs()).isEqualTo(2.5);
    }

    @Test
    void betweenTwoSizesEveryCoefficientIsInterpolatedInTheCpu() {
        SizeCurve mid = MODEL.at(Cpu.parse("500m"));
        // 500m is a third of the way from 250m to 1000m
        assertThat(mid.usl().lambda()).isCloseTo(200, within(1e-9));
        assertThat(mid.usl().sigma()).isCloseTo(0.08, within(1e-12));
        assertThat(mid.usl().kappa()).isCloseTo(0.0008, within(1e-12));
        assertThat(mid.serviceTimeMs()).isCloseTo(9.5 - 7.0 / 3, within(1e-9));
        assertThat(mid.points()).isEmpty();
    }

    @Test
    void outsideTheMeasuredSizesLambdaScalesWithTheCpu() {
        SizeCurve big = MODEL.at(Cpu.parse("2"));
        assertThat(big.usl().lambda()).isEqualTo(800);
        assertThat(big.usl().sigma()).isEqualTo(0.04);
        assertThat(big.serviceTimeMs()).isEqualTo(1.25);
        SizeCurve tiny = MODEL.at(Cpu.parse("125m"));
        assertThat(tiny.usl().lambda()).isEqualTo(50);
        assertThat(tiny.serviceTimeMs()).isEqualTo(19);
    }

    @Test
    void anAssumedModelIsCpuBound() {
        CapacityModel m = CapacityModel.assumed("api", 4);
        // half a core: one request at a time at half speed
        assertThat(m.at(Cpu.parse("500m")).usl().lambda()).isEqualTo(125);
        assertThat(m.at(Cpu.parse("500m")).capacity(100)).isCloseTo(125, within(1e-9));
        assertThat(m.at(Cpu.parse("500m")).serviceTimeMs()).isEqualTo(8);
        // four cores: one request takes 4 ms, and four of them run at once
        SizeCurve four = m.at(Cpu.parse("4"));
        assertThat(four.throughput(1)).isEqualTo(250);
        assertThat(four.capacity(1_000_000)).isCloseTo(1000, within(0.01));
        assertThat(four.serviceTimeMs()).isEqualTo(4);
    }

    @Test
    void capacityStopsAtTheUslPeak() {
        // peak at floor(sqrt(0.9 / 0.001)) = 30
        assertThat(SMALL.capacity(1000)).isEqualTo(SMALL.throughput(30));
        assertThat(SMALL.capacity(3)).isEqualTo(SMALL.throughput(3));
    }

    @Test
    void theFileRoundTrips() {
        String text = CapacityModelJson.write(MODEL);
        assertThat(text).contains("\"peak-concurrency\" : 30", "\"service-time-ms\" : 9.5", "\"p95-ms\" : 14.0");
        assertThat(CapacityModelJson.read(text)).isEqualTo(MODEL);
    }

    @Test
    void theCpuEachStepUsedRoundTripsAndIsTheDemandBetweenTheSteps() {
        SizeCurve measured = new SizeCurve(Cpu.parse("1500m"), new UniversalScalability(0.2, 0, 130), 7.6, List.of(
            new ProfilePoint(1, 130, 4.6, 36.9, 620), new ProfilePoint(2, 253, 3.1, 45.1, 950),
            new ProfilePoint(4, 377, 2.8, 73.7, 1050), new ProfilePoint(16, 546, 13.3, 147.5, 1500)));
        CapacityModel m = new CapacityModel("shop", List.of(measured));
        String text = CapacityModelJson.write(m);
        assertThat(text).contains("\"cpu-m\" : 620.0");
        assertThat(CapacityModelJson.read(text)).isEqualTo(m);

        assertThat(measured.demand(0)).isZero();
        assertThat(measured.demand(1)).isEqualTo(620.0);
        assertThat(measured.demand(1.5)).isEqualTo(785.0);
        assertThat(measured.demand(3)).isEqualTo(1000.0);
        assertThat(measured.demand(10)).isEqualTo(1275.0);
        assertThat(measured.demand(64)).isEqualTo(1500.0);
        // without the CPU of every step there is no measured demand: the simulator prices X(n) / X_max of the size
        assertThat(SMALL.demand(1)).isNaN();
        assertThat(LARGE.demand(1)).isNaN();
        // a step whose CPU was not read is left out, the others still price the curve
        SizeCurve partial = new SizeCurve(Cpu.parse("1500m"), new UniversalScalability(0.2, 0, 130), 7.6, List.of(
            new ProfilePoint(1, 130, 4.6, 36.9, 620), new ProfilePoint(2, 253, 3.1, 45.1),
            new ProfilePoint(4, 377, 2.8, 73.7, 1050)));
        assertThat(partial.demand(2)).isCloseTo(620 + 430 / 3.0, within(1e-9));
        assertThatThrownBy(() -> new ProfilePoint(1, 1, 1, 1, -5)).hasMessage("cpu-m: -5.0 (expected: a number >= 0)");
    }

    @Test
    void serviceTimeAndPointsAreOptional() {
        CapacityModel m = CapacityModelJson.read("{\"sizes\": [{\"cpu\": \"1\", \"lambda\": 200, \"sigma\": 0,"
            + " \"kappa\": 0}]}");
        assertThat(m.service()).isEmpty();
        assertThat(m.curves().getFirst().serviceTimeMs()).isEqualTo(5);
    }

    @Test
    void badFilesNameWhatIsWrong() {
        assertThatThrownBy(() -> CapacityModelJson.read("{\"sizes\": [{\"cpu\": \"1\", \"lamda\": 2}]}"))
            .hasMessage("sizes[0].lamda: unknown key (did you mean 'lambda'?) (expected one of [cpu, kappa, lambda, "
                + "peak-concurrency, peak-throughput, points, service-time-ms, sigma])");
        assertThatThrownBy(() -> CapacityModelJson.read("{\"sizes\": [{\"cpu\": \"1\", \"lambda\": 2, \"sigma\": 1.5,"
            + " \"kappa\": 0}]}")).hasMessage("sizes[0].sigma: 1.5 (expected: 0 ≤ σ ≤ 1)");
        assertThatThrownBy(() -> CapacityModelJson.read("{\"sizes\": [{\"cpu\": \"1\", \"lambda\": 2, \"sigma\": 0,"
            + " \"kappa\": 0, \"points\": [{\"concurrency\": 1, \"throughput\": 1, \"p50-ms\": 3, \"p95-ms\": 2}]}]}"))
            .hasMessage("sizes[0].points[0].p95-ms: 2.0 (expected: >= p50-ms 3.0)");
        assertThatThrownBy(() -> CapacityModelJson.read("{\"sizes\": []}"))
            .hasMessage("sizes: none (expected: at least one measured CPU size)");
        assertThatThrownBy(() -> CapacityModelJson.read("[1"))
            .hasMessageStartingWith("not JSON: ");
    }
}
