package dev.horizon.autoscale;

import static org.assertj.core.api.Assertions.assertThat;

import dev.horizon.sizing.Cpu;
import dev.horizon.sizing.Resources;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A per-instance metric other than CPU (requests per second) under a vertical strategy: its target is written for an
 * instance of the base CPU, and an instance twice that size is held to twice the target, so a bigger instance that
 * carries the same traffic is not read as still overloaded.
 */
class BaseSizeTest {

    private static final MetricSpec RPS = new MetricSpec("rps", new MetricTarget.AverageValue(40));

    /**
     * 200 requests per second in all, spread evenly, 40 per 250m instance: 1250m of need. Vertical-first grows
     * 250m → 500m → 1000m (max-cpu) and then adds the one instance the need asks for, and holds there.
     */
    @Test
    void aBiggerInstanceIsHeldToAProportionallyBiggerTarget() {
        VerticalPolicy v = new VerticalPolicy(Cpu.millicores(250), Cpu.millicores(1000), null, null,
            new VerticalPolicy.Factor(2), VerticalPolicy.DEFAULT_HALF_LIFE, Cpu.millicores(250));
        assertThat(Plant.runs(run(v, 200, 30))).containsExactly("1×500m", "1×1000m", "2×1000m (28)");
    }

    /**
     * The same traffic against a target written for 1000m instances: 40 per 1000m is 10 per 250m, so the need is
     * 200 / 40 × 1000m = 5000m, past 4 × 1000m: the service goes to its bounds, and stays there.
     */
    @Test
    void theBaseIsWhatTheTargetsAreWrittenFor() {
        VerticalPolicy base1000 = new VerticalPolicy(Cpu.millicores(250), Cpu.millicores(1000), null, null,
            new VerticalPolicy.Factor(2), VerticalPolicy.DEFAULT_HALF_LIFE, Cpu.millicores(1000));
        assertThat(Plant.runs(run(base1000, 200, 10))).containsExactly("1×500m", "1×1000m", "4×1000m (8)");
    }

    /** Halve the traffic of the first case: 625m of need, met by one 1000m instance; no second one. */
    @Test
    void lessTrafficStopsAtTheSizeThatCarriesIt() {
        VerticalPolicy v = new VerticalPolicy(Cpu.millicores(250), Cpu.millicores(1000), null, null,
            new VerticalPolicy.Factor(2), VerticalPolicy.DEFAULT_HALF_LIFE, Cpu.millicores(250));
        assertThat(Plant.runs(run(v, 100, 10))).containsExactly("1×500m", "1×1000m (9)");
    }

    private static List<String> run(VerticalPolicy v, double totalRps, int periods) {
        ScalingPolicy policy = new ScalingPolicy(1, 4, Duration.ofSeconds(15), Tolerance.DEFAULT, List.of(RPS),
            Behavior.DEFAULT, List.of(), List.of());
        Autoscaler a = new Autoscaler(policy, Strategy.VERTICAL_FIRST, v);
        Resources size = new Resources(Cpu.millicores(250), null);
        int count = 1;
        List<String> shapes = new ArrayList<>();
        for (int i = 0; i < periods; i++) {
            List<InstanceSample> samples = new ArrayList<>();
            List<InstanceUsage> usage = new ArrayList<>();
            for (int k = 0; k < count; k++) {
                samples.add(InstanceSample.of("i" + k, totalRps / count));
                usage.add(new InstanceUsage("i" + k, 100, null));
            }
            Decision d = a.evaluate(Plant.T0.plusSeconds(15L * i), new Shape(size, count),
                Map.of("rps", MetricReading.of(samples)), FleetFacts.steady(count), usage);
            size = d.sizing().after();
            count = d.desired();
            shapes.add(count + "×" + size.cpu());
        }
        return shapes;
    }
}
