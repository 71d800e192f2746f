package dev.horizon.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.horizon.autoscale.Behavior;
import dev.horizon.autoscale.Cron;
import dev.horizon.autoscale.MetricSpec;
import dev.horizon.autoscale.MetricTarget;
import dev.horizon.autoscale.RatePolicy;
import dev.horizon.autoscale.Rules;
import dev.horizon.autoscale.ScalingPolicy;
import dev.horizon.autoscale.ScheduledAction;
import dev.horizon.autoscale.Select;
import dev.horizon.autoscale.StepPolicy;
import dev.horizon.autoscale.Tolerance;
import dev.horizon.sizing.Resources;
import java.time.Duration;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A service's {@code autoscale:} block: every key, the extras each metric type carries, and the exact errors. */
class AutoscaleSectionTest {

    /** {@code block} read as the {@code autoscale:} block of a service with 2..10 instances. */
    static AutoscaleConfig read(String block) {
        String yaml = "services:\n  shop:\n    autoscale:\n" + block.indent(6);
        ConfigNode document = WhatIfCaseFile.document(yaml, "horizon.yaml");
        ConfigNode node = document.anyMap().require("services").anyMap().require("shop").anyMap().require("autoscale");
        return AutoscaleSection.read(node, 2, 10, Resources.UNLIMITED, SizingTest.TWO_CORES_8GI);
    }

    @Test
    void readsTheDesignExample() {
        AutoscaleConfig c = read("""
            period: 1s
            metrics:
              - { type: inflight, target: 20 }          # per-instance average
              - { type: cpu, target-utilization: 70 }
            behavior:
              scale-up:   { stabilization: 0s,   policies: [ { percent: 100, period: 15s },
                                                       { instances: 4, period: 15s } ], select: max }
              scale-down: { stabilization: 300s, policies: [ { percent: 50, period: 60s } ] }
            schedule: [ { cron: "0 9 * * MON-FRI", zone: UTC, min: 6 } ]
            """);

        Behavior behavior = new Behavior(
            new Rules(Duration.ZERO, List.of(RatePolicy.percent(100, Duration.ofSeconds(15)),
                RatePolicy.instances(4, Duration.ofSeconds(15))), Select.MAX),
            new Rules(Duration.ofSeconds(300), List.of(RatePolicy.percent(50, Duration.ofSeconds(60))), Select.MAX));
        assertThat(c.policy()).isEqualTo(new ScalingPolicy(2, 10, Duration.ofSeconds(1), Tolerance.DEFAULT,
            List.of(new MetricSpec("inflight", new MetricTarget.AverageValue(20)),
                new MetricSpec("cpu", new MetricTarget.Utilization(70))),
            behavior, List.of(),
            List.of(new ScheduledAction(Cron.parse("0 9 * * MON-FRI"), ZoneId.of("UTC"), 6, null, null))));
        assertThat(c.sources()).isEqualTo(Map.of("inflight", new MetricSource.Inflight(), "cpu",
            new MetricSource.Cpu()));
    }

    @Test
    void externalMetricsCarryTheirSource() {
        AutoscaleConfig c = read("""
            tolerance: { scale-up: 0.05 }
            metrics:
              - { type: prometheus, metric: queue_depth, target-average: 30 }
              - { type: redis-list, url: "redis://127.0.0.1:6379", key: jobs, target-value: 100 }
              - { type: latency-p95, target: 250ms }
              - { type: rps, target: 50 }
            """);

        assertThat(c.policy().tolerance()).isEqualTo(new Tolerance(0.05, 0.1));
        assertThat(c.policy().metrics()).containsExactly(
            new MetricSpec("prometheus:queue_depth", new MetricTarget.AverageValue(30)),
            new MetricSpec("redis-list:jobs", new MetricTarget.Value(100)),
            new MetricSpec("latency-p95", new MetricTarget.Value(250)),
            new MetricSpec("rps", new MetricTarget.AverageValue(50)));
        assertThat(c.sources()).containsExactly(
            Map.entry("prometheus:queue_depth", new MetricSource.Prometheus("queue_depth")),
            Map.entry("redis-list:jobs", new MetricSource.RedisList("redis://127.0.0.1:6379", "jobs")),
            Map.entry("latency-p95", new MetricSource.LatencyP95()),
            Map.entry("rps", new MetricSource.Rps()));
    }

    @Test
    void readsStepsAndScheduleWithDefaults() {
        AutoscaleConfig c = read("""
            tolerance: 0.2
            steps:
              - metric: cpu
                threshold: 50
                adjustment-type: percent
                min-adjustment: 2
                adjustments:
                  - { lower: 10, upper: 20, adjustment: 10 }
                  - { lower: 20, adjustment: 30 }
            schedule:
              - { cron: "0 18 * * *", zone: Europe/Berlin, max: 4, desired: }
            """);

        assertThat(c.policy().tolerance()).isEqualTo(Tolerance.of(0.2));
        assertThat(c.policy().steps()).containsExactly(new StepPolicy("cpu", 50,
            StepPolicy.AdjustmentType.PERCENT_CHANGE_IN_CAPACITY, List.of(new StepPolicy.Step(10.0, 20.0, 10),
                new StepPolicy.Step(20.0, null, 30)), 2, Duration.ofSeconds(300)));
        assertThat(c.sources()).containsExactly(Map.entry("cpu", new MetricSource.Cpu()));
        assertThat(c.policy().schedule()).containsExactly(new ScheduledAction(Cron.parse("0 18 * * *"),
            ZoneId.of("Europe/Berlin"), null, 4, null));
        assertThat(c.policy().behavior()).isEqualTo(Behavior.DEFAULT);
        assertThat(c.policy().period()).isEqualTo(ScalingPolicy.DEFAULT_PERIOD);
    }

