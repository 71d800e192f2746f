package dev.horizon.config;

import dev.horizon.autoscale.Behavior;
import dev.horizon.autoscale.Cron;
import dev.horizon.autoscale.MetricSpec;
import dev.horizon.autoscale.MetricTarget;
import dev.horizon.autoscale.PredictivePolicy;
import dev.horizon.autoscale.RatePolicy;
import dev.horizon.autoscale.Rules;
import dev.horizon.autoscale.ScalingPolicy;
import dev.horizon.autoscale.ScheduledAction;
import dev.horizon.autoscale.Select;
import dev.horizon.autoscale.StepPolicy;
import dev.horizon.autoscale.Strategy;
import dev.horizon.autoscale.Tolerance;
import dev.horizon.autoscale.VerticalPolicy;
import dev.horizon.sizing.Resources;
import dev.horizon.spelling.Spelling;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * A service's {@code autoscale:} block of {@code horizon.yaml}, read into an {@link AutoscaleConfig}; every key is
 * documented in {@code docs/autoscale.md}. The metric, tolerance and behavior syntax is shared with
 * {@code horizon autoscale what-if} case files ({@link WhatIfCaseFile}).
 */
final class AutoscaleSection {

    static final List<String> KEYS = List.of("period", "tolerance", "metrics", "behavior", "steps", "schedule",
        "strategy", "vertical", "predictive");
    static final List<String> TOLERANCE_KEYS = List.of("scale-up", "scale-down");
    /** Every key a metric entry may have; which ones apply depends on its {@code type}. */
    static final List<String> METRIC_KEYS = List.of("type", "target", "target-utilization", "metric", "url", "key",
        "target-average", "target-value");
    static final List<String> METRIC_TYPES = List.of("inflight", "rps", "latency-p95", "cpu", "prometheus",
        "redis-list");
    static final List<String> BEHAVIOR_KEYS = List.of("scale-up", "scale-down");
    static final List<String> RULES_KEYS = List.of("stabilization", "policies", "select");
    static final List<String> RATE_POLICY_KEYS = List.of("instances", "percent", "period");
    static final List<String> STEP_KEYS = List.of("metric", "threshold", "adjustment-type", "min-adjustment", "warmup",
        "adjustments");
    static final List<String> ADJUSTMENT_KEYS = List.of("lower", "upper", "adjustment");
    static final List<String> SCHEDULE_KEYS = List.of("cron", "zone", "min", "max", "desired");

    /** A rate policy's period when it sets none. */
    static final Duration DEFAULT_RATE_PERIOD = Duration.ofSeconds(15);
    /** How long instances added by a step policy warm up when it sets no {@code warmup}. */
    static final Duration DEFAULT_WARMUP = Duration.ofSeconds(300);

    private AutoscaleSection() {
    }

    /** A metric entry read: what the policy tracks and where its readings come from. */
    record Tracked(MetricSpec spec, MetricSource source) {
    }

