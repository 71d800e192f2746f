package dev.horizon.autoscale;

import static org.assertj.core.api.Assertions.assertThat;

import dev.horizon.sizing.Cpu;
import dev.horizon.sizing.Resources;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Corners of the two-dimension law that once hung or threw. */
class ShapeEdgeCasesTest {

    /** A factor so close to 1 that a rung times it rounds back to the same millicore still climbs to max-cpu. */
    @Test
    void aFactorJustAboveOneStillReachesMaxCpu() {
        VerticalPolicy v = new VerticalPolicy(Cpu.millicores(250), Cpu.millicores(255), null, null,
            new VerticalPolicy.Factor(1.0000001), VerticalPolicy.DEFAULT_HALF_LIFE);
        assertThat(SizeLadder.of(v, null).rungs()).extracting(SizeLadder.Rung::millicores)
            .containsExactly(250L, 251L, 252L, 253L, 254L, 255L);
    }

    /**
     * A scheduled action with {@code max: 0} (the service off at night) under a vertical strategy: the count goes to
     * 0 by the count law, the size stays, and nothing throws.
     */
    @Test
    void aScheduledScaleToZeroTakesTheCountLaw() {
        ScheduledAction night = new ScheduledAction(Cron.parse("0 22 * * *"), ZoneOffset.UTC, 0, 0, null);
        ScalingPolicy policy = new ScalingPolicy(1, 4, Duration.ofSeconds(15), Tolerance.DEFAULT, List.of(Plant.CPU),
            Behavior.DEFAULT, List.of(), List.of(night));
        Autoscaler a = new Autoscaler(policy, Strategy.VERTICAL_FIRST, ShapeStrategiesTest.DOUBLING);
        Resources size = new Resources(Cpu.millicores(500), null);
        List<InstanceSample> busy = List.of(InstanceSample.usage("i0", 500, 500), InstanceSample.usage("i1", 500, 500));
        a.evaluate(Plant.T0.plusSeconds(35_985), new Shape(size, 2),
            Map.of("cpu", MetricReading.of(busy)), FleetFacts.steady(2), List.of());
        Decision d = a.evaluate(Plant.T0.plusSeconds(36_000), new Shape(size, 2),
            Map.of("cpu", MetricReading.of(busy)), FleetFacts.steady(2), List.of());
        assertThat(d.bounds().max()).isZero();
        assertThat(d.desired()).isZero();
        assertThat(d.sizing().after()).isEqualTo(size);
    }
}
