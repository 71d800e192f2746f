package dev.horizon.autoscale;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

/** Step scaling with EC2 Auto Scaling's semantics, including the example of its documentation. */
class StepScalingTest {

    private static final Instant T0 = Instant.parse("2030-01-01T12:00:00Z");
    private static final StepPolicy.AdjustmentType PERCENT = StepPolicy.AdjustmentType.PERCENT_CHANGE_IN_CAPACITY;

    /** Threshold 50: +10 % at [+10, +20), +30 % at [+20, ∞), 5 minutes of warm-up. */
    private static StepPolicy awsExample() {
        return new StepPolicy("cpu", 50, PERCENT, List.of(new StepPolicy.Step(20.0, null, 30),
            new StepPolicy.Step(10.0, 20.0, 10)), 0, Duration.ofMinutes(5));
    }

    private static StepPolicy.Step step(@Nullable Double lower, @Nullable Double upper, int adjustment) {
        return new StepPolicy.Step(lower, upper, adjustment);
    }

    @Test
    void awsDocumentationExample() {
        StepScaling s = new StepScaling(awsExample());

        Proposal first = s.propose(T0, 10, MetricReading.single(60));
        // after the new instance warmed up, capacity 11: 30 % of 11 = 3.3 → 3
        Proposal second = s.propose(T0.plus(Duration.ofMinutes(6)), 11, MetricReading.single(70));

        assertThat(first.replicas()).isEqualTo(11);
        assertThat(first.reason()).isEqualTo("cpu at 60 (threshold 50) is in step [+10, +20) +10 % → 11");
        assertThat(second.replicas()).isEqualTo(14);
    }

    @Test
    void breachInTheSameStepWhileWarmingAddsNothing() {
        StepScaling s = new StepScaling(awsExample());
        s.propose(T0, 10, MetricReading.single(60));

        Proposal again = s.propose(T0.plusSeconds(60), 11, MetricReading.single(65));

        assertThat(again.replicas()).isEqualTo(11);
        assertThat(again.reason()).endsWith("again while added instances warm up → stays 11");
    }

    @Test
    void breachInAHigherStepWhileWarmingAddsOnlyTheDifference() {
        StepScaling s = new StepScaling(awsExample());
        s.propose(T0, 10, MetricReading.single(60));

        // from the 10 before the warm-up: 30 % of 10 = 3 → 13, of which 1 is already there
        Proposal higher = s.propose(T0.plusSeconds(60), 11, MetricReading.single(75));

        assertThat(higher.replicas()).isEqualTo(13);
    }

    @Test
    void metricInNoStepProposesNothing() {
        StepScaling s = new StepScaling(awsExample());

        Proposal p = s.propose(T0, 10, MetricReading.single(55));

        assertThat(p.isEmpty()).isTrue();
        assertThat(p.reason()).isEqualTo("cpu at 55 (threshold 50) is in no step");
    }

    @Test
    void boundsAreInclusiveTowardTheThreshold() {
        StepPolicy p = new StepPolicy("q", 100, StepPolicy.AdjustmentType.CHANGE_IN_CAPACITY,
            List.of(step(null, -10.0, -2), step(-10.0, 0.0, -1), step(0.0, 10.0, 1), step(10.0, null, 3)), 0,
            Duration.ZERO);

        assertThat(p.stepOf(100)).isEqualTo(2);  // lower bound inclusive above the threshold
        assertThat(p.stepOf(110)).isEqualTo(3);
        assertThat(p.stepOf(109.9)).isEqualTo(2);
        assertThat(p.stepOf(90)).isEqualTo(0);   // upper bound inclusive below it
        assertThat(p.stepOf(90.1)).isEqualTo(1);
        assertThat(p.stepOf(99.9)).isEqualTo(1);
    }

    @Test
    void scaleInStepLowersTheCapacity() {
        StepPolicy p = new StepPolicy("q", 100, StepPolicy.AdjustmentType.CHANGE_IN_CAPACITY,
            List.of(step(null, -10.0, -2), step(-10.0, 0.0, -1)), 0, Duration.ZERO);

        assertThat(new StepScaling(p).propose(T0, 6, MetricReading.single(50)).replicas()).isEqualTo(4);
        assertThat(new StepScaling(p).propose(T0, 6, MetricReading.single(95)).replicas()).isEqualTo(5);
    }

    @Test
    void exactCapacitySetsTheCount() {
        StepPolicy p = new StepPolicy("q", 100, StepPolicy.AdjustmentType.EXACT_CAPACITY,
            List.of(step(0.0, null, 8)), 0, Duration.ZERO);

        assertThat(new StepScaling(p).propose(T0, 3, MetricReading.single(150)).replicas()).isEqualTo(8);
    }