    /**
     * The {@code autoscale:} block at {@code node} for a service running {@code min}..{@code max} instances of
     * {@code size}, whose sizes are read against {@code sizing}.
     *
     * @throws ConfigException naming the line and key of the first problem
     */
    static AutoscaleConfig read(ConfigNode node, int min, int max, Resources size, Sizing sizing) {
        ConfigMap m = node.map(KEYS);
        Duration period = m.duration("period", ScalingPolicy.DEFAULT_PERIOD);
        Tolerance tolerance = tolerance(m.get("tolerance"));
        Map<String, MetricSource> sources = new LinkedHashMap<>();
        List<MetricSpec> metrics = new ArrayList<>();
        ConfigNode metricsNode = m.get("metrics");
        for (ConfigNode item : metricsNode == null ? List.<ConfigNode>of() : metricsNode.list()) {
            Tracked t = metric(item);
            if (sources.containsKey(t.spec().name())) {
                throw item.error("'" + t.spec().name() + "' again (expected: each metric once)");
            }
            sources.put(t.spec().name(), t.source());
            metrics.add(t.spec());
        }
        Behavior behavior = behavior(m.get("behavior"));
        List<StepPolicy> steps = steps(m.get("steps"), sources);
        List<ScheduledAction> schedule = schedule(m.get("schedule"));
        PredictivePolicy predictive = PredictiveSection.read(m, metrics);
        if (metrics.isEmpty() && steps.isEmpty() && schedule.isEmpty() && predictive == null) {
            throw node.error("nothing to scale on (expected: metrics, steps, schedule or predictive)");
        }
        if (predictive != null) {
            sources.put(predictive.reading(), new MetricSource.ServiceRps());
        }
        ScalingPolicy policy = m.build(() -> new ScalingPolicy(min, max, period, tolerance, metrics, behavior, steps,
            schedule, predictive));
        ConfigNode strategyNode = m.get("strategy");
        Strategy strategy = strategyNode == null ? Strategy.HORIZONTAL
            : strategyNode.choice(List.of(Strategy.values()), Strategy::text);
        VerticalPolicy vertical = VerticalSection.read(m, strategy, size, sizing);
        return new AutoscaleConfig(policy, sources, strategy, vertical);
    }

    /** {@code tolerance}: a number for both directions, or {@code {scale-up, scale-down}}; absent: 0.1 each. */
    static Tolerance tolerance(@Nullable ConfigNode node) {
        if (node == null) {
            return Tolerance.DEFAULT;
        }
        if (!node.isMap()) {
            double both = node.decimal();
            return node.build(() -> Tolerance.of(both));
        }
        ConfigMap m = node.map(TOLERANCE_KEYS);
        double up = m.decimal("scale-up", Tolerance.DEFAULT.scaleUp());
        double down = m.decimal("scale-down", Tolerance.DEFAULT.scaleDown());
        return m.build(() -> new Tolerance(up, down));
    }

    /** One metric entry, {@code {type: ..., ...}}. */
    static Tracked metric(ConfigNode node) {
        ConfigNode typeNode = node.anyMap().require("type");
        String type = typeNode.text();
        if (!METRIC_TYPES.contains(type)) {
            String hint = Spelling.hint(type, METRIC_TYPES);
            throw typeNode.error("'" + type + "'" + (hint.isEmpty() ? " (expected: " + String.join(", ", METRIC_TYPES)
                + ")" : hint));
        }
        ConfigMap m = node.map(switch (type) {
            case "inflight", "rps", "latency-p95" -> List.of("type", "target");
            case "cpu" -> List.of("type", "target-utilization");
            case "prometheus" -> List.of("type", "metric", "target-average", "target-value");
            default -> List.of("type", "url", "key", "target-average", "target-value");
        });
        return switch (type) {
            case "inflight" -> new Tracked(new MetricSpec(type, new MetricTarget.AverageValue(
                positive(m.require("target")))), new MetricSource.Inflight());
            case "rps" -> new Tracked(new MetricSpec(type, new MetricTarget.AverageValue(
                positive(m.require("target")))), new MetricSource.Rps());
            case "latency-p95" -> new Tracked(new MetricSpec(type, new MetricTarget.Value(
                millis(m.require("target")))), new MetricSource.LatencyP95());
            case "cpu" -> new Tracked(new MetricSpec(type, new MetricTarget.Utilization(
                percent(m.require("target-utilization")))), new MetricSource.Cpu());
            case "prometheus" -> {
                String metric = m.require("metric").text();
                yield new Tracked(new MetricSpec("prometheus:" + metric, external(m)),
                    new MetricSource.Prometheus(metric));
            }
            default -> {
                String url = m.require("url").text();
                String key = m.require("key").text();
                yield new Tracked(new MetricSpec("redis-list:" + key, external(m)),
                    new MetricSource.RedisList(url, key));
            }
        };
    }

