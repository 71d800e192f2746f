package dev.horizon.autoscale;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

/**
 * The HPA's stabilization and rate limits ({@code stabilizeRecommendationWithBehaviors},
 * {@code calculateScaleUpLimitWithScalingRules} and {@code calculateScaleDownLimitWithBehaviors} in Kubernetes'
 * {@code pkg/controller/podautoscaler/horizontal.go}) on worked cases, and the what-if contract.
 */
class WhatIfTest {

    private static final MetricSpec INFLIGHT = new MetricSpec("inflight", new MetricTarget.AverageValue(20));
    private static final List<WhatIf.Past> HISTORY = List.of(new WhatIf.Past(Duration.ofMinutes(2), 4),
        new WhatIf.Past(Duration.ofMinutes(1), 5));

    private static WhatIf.Result raw(int current, int raw, Behavior behavior, List<WhatIf.Past> history,
                                     List<WhatIf.Past> events) {
        return WhatIf.evaluate(new WhatIf.Case(current, 1, 1000, Tolerance.DEFAULT, INFLIGHT,
            MetricReading.failed("unused"), current, behavior, history, events, raw));
    }

    private static Behavior up(Rules rules) {
        return new Behavior(rules, Rules.DEFAULT_SCALE_DOWN);
    }

    private static Behavior down(Rules rules) {
        return new Behavior(Rules.DEFAULT_SCALE_UP, rules);
    }

    private static Rules rules(Duration window, Select select, RatePolicy... policies) {
        return new Rules(window, List.of(policies), select);
    }

    @Test
    void defaultScaleUpLimitIsTheLargerOfFourInstancesAndDoubling() {
        WhatIf.Result r = raw(10, 50, Behavior.DEFAULT, List.of(), List.of());

        assertThat(r.desired()).isEqualTo(20);
        assertThat(r.raw()).isEqualTo(50);
        assertThat(r.reason()).isEqualTo("raw recommendation 50; scale-up limit max(+4, +100 %) per 15s allowed 20");
    }

    @Test
    void instancesScaleUpLimit() {
        Rules r = rules(Duration.ZERO, Select.MAX, RatePolicy.instances(30, Duration.ofSeconds(60)));

        assertThat(raw(10, 50, up(r), List.of(), List.of()).desired()).isEqualTo(40);
    }

    @Test
    void percentScaleUpLimit() {
        Rules r = rules(Duration.ZERO, Select.MAX, RatePolicy.percent(200, Duration.ofSeconds(60)));

        assertThat(raw(10, 50, up(r), List.of(), List.of()).desired()).isEqualTo(30);
    }

    @Test
    void scaleDownSelectMaxTakesTheLargestChange() {
        Rules r = rules(Duration.ZERO, Select.MAX, RatePolicy.instances(20, Duration.ofSeconds(60)),
            RatePolicy.percent(1, Duration.ofSeconds(60)));

        WhatIf.Result result = raw(100, 2, down(r), List.of(), List.of());

        assertThat(result.desired()).isEqualTo(80);
        assertThat(result.reason())
            .isEqualTo("raw recommendation 2; scale-down limit max(-20, -1 %) per 60s allowed 80");
    }

    @Test
    void scaleDownSelectMinTakesTheSmallestChange() {
        Rules r = rules(Duration.ZERO, Select.MIN, RatePolicy.instances(20, Duration.ofSeconds(60)),
            RatePolicy.percent(1, Duration.ofSeconds(60)));

        assertThat(raw(100, 2, down(r), List.of(), List.of()).desired()).isEqualTo(99);
    }

    @Test
    void disabledDirectionDoesNotMove() {
        Rules r = rules(Duration.ZERO, Select.DISABLED);

        assertThat(raw(100, 2, down(r), List.of(), List.of()).desired()).isEqualTo(100);
        assertThat(raw(3, 9, up(r), List.of(), List.of()).desired()).isEqualTo(3);
    }

    @Test
    void scaleDownStabilizationHoldsTheHighestRecommendation() {
        Rules r = rules(Duration.ofSeconds(180), Select.MAX, RatePolicy.percent(100, Duration.ofSeconds(15)));

        WhatIf.Result result = raw(100, 3, down(r), HISTORY, List.of());

        assertThat(result.desired()).isEqualTo(5);
        assertThat(result.reason()).isEqualTo("raw recommendation 3; scale-down stabilization over 180s held 5 (the "
            + "highest recommendation in the window)");
    }

