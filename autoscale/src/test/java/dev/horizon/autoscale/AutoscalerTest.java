package dev.horizon.autoscale;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import dev.horizon.sizing.Resources;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The loop: metrics combined, history kept, scale-in held while instances warm up, schedules in force, the log. */
class AutoscalerTest {

    private static final Instant T0 = Instant.parse("2030-01-07T12:00:00Z");  // a Monday
    private static final MetricSpec INFLIGHT = new MetricSpec("inflight", new MetricTarget.AverageValue(20));
    private static final MetricSpec CPU = new MetricSpec("cpu", new MetricTarget.Utilization(50));
    /** No stabilization down, so a scale-in shows at once. */
    private static final Behavior QUICK = new Behavior(Rules.DEFAULT_SCALE_UP, new Rules(Duration.ZERO,
        List.of(RatePolicy.percent(100, Duration.ofSeconds(15))), Select.MAX));

    private static MetricReading inflight(double... values) {
        List<InstanceSample> samples = new ArrayList<>();
        for (int i = 0; i < values.length; i++) {
            samples.add(InstanceSample.of("i" + i, values[i]));
        }
        return MetricReading.of(samples);
    }

    private static Map<String, MetricReading> reading(MetricReading r) {
        return Map.of("inflight", r);
    }

    @Test
    void scalesOutAndSaysWhy() {
        Autoscaler a = new Autoscaler(ScalingPolicy.of(1, 10, INFLIGHT));

        Decision d = a.evaluate(T0, 2, reading(inflight(41, 41)), FleetFacts.steady(2));

        assertThat(d.desired()).isEqualTo(5);
        assertThat(d.raw()).isEqualTo(5);
        assertThat(d.proposals()).extracting(Proposal::ratio).containsExactly(2.05);
        assertThat(DecisionLog.line(d, ZoneOffset.UTC)).isEqualTo("12:00:00 scaled 2 → 5: inflight averaged 41.0 per "
            + "ready instance against a target of 20 (ratio 2.05) × 2 ready → 5");
    }

    @Test
    void rateLimitCountsItsOwnScaleOuts() {
        Autoscaler a = new Autoscaler(ScalingPolicy.of(1, 100, INFLIGHT));

        Decision first = a.evaluate(T0, 2, reading(inflight(200, 200)), FleetFacts.steady(2));
        // 5 s later the 15 s period started at 2: max(2 + 4, 2 × 2) = 6
        Decision second = a.evaluate(T0.plusSeconds(5), 6, reading(inflight(200, 200, 200, 200, 200, 200)),
            FleetFacts.steady(6));

        assertThat(first.desired()).isEqualTo(6);
        assertThat(first.explanation()).endsWith("; scale-up limit max(+4, +100 %) per 15s allowed 6");
        assertThat(second.desired()).isEqualTo(6);
        assertThat(a.evaluate(T0.plusSeconds(16), 6, reading(inflight(200, 200, 200, 200, 200, 200)),
            FleetFacts.steady(6)).desired()).isEqualTo(12);
    }

    @Test
    void firstEvaluationSeedsTheScaleDownWindowWithTheCurrentCount() {
        Autoscaler a = new Autoscaler(ScalingPolicy.of(1, 10, INFLIGHT));
        MetricReading low = inflight(4, 4, 4, 4, 4);

        Decision held = a.evaluate(T0, 5, reading(low), FleetFacts.steady(5));
        Decision later = a.evaluate(T0.plusSeconds(301), 5, reading(low), FleetFacts.steady(5));

        assertThat(held.raw()).isEqualTo(1);
        assertThat(held.desired()).isEqualTo(5);
        assertThat(held.stabilization().note()).isEqualTo("scale-down stabilization over 300s held 5 (the highest "
            + "recommendation in the window)");
        assertThat(later.desired()).isEqualTo(1);
    }