    @Test
    void percentChangesRoundAwayFromZeroBelowOneInstanceAndTowardItAbove() {
        assertThat(StepPolicy.roundPercent(3.7)).isEqualTo(3);
        assertThat(StepPolicy.roundPercent(1.0)).isEqualTo(1);
        assertThat(StepPolicy.roundPercent(0.2)).isEqualTo(1);
        assertThat(StepPolicy.roundPercent(0.0)).isEqualTo(0);
        assertThat(StepPolicy.roundPercent(-0.2)).isEqualTo(-1);
        assertThat(StepPolicy.roundPercent(-1.0)).isEqualTo(-1);
        assertThat(StepPolicy.roundPercent(-3.7)).isEqualTo(-3);
    }

    @Test
    void minAdjustmentRaisesASmallPercentChange() {
        StepPolicy p = new StepPolicy("q", 0, PERCENT, List.of(step(0.0, null, 10)), 2, Duration.ZERO);

        assertThat(p.apply(0, 10)).isEqualTo(12);  // 10 % of 10 = 1, raised to 2
        assertThat(p.apply(0, 40)).isEqualTo(44);  // 4 already exceeds it
    }

    @Test
    void perInstanceReadingIsAveragedOverReadyWarmedInstances() {
        StepPolicy p = new StepPolicy("cpu", 50, StepPolicy.AdjustmentType.CHANGE_IN_CAPACITY,
            List.of(step(0.0, null, 1)), 0, Duration.ZERO);
        MetricReading r = MetricReading.of(InstanceSample.of("a", 60), InstanceSample.of("b", 40),
            InstanceSample.of("c", 500).asWarming(), InstanceSample.of("d", 500).withReady(false));

        Proposal proposal = new StepScaling(p).propose(T0, 4, r);

        assertThat(proposal.observed()).isEqualTo(50.0);
        assertThat(proposal.replicas()).isEqualTo(5);
    }

    @Test
    void cpuSamplesGiveTheUtilizationPercent() {
        StepScaling s = new StepScaling(awsExample());
        MetricReading cpu = MetricReading.of(InstanceSample.usage("a", 1300, 2000), InstanceSample.usage("b", 1100,
            2000));

        Proposal p = s.propose(T0, 10, cpu);

        // 2400 of 4000 millicores = 60 %
        assertThat(p.observed()).isEqualTo(60.0);
        assertThat(p.replicas()).isEqualTo(11);
    }

    @Test
    void stepsMustBeContiguous() {
        assertThatThrownBy(() -> new StepPolicy("q", 0, PERCENT, List.of(step(0.0, 10.0, 1), step(20.0, null, 2)), 0,
            Duration.ZERO)).hasMessage("adjustments: [+0, +10) and [+20, +∞) leave a gap (expected: each step "
                + "starting where the previous one ends)");
        assertThatThrownBy(() -> new StepPolicy("q", 0, PERCENT, List.of(step(0.0, 20.0, 1), step(10.0, null, 2)), 0,
            Duration.ZERO)).hasMessage("adjustments: [+0, +20) and [+10, +∞) overlap (expected: each step starting "
                + "where the previous one ends)");
        assertThatThrownBy(() -> new StepPolicy("q", 0, PERCENT, List.of(step(null, 0.0, 1), step(null, 10.0, 2)), 0,
            Duration.ZERO)).hasMessageStartingWith("adjustments: (-∞, +0) and (-∞, +10) overlap");
    }

    @Test
    void invalidSettingsAreRefusedWithTheirKey() {
        assertThatThrownBy(() -> step(10.0, 5.0, 1)).hasMessage("upper: 5 (expected: above lower 10)");
        assertThatThrownBy(() -> new StepPolicy("q", 0, StepPolicy.AdjustmentType.CHANGE_IN_CAPACITY,
            List.of(step(0.0, null, 1)), 2, Duration.ZERO))
            .hasMessage("min-adjustment: 2 (expected: only with percent adjustments)");
        assertThatThrownBy(() -> new StepPolicy("q", 0, StepPolicy.AdjustmentType.EXACT_CAPACITY,
            List.of(step(0.0, null, -1)), 0, Duration.ZERO))
            .hasMessage("adjustment: -1 (expected: >= 0 for an exact capacity)");
        assertThatThrownBy(() -> new StepPolicy("q", 0, PERCENT, List.of(), 0, Duration.ZERO))
            .hasMessage("adjustments: [] (expected: at least one step)");
    }
}