    @Test
    void scaleUpStabilizationAllowsTheLowestRecommendation() {
        Rules r = rules(Duration.ofSeconds(300), Select.MAX, RatePolicy.instances(4, Duration.ofSeconds(15)),
            RatePolicy.percent(100, Duration.ofSeconds(15)));

        assertThat(raw(1, 7, up(r), HISTORY, List.of()).desired()).isEqualTo(4);
    }

    @Test
    void recommendationsOutsideTheWindowDoNotCount() {
        Rules r = rules(Duration.ofSeconds(90), Select.MAX, RatePolicy.percent(100, Duration.ofSeconds(15)));

        // 4 at -2 min is outside 90 s; 5 at -1 min is inside
        assertThat(raw(100, 3, down(r), HISTORY, List.of()).desired()).isEqualTo(5);
        Rules shorter = rules(Duration.ofSeconds(60), Select.MAX, RatePolicy.percent(100, Duration.ofSeconds(15)));
        // exactly at the cutoff is outside, as the HPA's After()
        assertThat(raw(100, 3, down(shorter), HISTORY, List.of()).desired()).isEqualTo(3);
    }

    @Test
    void noHistoryLetsTheRawRecommendationStand() {
        assertThat(raw(100, 3, Behavior.DEFAULT, List.of(), List.of()).desired()).isEqualTo(3);
    }

    @Test
    void eventsInsideThePeriodMoveItsStart() {
        // 6 added 10 s ago: the period started at 4 → max(4 + 4, 4 × 2) = 8, below the current 10, so 10 stays
        WhatIf.Result r = raw(10, 50, Behavior.DEFAULT, List.of(),
            List.of(new WhatIf.Past(Duration.ofSeconds(10), 6)));
        assertThat(r.desired()).isEqualTo(10);
        // outside the 15 s period it no longer counts
        r = raw(10, 50, Behavior.DEFAULT, List.of(), List.of(new WhatIf.Past(Duration.ofSeconds(20), 6)));
        assertThat(r.desired()).isEqualTo(20);
        // a scale-down inside the period adds back to its start: 10 + 2 = 12 → max(16, 24) = 24
        r = raw(10, 50, Behavior.DEFAULT, List.of(), List.of(new WhatIf.Past(Duration.ofSeconds(5), -2)));
        assertThat(r.desired()).isEqualTo(24);
    }

    @Test
    void resultIsClampedToTheBounds() {
        WhatIf.Result r = WhatIf.evaluate(new WhatIf.Case(3, 2, 4, Tolerance.DEFAULT, INFLIGHT,
            MetricReading.of(InstanceSample.of("a", 60), InstanceSample.of("b", 60), InstanceSample.of("c", 60)), 3,
            Behavior.DEFAULT, List.of(), List.of(), null));

        assertThat(r.desired()).isEqualTo(4);
        assertThat(r.raw()).isEqualTo(9);
        assertThat(r.reason()).endsWith("; capped at the maximum 4");
    }

    @Test
    void failedMetricKeepsTheCount() {
        WhatIf.Result r = WhatIf.evaluate(new WhatIf.Case(3, 1, 10, Tolerance.DEFAULT, INFLIGHT,
            MetricReading.failed("prometheus: connection refused"), 3, Behavior.DEFAULT, List.of(), List.of(), null));

        assertThat(r).isEqualTo(new WhatIf.Result(3, 3, null, "inflight: prometheus: connection refused → stays 3"));
    }

    @Test
    void jsonCarriesUtilizationOnlyWhenKnownAndEscapesTheReason() {
        assertThat(new WhatIf.Result(5, 5, 50, "a \"b\"\n").toJson())
            .isEqualTo("{\"desired\": 5, \"raw\": 5, \"utilization\": 50, \"reason\": \"a \\\"b\\\"\\n\"}");
        assertThat(new WhatIf.Result(4, 4, (@Nullable Integer) null, "x").toJson())
            .isEqualTo("{\"desired\": 4, \"raw\": 4, \"reason\": \"x\"}");
    }
}
