package dev.horizon.sim.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.horizon.autoscale.ScalingPolicy;
import dev.horizon.sim.model.CapacityModel;
import dev.horizon.sim.trace.Trace;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.random.RandomGeneratorFactory;
import org.junit.jupiter.api.Test;

/** A replayed trace brings each second's count exactly; a Poisson one draws it. */
class ArrivalsTest {

    /** t += −ln(1 − U) / 100 from L64X128MixRandom seeded 1, computed apart from the engine (jshell). */
    private static final Double[] GOLDEN = {0.023502290725314835, 0.024496501675744572, 0.02495613237839986};

    private static List<Double> all(Arrivals kind, Trace trace, long seed) {
        Arrivals.Source source = kind.over(trace, RandomGeneratorFactory.of("L64X128MixRandom").create(seed));
        List<Double> times = new ArrayList<>();
        for (double t = source.next(0); t < Double.POSITIVE_INFINITY; t = source.next(t)) {
            times.add(t);
        }
        return times;
    }

    private static double[] filled(int seconds, double rps) {
        double[] a = new double[seconds];
        Arrays.fill(a, rps);
        return a;
    }

    private static int[] perSecond(List<Double> times, int seconds) {
        int[] counts = new int[seconds];
        for (double t : times) {
            counts[(int) t]++;
        }
        return counts;
    }

    @Test
    void aReplayedSecondBringsExactlyItsCountInOrder() {
        Trace trace = Trace.of(3, 0, 280, 1, 0);
        for (long seed = 1; seed <= 20; seed++) {
            List<Double> times = all(Arrivals.REPLAY, trace, seed);
            assertThat(perSecond(times, 5)).containsExactly(3, 0, 280, 1, 0);
            assertThat(times).isSorted();
        }
    }

    @Test
    void aFractionalFigureBringsTheFloorOrOneMoreWithTheFractionAsTheChance() {
        Trace trace = Trace.of(filled(10_000, 2.25));
        int[] counts = perSecond(all(Arrivals.REPLAY, trace, 7), 10_000);
        int threes = 0;
        for (int c : counts) {
            assertThat(c).isBetween(2, 3);
            threes += c - 2;
        }
        // a quarter of the seconds bring 3: 2,500 ± 4 standard deviations (43)
        assertThat(threes).isBetween(2_330, 2_670);
    }

    @Test
    void poissonDrawsAreTheSameForASeedAsBeforeReplayExisted() {
        // the first arrivals at 100 req/s for seed 1: the exponential gaps Engine drew before the draws moved here
        List<Double> times = all(Arrivals.POISSON, Trace.of(100, 100), 1);
        assertThat(times.subList(0, 3)).containsExactly(GOLDEN);
    }

    @Test
    void aPoissonSecondVariesAroundItsRate() {
        Trace trace = Trace.of(filled(200, 280));
        int[] counts = perSecond(all(Arrivals.POISSON, trace, 3), 200);
        assertThat(Arrays.stream(counts).filter(c -> c != 280).count()).isGreaterThan(150);
        long total = 0;
        for (int c : counts) {
            total += c;
        }
        // 56,000 expected, standard deviation 237
        assertThat(total).isBetween(55_000L, 57_000L);
    }

    @Test
    void aReplayedSimulationArrivesAsTheTraceSays() {
        Trace trace = Trace.of(40, 41, 0, 7);
        Scenario s = Scenario.builder(trace, CapacityModel.assumed("shop", 10), ScalingPolicy.of(1, 1))
            .arrivals(Arrivals.REPLAY).build();
        Timeline t = Simulation.run(s).timeline();
        assertThat(List.of(t.row(0).arrivals(), t.row(1).arrivals(), t.row(2).arrivals(), t.row(3).arrivals()))
            .containsExactly(40, 41, 0, 7);
        assertThat(Arrivals.parse("replay")).isEqualTo(Arrivals.REPLAY);
        assertThatThrownBy(() -> Arrivals.parse("burst")).hasMessage("burst (expected: poisson or replay)");
    }

    @Test
    void aSecondTooLargeToReplayIsRefusedBeforeTheRunNotByRunningOutOfMemory() {
        Trace huge = Trace.of(5, 20_000_000);
        Scenario.Builder b = Scenario.builder(huge, CapacityModel.assumed("shop", 10), ScalingPolicy.of(1, 1));
        assertThatThrownBy(() -> b.arrivals(Arrivals.REPLAY).build()).hasMessage("replayed arrivals: the trace's "
            + "busiest second (at " + Trace.time(1) + ") brings 20,000,000 requests (expected: at most 10,000,000; "
            + "Poisson arrivals draw any rate)");
        assertThat(b.arrivals(Arrivals.POISSON).build().arrivals()).isEqualTo(Arrivals.POISSON);
        Scenario.builder(Trace.of(10_000_000), CapacityModel.assumed("shop", 10), ScalingPolicy.of(1, 1))
            .arrivals(Arrivals.REPLAY).build();
    }
}