    @Test
    void neverScalesInWhileInstancesStartOrWarm() {
        Autoscaler a = new Autoscaler(ScalingPolicy.of(1, 10, INFLIGHT).withBehavior(QUICK));
        MetricReading low = inflight(4, 4, 4, 4);

        Decision starting = a.evaluate(T0, 6, reading(low), new FleetFacts(4, 2, 0));
        Decision warming = a.evaluate(T0.plusSeconds(1), 6, reading(low), new FleetFacts(4, 0, 2));
        Decision settled = a.evaluate(T0.plusSeconds(2), 6, reading(low), FleetFacts.steady(6));

        assertThat(starting.desired()).isEqualTo(6);
        assertThat(starting.hold().note()).isEqualTo("no scale-in while 2 instance(s) start and 0 warm up");
        assertThat(warming.desired()).isEqualTo(6);
        assertThat(settled.desired()).isEqualTo(1);
    }

    @Test
    void scalesOutWhileInstancesWarmWithoutCountingTheirSamples() {
        Autoscaler a = new Autoscaler(ScalingPolicy.of(1, 20, INFLIGHT));
        MetricReading r = MetricReading.of(InstanceSample.of("a", 60), InstanceSample.of("b", 60),
            InstanceSample.of("c", 0).asWarming(), InstanceSample.of("d", 0).asWarming());

        Decision d = a.evaluate(T0, 4, reading(r), new FleetFacts(2, 0, 2));

        // ready average 60 → ratio 3; the warming pair at 0: 120 / 4 = 30 → ratio 1.5 × 4 → 6
        assertThat(d.desired()).isEqualTo(6);
    }

    @Test
    void largestProposalWins() {
        Autoscaler a = new Autoscaler(ScalingPolicy.of(1, 20, INFLIGHT, CPU).withBehavior(QUICK));
        MetricReading cpu = MetricReading.of(InstanceSample.usage("a", 900, 1000), InstanceSample.usage("b", 900,
            1000));

        Decision d = a.evaluate(T0, 2, Map.of("inflight", inflight(30, 30), "cpu", cpu), FleetFacts.steady(2));

        assertThat(d.proposals()).extracting(Proposal::replicas).containsExactly(3, 4);
        assertThat(d.desired()).isEqualTo(4);
        assertThat(d.proposals().get(1).utilization()).isEqualTo(90);
    }

    @Test
    void failedMetricBlocksAScaleDownButNotAScaleUp() {
        Autoscaler a = new Autoscaler(ScalingPolicy.of(1, 20, INFLIGHT, CPU).withBehavior(QUICK));

        Decision down = a.evaluate(T0, 4, Map.of("inflight", inflight(5, 5, 5, 5)), FleetFacts.steady(4));
        Decision up = a.evaluate(T0.plusSeconds(1), 4, Map.of("inflight", inflight(40, 40, 40, 40)),
            FleetFacts.steady(4));

        assertThat(down.desired()).isEqualTo(4);
        assertThat(down.explanation()).isEqualTo("a metric failed and the others propose 1, below 4; cpu: no reading"
            + " → stays 4");
        assertThat(up.desired()).isEqualTo(8);
        assertThat(up.explanation()).endsWith("; ignoring cpu: no reading");
    }

    @Test
    void everyMetricFailingKeepsTheCount() {
        Autoscaler a = new Autoscaler(ScalingPolicy.of(1, 20, INFLIGHT));

        Decision d = a.evaluate(T0, 3, Map.of("inflight", MetricReading.failed("gateway unreachable")),
            FleetFacts.steady(3));

        assertThat(d.desired()).isEqualTo(3);
        assertThat(d.explanation()).isEqualTo("no metric gave a proposal; inflight: gateway unreachable → stays 3");
    }

    @Test
    void countOutsideTheBoundsGoesToTheNearestBound() {
        Autoscaler a = new Autoscaler(ScalingPolicy.of(2, 10, INFLIGHT));

        assertThat(a.evaluate(T0, 12, Map.of(), FleetFacts.steady(12)).desired()).isEqualTo(10);
        assertThat(a.evaluate(T0.plusSeconds(1), 0, Map.of(), FleetFacts.steady(0)).desired()).isEqualTo(2);
    }

