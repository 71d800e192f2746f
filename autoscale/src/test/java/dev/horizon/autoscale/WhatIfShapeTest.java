package dev.horizon.autoscale;

import static org.assertj.core.api.Assertions.assertThat;

import dev.horizon.sizing.Resources;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What-if in both dimensions: the strategy's plan, then the count law over the case's history. */
class WhatIfShapeTest {

    private static WhatIf.Case cpuCase(int current, double usagePerInstance, long request) {
        List<InstanceSample> samples = new java.util.ArrayList<>();
        for (int i = 0; i < current; i++) {
            samples.add(InstanceSample.usage("i" + i, usagePerInstance, request));
        }
        return new WhatIf.Case(current, 1, 4, Tolerance.DEFAULT, Plant.CPU, MetricReading.of(samples), current,
            Behavior.DEFAULT, List.of(), List.of(), null);
    }

    @Test
    void verticalFirstResizesBeforeAddingAndSaysSo() {
        WhatIf.Sized s = WhatIf.evaluate(cpuCase(1, 460, 500), Strategy.VERTICAL_FIRST, ShapeStrategiesTest.DOUBLING,
            new Resources(dev.horizon.sizing.Cpu.millicores(500), null));

        assertThat(s.toJson()).isEqualTo("{\"desired\": 1, \"raw\": 1, \"utilization\": 92, \"sizeBefore\": "
            + "\"500m/-\", \"size\": \"1000m/-\", \"reason\": \"cpu at 92% of requests against a target of 70% "
            + "(ratio 1.31) × 1 ready → 2; needs 658m of CPU at the target, 1 × 500m give 500m; max-cpu 2000m not "
            + "reached, so bigger before more\"}");
    }

    @Test
    void horizontalIsTodaysWhatIf() {
        WhatIf.Case c = cpuCase(1, 460, 500);
        WhatIf.Sized s = WhatIf.evaluate(c, Strategy.HORIZONTAL, ShapeStrategiesTest.DOUBLING,
            new Resources(dev.horizon.sizing.Cpu.millicores(500), null));

        assertThat(s.count()).isEqualTo(WhatIf.evaluate(c));
        assertThat(s.size()).isEqualTo(s.before());
    }
}