    /** The built-in source called {@code name}, for a step policy on a metric the block does not track. */
    private static @Nullable MetricSource builtin(String name) {
        return switch (name) {
            case "inflight" -> new MetricSource.Inflight();
            case "rps" -> new MetricSource.Rps();
            case "latency-p95" -> new MetricSource.LatencyP95();
            case "cpu" -> new MetricSource.Cpu();
            default -> null;
        };
    }

    /** {@code target-average} or {@code target-value} of {@code m}: exactly one of them, positive. */
    static MetricTarget external(ConfigMap m) {
        ConfigNode average = m.get("target-average");
        ConfigNode value = m.get("target-value");
        if (average != null && value != null) {
            throw value.error("set with target-average (expected: one of target-average, target-value)");
        }
        if (average != null) {
            return new MetricTarget.AverageValue(positive(average));
        }
        if (value != null) {
            return new MetricTarget.Value(positive(value));
        }
        throw m.node().error("missing key 'target-average' or 'target-value'");
    }

    private static double positive(ConfigNode node) {
        double d = node.decimal();
        if (!(d > 0)) {
            throw node.error("'" + node.text() + "' (expected: a positive number)");
        }
        return d;
    }

    private static int percent(ConfigNode node) {
        int p = node.integer();
        if (p < 1) {
            throw node.error("'" + node.text() + "' (expected: a percentage >= 1)");
        }
        return p;
    }

    /** A duration as milliseconds, positive. */
    static double millis(ConfigNode node) {
        Duration d = node.duration();
        if (d.isZero()) {
            throw node.error("'" + node.text() + "' (expected: more than 0ms)");
        }
        return d.toNanos() / 1e6;
    }

    /** {@code behavior: {scale-up: RULES, scale-down: RULES}}; an absent part keeps the HPA's default. */
    static Behavior behavior(@Nullable ConfigNode node) {
        if (node == null) {
            return Behavior.DEFAULT;
        }
        ConfigMap m = node.map(BEHAVIOR_KEYS);
        Rules up = rules(m.get("scale-up"), Rules.DEFAULT_SCALE_UP);
        Rules down = rules(m.get("scale-down"), Rules.DEFAULT_SCALE_DOWN);
        return new Behavior(up, down);
    }

    private static Rules rules(@Nullable ConfigNode node, Rules defaults) {
        if (node == null) {
            return defaults;
        }
        ConfigMap m = node.map(RULES_KEYS);
        Duration stabilization = m.duration("stabilization", defaults.stabilization());
        ConfigNode policiesNode = m.get("policies");
        List<RatePolicy> policies = policiesNode == null ? defaults.policies()
            : policiesNode.list().stream().map(AutoscaleSection::ratePolicy).toList();
        ConfigNode selectNode = m.get("select");
        Select select = selectNode == null ? defaults.select() : selectNode.parse(AutoscaleSection::select);
        return m.build(() -> new Rules(stabilization, policies, select));
    }

    private static Select select(String text) {
        return switch (text) {
            case "max" -> Select.MAX;
            case "min" -> Select.MIN;
            case "disabled" -> Select.DISABLED;
            default -> throw new IllegalArgumentException("select: '" + text + "' (expected: max, min or disabled)");
        };
    }

    private static RatePolicy ratePolicy(ConfigNode node) {
        ConfigMap m = node.map(RATE_POLICY_KEYS);
        ConfigNode instances = m.get("instances");
        ConfigNode percent = m.get("percent");
        if (instances != null && percent != null) {
            throw percent.error("set with instances (expected: one of instances, percent)");
        }
        if (instances == null && percent == null) {
            throw node.error("missing key 'instances' or 'percent'");
        }
        RatePolicy.Kind kind = instances != null ? RatePolicy.Kind.INSTANCES : RatePolicy.Kind.PERCENT;
        int value = (instances != null ? instances : m.require("percent")).integer();
        Duration period = m.duration("period", DEFAULT_RATE_PERIOD);
        return m.build(() -> new RatePolicy(kind, value, period));
    }