    @Test
    void manualScaleCountsAgainstTheRateLimit() {
        Autoscaler a = new Autoscaler(ScalingPolicy.of(1, 100, INFLIGHT));
        a.recordScale(T0.minusSeconds(5), 4, 10);

        Decision d = a.evaluate(T0, 10, reading(inflight(100, 100, 100, 100, 100, 100, 100, 100, 100, 100)),
            FleetFacts.steady(10));

        // the period started at 4: max(4 + 4, 4 × 2) = 8, below 10, so 10 stays
        assertThat(d.raw()).isEqualTo(50);
        assertThat(d.desired()).isEqualTo(10);
    }

    @Test
    void reconfigureKeepsTheHistory() {
        Autoscaler a = new Autoscaler(ScalingPolicy.of(1, 20, INFLIGHT));
        a.evaluate(T0, 8, reading(inflight(20, 20, 20, 20, 20, 20, 20, 20)), FleetFacts.steady(8));

        a.reconfigure(ScalingPolicy.of(1, 30, new MetricSpec("inflight", new MetricTarget.AverageValue(40))));
        Decision d = a.evaluate(T0.plusSeconds(60), 8, reading(inflight(20, 20, 20, 20, 20, 20, 20, 20)),
            FleetFacts.steady(8));

        assertThat(d.raw()).isEqualTo(4);
        assertThat(d.desired()).isEqualTo(8);
        assertThat(a.log().recent()).hasSize(2);
        assertThat(a.policy().max()).isEqualTo(30);
    }

    @Test
    void scheduledMinimumStaysInForceUntilTheNextAction() {
        ScheduledAction morning = new ScheduledAction(Cron.parse("0 9 * * MON-FRI"), ZoneOffset.UTC, 6, null, null);
        ScheduledAction evening = new ScheduledAction(Cron.parse("0 18 * * MON-FRI"), ZoneOffset.UTC, 1, null, null);
        Autoscaler a = new Autoscaler(ScalingPolicy.of(2, 10, INFLIGHT).withSchedule(List.of(morning, evening)));
        Instant monday = Instant.parse("2030-01-07T08:59:00Z");

        Decision before = a.evaluate(monday.minusSeconds(3 * 86400), 2, reading(inflight(20, 20)),
            FleetFacts.steady(2));
        Decision during = a.evaluate(monday.plusSeconds(60), 2, reading(inflight(20, 20)), FleetFacts.steady(2));
        Decision after = a.evaluate(Instant.parse("2030-01-07T18:00:00Z"), 6, reading(inflight(4, 4, 4, 4, 4, 4)),
            FleetFacts.steady(6));

        assertThat(before.bounds()).isEqualTo(new Decision.Bounds(1, 10, List.of("\"0 18 * * MON-FRI\" Z")));
        assertThat(during.bounds().min()).isEqualTo(6);
        assertThat(during.desired()).isEqualTo(6);
        assertThat(during.explanation()).isEqualTo("the count 2 is outside 6..10; raised to the minimum 6 (set by "
            + "\"0 9 * * MON-FRI\" Z)");
        assertThat(after.bounds().min()).isEqualTo(1);
        assertThat(after.raw()).isEqualTo(2);
    }

