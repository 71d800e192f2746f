package dev.horizon.config;

import dev.horizon.autoscale.Behavior;
import dev.horizon.autoscale.InstanceSample;
import dev.horizon.autoscale.MetricReading;
import dev.horizon.autoscale.MetricSpec;
import dev.horizon.autoscale.MetricTarget;
import dev.horizon.autoscale.Phase;
import dev.horizon.autoscale.Strategy;
import dev.horizon.autoscale.Tolerance;
import dev.horizon.autoscale.VerticalPolicy;
import dev.horizon.autoscale.WhatIf;
import dev.horizon.sizing.Cpu;
import dev.horizon.sizing.Memory;
import dev.horizon.sizing.Resources;
import dev.horizon.sizing.SizeCatalog;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import org.snakeyaml.engine.v2.nodes.Node;

/**
 * A {@code horizon autoscale what-if} case file, read into a {@link WhatIfCase}. The format is in
 * {@code docs/autoscale.md}; the metric, tolerance, behavior, strategy and vertical policy are written as in
 * {@code horizon.yaml}'s {@code autoscale:} block (the vertical policy is read by {@link VerticalSection}, so it has
 * the same keys, defaults and refusals), the size as {@code instances.resources}. Errors are {@link ConfigException}s,
 * {@code FILE:LINE: key: problem}.
 */
public final class WhatIfCaseFile {

    static final List<String> KEYS = List.of("current", "min", "max", "tolerance", "metric", "instances", "value",
        "ready", "behavior", "history", "events", "raw", "strategy", "vertical", "resources", "machine");
    /** The keys of {@code machine}: the ceiling a case's sizes are read against instead of this machine's. */
    static final List<String> MACHINE_KEYS = List.of("cpu", "memory");
    static final List<String> INSTANCE_KEYS = List.of("id", "phase", "ready", "warming", "value", "missing", "age",
        "ever-ready");
    static final List<String> CPU_INSTANCE_KEYS = List.of("id", "phase", "ready", "warming", "usage", "request",
        "missing", "age", "ever-ready");
    static final List<String> GENERIC_METRIC_KEYS = List.of("type", "target-average", "target-value");

    /**
     * The HPA's CPU initialization period ({@code --horizontal-pod-autoscaler-cpu-initialization-period}, default 5
     * minutes): an unready instance younger than this is unready for CPU whatever happened before.
     */
    static final Duration CPU_INITIALIZATION_PERIOD = Duration.ofMinutes(5);
    static final List<String> HISTORY_KEYS = List.of("age", "recommendation");
    static final List<String> EVENT_KEYS = List.of("age", "change");

    /** The minimum when the case sets none. */
    static final int DEFAULT_MIN = 1;
    /** The maximum when the case sets none. */
    static final int DEFAULT_MAX = 1000;

    private static final Pattern CPU = Pattern.compile("([0-9]+(?:\\.[0-9]+)?)(m?)");
    /** What a case with {@code raw} and no metric tracks: nothing. */
    private static final MetricSpec NO_METRIC = new MetricSpec("raw", new MetricTarget.AverageValue(1));

    private WhatIfCaseFile() {
    }

    /**
     * Reads the case in {@code file}; its sizes are read against this machine unless it gives a {@code machine}.
     *
     * @throws ConfigException when it cannot be read or is not a valid case
     */
    public static WhatIfCase load(Path file) {
        String name = file.toString();
        String text;
        try {
            text = Files.readString(file);
        } catch (NoSuchFileException e) {
            throw new ConfigException(name + ": cannot read: No such file or directory", e);
        } catch (IOException e) {
            throw new ConfigException(name + ": cannot read: " + e.getMessage(), e);
        }
        return parse(text, name, Machine.capacity());
    }

