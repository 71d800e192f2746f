package dev.horizon.autoscale;

import static org.assertj.core.api.Assertions.assertThat;

import dev.horizon.sizing.Cpu;
import dev.horizon.sizing.Memory;
import dev.horizon.sizing.Size;
import dev.horizon.sizing.SizeCatalog;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The cheapest pair for a needed capacity, from a catalogue and from a factor ladder, ties to fewer changes. */
class CheapestTest {

    private static final SizeCatalog CATALOG = SizeCatalog.of(List.of(
        new Size("small", Cpu.millicores(1000), Memory.gibibytes(2), 0.05),
        new Size("medium", Cpu.millicores(2000), Memory.gibibytes(4), 0.08),
        new Size("medium-mem", Cpu.millicores(2000), Memory.gibibytes(8), 0.12),
        new Size("large", Cpu.millicores(4000), Memory.gibibytes(8), 0.20),
        new Size("huge", Cpu.millicores(8000), Memory.gibibytes(32), 1.00)));
    private static final VerticalPolicy SIZES = new VerticalPolicy(Cpu.millicores(1000), Cpu.millicores(4000), null,
        null, new VerticalPolicy.NextSize(CATALOG), Duration.ofMinutes(5));

    private static String plan(VerticalPolicy v, double capacity, long currentMillicores, int count) {
        SizeLadder ladder = SizeLadder.of(v, null);
        SizeLadder.Rung current = ladder.atLeast(currentMillicores);
        ShapePlanner.Plan p = ShapePlanner.plan(Strategy.CHEAPEST, capacity, ladder, current, count, 1, 4);
        return p.count() + "×" + (p.size().name() == null ? p.size().size().cpu() : p.size().name());
    }

    @ParameterizedTest(name = "{0}m from {2}×{1}m → {3}")
    @CsvSource({
        "900, 1000, 1, 1×small",         // $0.05
        "1500, 1000, 1, 1×medium",       // $0.08 against 2 small $0.10
        "3500, 1000, 1, 2×medium",       // $0.16 against 4 small $0.20 and 1 large $0.20
        "7000, 1000, 1, 4×medium",       // $0.32 against 2 large $0.40; 7 small is past the maximum 4
        "9000, 1000, 1, 3×large",        // nothing else within 4 instances; huge is past max-cpu
        "20000, 1000, 1, 4×large",       // nothing gives it: the largest pair
    })
    void catalogue(double capacity, long cpu, int count, String expected) {
        assertThat(plan(SIZES, capacity, cpu, count)).isEqualTo(expected);
    }

    @Test
    void theLadderSkipsDearerSizesOfTheSameCpu() {
        assertThat(SizeLadder.of(SIZES, null).rungs()).extracting(SizeLadder.Rung::name)
            .containsExactly("small", "medium", "large");
        assertThat(SizeLadder.of(SIZES, Memory.gibibytes(6)).rungs()).extracting(SizeLadder.Rung::name)
            .containsExactly("medium-mem", "large");
    }

    @ParameterizedTest(name = "{0}m from {2}×{1}m → {3}")
    @CsvSource({
        "1800, 1000, 2, 2×1000m",        // 2 cores whichever way: the current pair changes nothing
        "1800, 2000, 1, 1×2000m",
        "1800, 500, 2, 2×1000m",         // 2 cores every way: the size alone beats 4×500m (more instances), 1×2000m
        "2600, 1000, 2, 3×1000m",        // 3 cores against 4 for 2×2000m
    })
    void factorLadderPricedByCores(double capacity, long cpu, int count, String expected) {
        assertThat(plan(ShapeStrategiesTest.DOUBLING, capacity, cpu, count)).isEqualTo(expected);
    }
}