    private static void refuses(String block, String message) {
        assertThatThrownBy(() -> read(block)).isInstanceOf(ConfigException.class).hasMessage(message);
    }

    @Test
    void refusesBadMetricsWithLineAndKey() {
        refuses("metrics: [ { type: inflight, target-utilization: 20 } ]\n",
            "horizon.yaml:4: unknown key 'target-utilization' under services.shop.autoscale.metrics[0] (expected: "
                + "type, target)");
        refuses("metrics: [ { type: prometheus, metric: q, target-average: 1, target-value: 2 } ]\n",
            "horizon.yaml:4: services.shop.autoscale.metrics[0].target-value: set with target-average (expected: one"
                + " of target-average, target-value)");
        refuses("metrics: [ { type: redis-list, key: jobs, target-value: 2 } ]\n",
            "horizon.yaml:4: services.shop.autoscale.metrics[0]: missing key 'url'");
        refuses("metrics: [ { type: memory, target: 2 } ]\n",
            "horizon.yaml:4: services.shop.autoscale.metrics[0].type: 'memory' (expected: inflight, rps, latency-p95, "
                + "cpu, prometheus, redis-list)");
        refuses("metrics: [ { type: inflight, target: 2 }, { type: inflight, target: 3 } ]\n",
            "horizon.yaml:4: services.shop.autoscale.metrics[1]: 'inflight' again (expected: each metric once)");
        refuses("period: 0s\nmetrics: [ { type: inflight, target: 2 } ]\n",
            "horizon.yaml:4: services.shop.autoscale.period: '0s' (expected: more than 0s, at most 1h)");
        refuses("tolerance: {}\n",
            "horizon.yaml:3: services.shop.autoscale: nothing to scale on (expected: metrics, steps, schedule or "
                + "predictive)");
    }

    @Test
    void refusesBadSchedulesStepsAndBehaviorWithLineAndKey() {
        refuses("schedule: [ { cron: \"0 25 * * *\", min: 3 } ]\n",
            "horizon.yaml:4: services.shop.autoscale.schedule[0].cron: '0 25 * * *' hour 25 (expected: 0..23)");
        refuses("schedule: [ { cron: \"0 9 * * *\", zone: Mars/Olympus, min: 3 } ]\n",
            "horizon.yaml:4: services.shop.autoscale.schedule[0].zone: 'Mars/Olympus' (expected: a time zone like "
                + "UTC or Europe/Berlin)");
        refuses("schedule: [ { cron: \"0 9 * * *\", min: 5, max: 3 } ]\n",
            "horizon.yaml:4: services.shop.autoscale.schedule[0].max: 3 (expected: >= min 5)");
        refuses("schedule: [ { cron: \"0 9 * * *\" } ]\n",
            "horizon.yaml:4: services.shop.autoscale.schedule[0]: min, max, desired: none set (expected: at least "
                + "one)");
        refuses("""
            steps:
              - metric: queue
                threshold: 5
                adjustments: [ { lower: 0, adjustment: 1 } ]
            """,
            "horizon.yaml:5: services.shop.autoscale.steps[0].metric: 'queue' (expected: a metric listed under "
                + "metrics, or one of inflight, rps, latency-p95, cpu)");
        refuses("""
            steps:
              - metric: cpu
                threshold: 50
                adjustments:
                  - { lower: 0, upper: 10, adjustment: 1 }
                  - { lower: 20, adjustment: 2 }
            """,
            "horizon.yaml:7: services.shop.autoscale.steps[0].adjustments: [+0, +10) and [+20, +∞) leave a gap "
                + "(expected: each step starting where the previous one ends)");
        refuses("""
            metrics: [ { type: inflight, target: 2 } ]
            behavior:
              scale-up: { policies: [ { instances: 4, percent: 100 } ] }
            """,
            "horizon.yaml:6: services.shop.autoscale.behavior.scale-up.policies[0].percent: set with instances "
                + "(expected: one of instances, percent)");
        refuses("""
            metrics: [ { type: inflight, target: 2 } ]
            behavior:
              scale-down: { policies: [ { instances: 4, period: 31m } ] }
            """,
            "horizon.yaml:6: services.shop.autoscale.behavior.scale-down.policies[0].period: '31m' (expected: "
                + "1s..30m)");
    }

    @Test
    void zoneDefaultsToUtc() {
        AutoscaleConfig c = read("schedule: [ { cron: \"0 9 * * *\", desired: 4 } ]\n");

        assertThat(c.policy().schedule().get(0).zone()).isEqualTo(ZoneOffset.UTC);
    }
}