    @Test
    void scheduledDesiredAppliesOnceAndHoldsTheDownWindow() {
        ScheduledAction burst = new ScheduledAction(Cron.parse("0 12 * * *"), ZoneOffset.UTC, null, null, 8);
        Autoscaler a = new Autoscaler(ScalingPolicy.of(1, 10, INFLIGHT).withSchedule(List.of(burst)));
        MetricReading low = inflight(4, 4);

        Decision before = a.evaluate(T0.minusSeconds(1), 2, reading(low), FleetFacts.steady(2));
        Decision fired = a.evaluate(T0, 2, reading(low), FleetFacts.steady(2));
        Decision next = a.evaluate(T0.plusSeconds(1), 8, reading(inflight(4, 4, 4, 4, 4, 4, 4, 4)),
            FleetFacts.steady(8));

        assertThat(before.desired()).isEqualTo(2);
        assertThat(fired.desired()).isEqualTo(8);
        assertThat(fired.explanation()).isEqualTo("scheduled action \"0 12 * * *\" Z set 8");
        assertThat(next.desired()).isEqualTo(8);
    }

    @Test
    void stepPolicyCompetesWithTargetTracking() {
        StepPolicy queue = new StepPolicy("queue", 100, StepPolicy.AdjustmentType.CHANGE_IN_CAPACITY,
            List.of(new StepPolicy.Step(0.0, null, 5)), 0, Duration.ofMinutes(1));
        Autoscaler a = new Autoscaler(ScalingPolicy.of(1, 20, INFLIGHT).withSteps(List.of(queue)));

        Decision d = a.evaluate(T0, 3, Map.of("inflight", inflight(20, 20, 20), "queue", MetricReading.single(150)),
            FleetFacts.steady(3));

        assertThat(d.proposals()).extracting(Proposal::replicas).containsExactly(3, 8);
        assertThat(d.raw()).isEqualTo(8);
        assertThat(d.desired()).isEqualTo(7);
    }

    @Test
    void logKeepsOnlyTheLastDecisions() {
        Autoscaler a = new Autoscaler(ScalingPolicy.of(1, 10, INFLIGHT), 3);

        for (int i = 0; i < 5; i++) {
            // alternating counts: every evaluation is an entry of its own
            int n = 2 + i % 2;
            a.evaluate(T0.plusSeconds(i), n, reading(n == 2 ? inflight(20, 20) : inflight(20, 20, 20)),
                FleetFacts.steady(n));
        }

        assertThat(a.log().recent()).extracting(Decision::at)
            .containsExactly(T0.plusSeconds(2), T0.plusSeconds(3), T0.plusSeconds(4));
        assertThat(a.log().entries()).extracting(DecisionLog.Entry::evaluations).containsExactly(1, 1, 1);
    }

    @Test
    void stayingAtTheSameCountIsOneEntrySoScalingDecisionsStayInTheLog() {
        Autoscaler a = new Autoscaler(ScalingPolicy.of(1, 10, INFLIGHT), 3);
        a.evaluate(T0, 2, reading(inflight(40, 40)), FleetFacts.steady(2));

        for (int i = 1; i <= 200; i++) {
            a.evaluate(T0.plusSeconds(i), 4, reading(inflight(20, 20, 20, 20)), FleetFacts.steady(4));
        }

        assertThat(a.log().entries()).extracting(e -> e.decision().current(), e -> e.decision().desired(),
                DecisionLog.Entry::since, DecisionLog.Entry::evaluations)
            .containsExactly(tuple(2, 4, T0, 1), tuple(4, 4, T0.plusSeconds(1), 200));
        assertThat(a.log().explain()).isEqualTo("""
            12:00:00 scaled 2 → 4: inflight averaged 40.0 per ready instance against a target of 20 (ratio 2.00) × 2 \
            ready → 4
            12:00:01–12:03:20 stayed at 4: inflight averaged 20.0 per ready instance against a target of 20 \
            (ratio 1.00) is within tolerance → stays 4 (200 evaluations)
            """);
        assertThat(a.log().toJson()).contains("\"since\": \"2030-01-07T12:00:01Z\", \"evaluations\": 200}");
    }

