package dev.horizon.autoscale;


import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.horizon.sizing.Cpu;
import dev.horizon.sizing.Resources;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SplittableRandom;
import java.util.random.RandomGenerator;
import org.junit.jupiter.api.Test;

/** Each strategy on the simple plant: the exact (count, size) sequence on a load step up and back down. */
class ShapeStrategiesTest {

    /** The HPA's defaults but no scale-down stabilization, so a scale-in shows at once. */
    private static final Behavior QUICK = new Behavior(Rules.DEFAULT_SCALE_UP, new Rules(Duration.ZERO,
        List.of(RatePolicy.percent(100, Duration.ofSeconds(15))), Select.MAX));
    static final VerticalPolicy DOUBLING = new VerticalPolicy(Cpu.millicores(250), Cpu.millicores(2000), null, null,
        new VerticalPolicy.Factor(2), VerticalPolicy.DEFAULT_HALF_LIFE);

    static ScalingPolicy policy(int min, int max, Behavior behavior) {
        return new ScalingPolicy(min, max, Duration.ofSeconds(15), Tolerance.DEFAULT, List.of(Plant.CPU), behavior,
            List.of(), List.of());
    }

    static Plant plant(Strategy strategy, int min, int max, Behavior behavior, String cpu, int count) {
        return new Plant(new Autoscaler(policy(min, max, behavior), strategy, DOUBLING),
            new Resources(Cpu.parse(cpu), null), count);
    }

    /** 300m for 2 periods, 3000m for 8, then 300m for 30. */
    private static double step(int i) {
        return i < 2 || i >= 10 ? 300 : 3000;
    }

    private static List<String> stepRun(Strategy strategy) {
        return Plant.runs(plant(strategy, 1, 4, QUICK, "500m", 1).run(200, ShapeStrategiesTest::step));
    }

    @Test
    void horizontalKeepsTheSize() {
        assertThat(stepRun(Strategy.HORIZONTAL)).containsExactly("1×500m (2)", "4×500m (8)", "1×500m (190)");
    }

    @Test
    void verticalResizesAtAFixedCountAndShrinksOnceTheRecommenderForgetsThePeak() {
        assertThat(stepRun(Strategy.VERTICAL)).containsExactly("1×500m (2)", "1×2000m (39)", "1×500m (159)");
    }

    @Test
    void verticalFirstGrowsStepByStepToMaxCpuThenAddsAndRemovesBeforeShrinking() {
        assertThat(stepRun(Strategy.VERTICAL_FIRST)).containsExactly("1×500m (2)", "1×1000m", "1×2000m",
            "3×2000m (6)", "1×2000m (49)", "1×500m (141)");
    }

    @Test
    void horizontalFirstAddsToTheMaximumThenGrowsAndShrinksBeforeRemoving() {
        assertThat(stepRun(Strategy.HORIZONTAL_FIRST)).containsExactly("1×500m (2)", "4×500m", "4×1000m (37)",
            "4×250m", "2×250m (159)");
    }

    @Test
    void cheapestMovesBothDimensionsInOneDecision() {
        assertThat(stepRun(Strategy.CHEAPEST)).containsExactly("1×500m (2)", "3×2000m (8)", "1×2000m (55)",
            "1×500m (135)");
    }

    @Test
    void decisionsSayWhichDimensionMovedAndWhy() {
        Plant p = plant(Strategy.VERTICAL_FIRST, 1, 4, QUICK, "500m", 1);
        p.run(5, ShapeStrategiesTest::step);

        assertThat(p.decisions()).extracting(d -> DecisionLog.line(d, ZoneOffset.UTC).substring(9, 40)).containsExactly(
            "stayed at 1 × 500m: cpu at 60% ", "stayed at 1 × 500m: cpu at 60% ", "resized 500m → 1000m: cpu at 60",
            "resized 1000m → 2000m: cpu at 3", "scaled 1 → 3: cpu at 150% of re");
        assertThat(p.decisions().get(2).explanation()).isEqualTo("cpu at 600% of requests against a target of 70% "
            + "(ratio 8.57) × 1 ready → 9; needs 4286m of CPU at the target, 1 × 500m give 500m; max-cpu 2000m not "
            + "reached, so bigger before more");
        assertThat(p.decisions().get(4).explanation()).endsWith("size at max-cpu 2000m, so more");
        assertThat(p.decisions().get(4).sizing().capacity()).isCloseTo(4285.714, within(0.001));
    }