    /**
     * The case in {@code yaml}, read from a file called {@code fileName} (for messages) on a machine of
     * {@code machine} (the ceiling of its sizes when it gives no {@code machine}).
     */
    static WhatIfCase parse(String yaml, String fileName, Resources machine) {
        ConfigNode document = document(yaml, fileName);
        if (!document.isMap()) {
            throw document.unexpected("a mapping with " + String.join(", ", KEYS));
        }
        ConfigMap m = document.map(KEYS);
        Sizing sizing = new Sizing(SizeCatalog.defaults(), machine(m.get("machine"), machine));
        Resources size = InstancesSection.resources(m.get("resources"), sizing);
        Strategy strategy = strategy(m.get("strategy"), size);
        int current = m.require("current").integer();
        int min = m.integer("min", DEFAULT_MIN);
        int max = m.integer("max", DEFAULT_MAX);
        Tolerance tolerance = AutoscaleSection.tolerance(m.get("tolerance"));
        ConfigNode rawNode = m.get("raw");
        Integer raw = rawNode == null ? null : rawNode.integer();
        ConfigNode metricNode = m.get("metric");
        ConfigNode instances = m.get("instances");
        ConfigNode value = m.get("value");
        MetricSpec spec = NO_METRIC;
        MetricReading reading = MetricReading.failed("no metric");
        int readyInstances = current;
        if (metricNode == null && raw == null) {
            throw document.error("missing key 'metric' (expected: a metric, or a raw recommendation)");
        }
        if (metricNode != null) {
            spec = metric(metricNode);
            if (instances != null && value != null) {
                throw value.error("set with instances (expected: one of instances, value)");
            }
            if (instances != null) {
                List<InstanceSample> samples = instances(instances,
                    spec.target() instanceof MetricTarget.Utilization, size.cpu());
                reading = MetricReading.of(samples);
                readyInstances = (int) samples.stream()
                    .filter(s -> s.phase() == Phase.RUNNING && s.ready() && !s.warming()).count();
            } else if (value != null) {
                reading = MetricReading.single(spec.name().equals("latency-p95") ? AutoscaleSection.millis(value)
                    : value.decimal());
            } else if (raw == null) {
                throw document.error("missing key 'instances' or 'value'");
            }
        }
        int ready = m.integer("ready", readyInstances);
        Behavior behavior = AutoscaleSection.behavior(m.get("behavior"));
        List<WhatIf.Past> history = past(m.get("history"), HISTORY_KEYS);
        List<WhatIf.Past> events = past(m.get("events"), EVENT_KEYS);
        MetricSpec metric = spec;
        MetricReading read = reading;
        WhatIf.Case count = m.build(() -> new WhatIf.Case(current, min, max, tolerance, metric, read, ready, behavior,
            history, events, raw));
        // the vertical policy as horizon.yaml's: its bounds default to the case's size and machine
        VerticalPolicy vertical = VerticalSection.read(m, strategy, size, sizing);
        return m.build(() -> new WhatIfCase(count, strategy, vertical, size));
    }

    /** {@code strategy}, horizontal when absent; one that changes the size needs {@code resources.cpu}. */
    private static Strategy strategy(@Nullable ConfigNode node, Resources size) {
        Strategy strategy = node == null ? Strategy.HORIZONTAL
            : node.choice(List.of(Strategy.values()), Strategy::text);
        if (node != null && strategy != Strategy.HORIZONTAL && size.cpu() == null) {
            throw node.error(strategy.text() + " changes the instances' CPU, which has no size to start from "
                + "(expected: resources: { cpu: 500m } with it)");
        }
        return strategy;
    }

    /** {@code machine: { cpu, memory }}: the ceiling of the case's sizes; absent, {@code absent}. */
    private static Resources machine(@Nullable ConfigNode node, Resources absent) {
        if (node == null) {
            return absent;
        }
        ConfigMap m = node.map(MACHINE_KEYS);
        Cpu cpu = m.require("cpu").convert(Cpu::parse);
        ConfigNode memoryNode = m.get("memory");
        return new Resources(cpu, memoryNode == null ? null : memoryNode.convert(Memory::parse));
    }

    /**
     * The case's metric: as in {@code horizon.yaml}'s {@code autoscale.metrics}, or, as the HPA names them, any metric
     * name with {@code target-average} (a pods metric: the average per instance) or {@code target-value} (an object
     * or external metric: one value), e.g. {@code {type: qps, target-average: 15}}.
     */
    private static MetricSpec metric(ConfigNode node) {
        ConfigMap any = node.anyMap();
        String type = any.require("type").text();
        boolean hpaTarget = any.get("target-average") != null || any.get("target-value") != null;
        boolean generic = hpaTarget && !List.of("cpu", "prometheus", "redis-list").contains(type);
        if (!generic) {
            return AutoscaleSection.metric(node).spec();
        }
        ConfigMap m = node.map(GENERIC_METRIC_KEYS);
        return new MetricSpec(type, AutoscaleSection.external(m));
    }