    private static List<StepPolicy> steps(@Nullable ConfigNode node, Map<String, MetricSource> sources) {
        List<StepPolicy> steps = new ArrayList<>();
        for (ConfigNode item : node == null ? List.<ConfigNode>of() : node.list()) {
            ConfigMap m = item.map(STEP_KEYS);
            ConfigNode metricNode = m.require("metric");
            String metric = metricNode.text();
            MetricSource builtin = builtin(metric);
            if (!sources.containsKey(metric) && builtin == null) {
                throw metricNode.error("'" + metric + "' (expected: a metric listed under metrics, or one of inflight, "
                    + "rps, latency-p95, cpu)");
            }
            if (builtin != null) {
                sources.putIfAbsent(metric, builtin);
            }
            double threshold = m.require("threshold").decimal();
            ConfigNode typeNode = m.get("adjustment-type");
            StepPolicy.AdjustmentType type = typeNode == null ? StepPolicy.AdjustmentType.CHANGE_IN_CAPACITY
                : typeNode.parse(AutoscaleSection::adjustmentType);
            int minAdjustment = m.integer("min-adjustment", 0);
            Duration warmup = m.duration("warmup", DEFAULT_WARMUP);
            List<StepPolicy.Step> adjustments = new ArrayList<>();
            for (ConfigNode a : m.require("adjustments").list()) {
                ConfigMap am = a.map(ADJUSTMENT_KEYS);
                Double lower = optionalDecimal(am.get("lower"));
                Double upper = optionalDecimal(am.get("upper"));
                int adjustment = am.require("adjustment").integer();
                adjustments.add(am.build(() -> new StepPolicy.Step(lower, upper, adjustment)));
            }
            steps.add(m.build(() -> new StepPolicy(metric, threshold, type, adjustments, minAdjustment, warmup)));
        }
        return steps;
    }

    private static StepPolicy.AdjustmentType adjustmentType(String text) {
        return switch (text) {
            case "change" -> StepPolicy.AdjustmentType.CHANGE_IN_CAPACITY;
            case "percent" -> StepPolicy.AdjustmentType.PERCENT_CHANGE_IN_CAPACITY;
            case "exact" -> StepPolicy.AdjustmentType.EXACT_CAPACITY;
            default -> throw new IllegalArgumentException("adjustment-type: '" + text
                + "' (expected: change, percent or exact)");
        };
    }

    private static List<ScheduledAction> schedule(@Nullable ConfigNode node) {
        List<ScheduledAction> actions = new ArrayList<>();
        for (ConfigNode item : node == null ? List.<ConfigNode>of() : node.list()) {
            ConfigMap m = item.map(SCHEDULE_KEYS);
            Cron cron = m.require("cron").parse(Cron::parse);
            ZoneId zone = zone(m.get("zone"));
            Integer min = optionalInteger(m.get("min"));
            Integer max = optionalInteger(m.get("max"));
            Integer desired = optionalInteger(m.get("desired"));
            actions.add(m.build(() -> new ScheduledAction(cron, zone, min, max, desired)));
        }
        return actions;
    }

    private static ZoneId zone(@Nullable ConfigNode node) {
        if (node == null) {
            return ZoneOffset.UTC;
        }
        String text = node.text();
        try {
            return ZoneId.of(text);
        } catch (DateTimeException e) {
            throw node.error("'" + text + "' (expected: a time zone like UTC or Europe/Berlin)");
        }
    }

    private static @Nullable Integer optionalInteger(@Nullable ConfigNode node) {
        return node == null || node.isNull() ? null : node.integer();
    }

    private static @Nullable Double optionalDecimal(@Nullable ConfigNode node) {
        return node == null || node.isNull() ? null : node.decimal();
    }
}