    @Test
    void aConstantLoadSettlesAndNeverMovesAgain() {
        for (Behavior b : List.of(QUICK, Behavior.DEFAULT)) {
            assertThat(run(Strategy.HORIZONTAL, b, 5000)).containsExactly("4×500m (100)");
            assertThat(run(Strategy.VERTICAL, b, 1300)).containsExactly("1×2000m (100)");
            assertThat(run(Strategy.VERTICAL_FIRST, b, 1300)).containsExactly("1×1000m", "1×2000m (99)");
            assertThat(run(Strategy.VERTICAL_FIRST, b, 5000)).containsExactly("1×1000m", "1×2000m", "4×2000m (98)");
            assertThat(run(Strategy.HORIZONTAL_FIRST, b, 1300)).containsExactly("4×500m (100)");
            assertThat(run(Strategy.HORIZONTAL_FIRST, b, 5000)).containsExactly("4×500m", "4×1000m",
                "4×2000m (98)");
            assertThat(run(Strategy.CHEAPEST, b, 1300)).containsExactly("1×2000m (100)");
            assertThat(run(Strategy.CHEAPEST, b, 5000)).containsExactly("4×2000m (100)");
        }
    }

    private static List<String> run(Strategy strategy, Behavior behavior, double demand) {
        return Plant.runs(plant(strategy, 1, 4, behavior, "500m", 1).run(100, i -> demand));
    }

    @Test
    void theScaleDownWindowHoldsTheSizeToo() {
        Plant p = plant(Strategy.VERTICAL, 1, 4, Behavior.DEFAULT, "2000m", 1);

        assertThat(Plant.runs(p.run(40, i -> 300))).containsExactly("1×2000m (20)", "1×500m (20)");
        assertThat(p.decisions().get(3).sizing().note()).isEqualTo("scale-down stabilization over 300s held 2000m "
            + "(the highest recommendation in the window)");
    }

    @Test
    void boundsHoldForEveryStrategyUnderARandomLoad() {
        RandomGenerator random = new SplittableRandom(13);
        double[] demand = random.doubles(300, 0, 12_000).toArray();
        for (Strategy s : Strategy.values()) {
            Plant p = plant(s, 2, 5, QUICK, "500m", 2);
            p.run(300, i -> demand[i / 10]);
            for (Decision d : p.decisions()) {
                long cpu = Objects.requireNonNull(d.sizing().after().cpu()).millicores();
                assertThat(d.desired()).as("%s count", s).isBetween(2, 5);
                assertThat(cpu).as("%s cpu", s).isBetween(s == Strategy.HORIZONTAL ? 500L : 250L,
                    s == Strategy.HORIZONTAL ? 500L : 2000L);
            }
        }
    }

    @Test
    void aVerticalStrategyNeedsAVerticalPolicyAndASize() {
        assertThatThrownBy(() -> new Autoscaler(policy(1, 4, QUICK), Strategy.VERTICAL_FIRST, null))
            .hasMessage("strategy vertical-first needs autoscale.vertical (min-cpu, max-cpu)");
        Autoscaler a = new Autoscaler(policy(1, 4, QUICK), Strategy.CHEAPEST, DOUBLING);
        assertThatThrownBy(() -> a.evaluate(Plant.T0, 1, Map.of(), FleetFacts.steady(1)))
            .hasMessage("strategy cheapest decides the size too: call evaluate(now, Shape, readings, facts, usage)");
        assertThatThrownBy(() -> a.evaluate(Plant.T0, new Shape(Resources.UNLIMITED, 1), Map.of(),
            FleetFacts.steady(1), List.of())).hasMessage("size: -/- (expected: a CPU limit under strategy cheapest)");
    }
}