    @Test
    void logAsJson() {
        DecisionLog log = new DecisionLog(1);
        Decision.Stage same = new Decision.Stage(3, 3, "");
        log.add(new Decision(T0, 3, FleetFacts.steady(3), List.of(new Proposal("q\"ueue", 3, 7.5, null, Double.NaN,
            "x")), 3, same, same, same, new Decision.Bounds(1, 5, List.of()), same, 3, "line\nbreak",
            Strategy.HORIZONTAL, Decision.Sizing.none(Resources.of("500m", "512Mi"))));

        assertThat(log.toJson()).isEqualTo("[{\"at\": \"2030-01-07T12:00:00Z\", \"current\": 3, \"desired\": 3, "
            + "\"raw\": 3, \"facts\": {\"ready\": 3, \"starting\": 0, \"warming\": 0}, \"proposals\": [{\"source\": "
            + "\"q\\\"ueue\", \"replicas\": 3, \"observed\": 7.5, \"utilization\": null, \"ratio\": null, \"reason\": "
            + "\"x\"}], \"stabilization\": {\"before\": 3, \"after\": 3, \"note\": \"\"}, \"hold\": {\"before\": 3, "
            + "\"after\": 3, \"note\": \"\"}, \"rateLimit\": {\"before\": 3, \"after\": 3, \"note\": \"\"}, "
            + "\"bounds\": {\"min\": 1, \"max\": 5, \"schedules\": []}, \"clamp\": {\"before\": 3, \"after\": 3, "
            + "\"note\": \"\"}, \"strategy\": \"horizontal\", \"size\": {\"before\": {\"cpu\": \"500m\", "
            + "\"memory\": \"512Mi\"}, \"raw\": {\"cpu\": \"500m\", \"memory\": \"512Mi\"}, \"after\": {\"cpu\": "
            + "\"500m\", \"memory\": \"512Mi\"}, \"capacityMillicores\": null, \"note\": \"\"}, "
            + "\"recommendation\": null, \"explanation\": \"line\\nbreak\", \"since\": \"2030-01-07T12:00:00Z\", "
            + "\"evaluations\": 1}]");
    }

    @Test
    void invalidInputsAreRefused() {
        Autoscaler a = new Autoscaler(ScalingPolicy.of(1, 10, INFLIGHT));
        a.evaluate(T0, 2, Map.of(), FleetFacts.steady(2));

        assertThatThrownBy(() -> a.evaluate(T0.minusSeconds(1), 2, Map.of(), FleetFacts.steady(2)))
            .hasMessage("now: 2030-01-07T11:59:59Z (expected: not before the previous evaluation "
                + "2030-01-07T12:00:00Z)");
        assertThatThrownBy(() -> new DecisionLog(0)).hasMessage("decision-log: 0 (expected: >= 1)");
        assertThatThrownBy(() -> ScalingPolicy.of(3, 2)).hasMessage("max: 2 (expected: >= 3)");
        assertThatThrownBy(() -> ScalingPolicy.of(1, 5, INFLIGHT, INFLIGHT))
            .hasMessage("metrics: 'inflight' twice (expected: distinct names)");
        assertThatThrownBy(() -> Tolerance.of(-0.1)).hasMessage("tolerance: -0.1 (expected: 0..1)");
        assertThatThrownBy(() -> new Tolerance(0.1, 2)).hasMessage("tolerance.scale-down: 2.0 (expected: 0..1)");
        assertThatThrownBy(() -> RatePolicy.percent(0, Duration.ofSeconds(15)))
            .hasMessage("percent: 0 (expected: >= 1)");
        assertThatThrownBy(() -> RatePolicy.instances(1, Duration.ofMinutes(31)))
            .hasMessage("period: 1860s (expected: 1s..30m)");
        assertThatThrownBy(() -> new Rules(Duration.ofHours(2), List.of(), Select.DISABLED))
            .hasMessage("stabilization: 7200s (expected: 0s..1h)");
        assertThatThrownBy(() -> new ScheduledAction(Cron.parse("0 9 * * *"), ZoneOffset.UTC, null, null, null))
            .hasMessage("min, max, desired: none set (expected: at least one)");
    }
}