    /**
     * The case's instances; for {@code cpu} a missing {@code request} is {@code defaultRequest}, the size's CPU (as
     * {@code instances.resources.cpu} is the default {@code cpu-request}), and required when there is none.
     */
    private static List<InstanceSample> instances(ConfigNode node, boolean cpu, @Nullable Cpu defaultRequest) {
        List<InstanceSample> samples = new ArrayList<>();
        for (ConfigNode item : node.list()) {
            ConfigMap m = item.map(cpu ? CPU_INSTANCE_KEYS : INSTANCE_KEYS);
            String id = m.text("id", "i" + samples.size());
            ConfigNode phaseNode = m.get("phase");
            Phase phase = phaseNode == null ? Phase.RUNNING : phaseNode.parse(WhatIfCaseFile::phase);
            boolean ready = m.bool("ready", true);
            boolean warming = m.bool("warming", false);
            ConfigNode ageNode = m.get("age");
            if (cpu && ageNode != null && !ready) {
                // the HPA's groupPods for CPU: inside the initialization period an unready instance is unready; after
                // it, only one that never became ready is (an instance that was ready once counts with its usage)
                boolean young = ageNode.duration().compareTo(CPU_INITIALIZATION_PERIOD) < 0;
                ready = !young && m.bool("ever-ready", false);
            }
            boolean missing = m.bool("missing", false);
            Double sample;
            double request = 0;
            String valueKey = cpu ? "usage" : "value";
            ConfigNode valueNode = m.get(valueKey);
            if (missing && valueNode != null) {
                throw valueNode.error("set with missing: true (expected: one of " + valueKey + ", missing)");
            }
            if (cpu) {
                sample = valueNode == null ? null : millicores(valueNode);
                ConfigNode requestNode = m.get("request");
                request = requestNode == null && defaultRequest != null ? defaultRequest.millicores()
                    : millicores(m.require("request"));
            } else {
                sample = valueNode == null ? null : valueNode.decimal();
            }
            Double s = sample;
            double r = request;
            boolean countedReady = ready;
            samples.add(m.build(() -> new InstanceSample(id, phase, countedReady, warming, s, r)));
        }
        return samples;
    }

    private static Phase phase(String text) {
        try {
            return Phase.valueOf(text.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("phase: '" + text + "' (expected: pending, running, failed or "
                + "terminating)", e);
        }
    }

    /** CPU as Kubernetes writes it: {@code 600m} millicores or {@code 0.6} cores, in millicores. */
    private static double millicores(ConfigNode node) {
        String text = node.text();
        Matcher c = CPU.matcher(text);
        if (!c.matches()) {
            throw node.error("'" + text + "' (expected: CPU as millicores like 600m or cores like 0.6)");
        }
        BigDecimal amount = new BigDecimal(c.group(1));
        return c.group(2).isEmpty() ? amount.movePointRight(3).doubleValue() : amount.doubleValue();
    }

    private static List<WhatIf.Past> past(@Nullable ConfigNode node, List<String> keys) {
        List<WhatIf.Past> entries = new ArrayList<>();
        for (ConfigNode item : node == null ? List.<ConfigNode>of() : node.list()) {
            ConfigMap m = item.map(keys);
            Duration age = m.require("age").duration();
            int value = m.require(keys.get(1)).integer();
            entries.add(new WhatIf.Past(age, value));
        }
        return entries;
    }

    /** The YAML document in {@code yaml} as a node tree with lines, or a syntax error at its line. */
    static ConfigNode document(String yaml, String fileName) {
        Node root = YamlDocument.compose(yaml, fileName);
        if (root == null) {
            throw ConfigException.at(fileName, 1, "empty case (expected: " + String.join(", ", KEYS) + ")");
        }
        return new ConfigNode(fileName, Map.copyOf(System.getenv()), root, "", ConfigNode.lineOf(root));
    }
}
