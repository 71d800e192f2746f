package dev.horizon.config;

import dev.horizon.fleet.CountOrPercent;
import dev.horizon.fleet.FleetSpec;
import dev.horizon.sizing.Cpu;
import dev.horizon.sizing.Memory;
import dev.horizon.sizing.ResizePolicy;
import dev.horizon.sizing.Resources;
import dev.horizon.sizing.Size;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/** Reads a service's {@code instances} block into {@link InstancesConfig}. */
final class InstancesSection {

    static final List<String> KEYS = List.of("command", "env", "min", "max", "warmup", "drain-timeout",
        "start-timeout", "unhealthy-grace", "max-unhealthy-replacements", "cpu-request", "state-dir", "resources",
        "size", "resize-policy");
    static final List<String> RESOURCES_KEYS = List.of("cpu", "memory");
    /** The per-instance references a command keeps for the fleet to fill in. */
    static final Set<String> PER_INSTANCE = Set.of("PORT", "INSTANCE_ID", "SERVICE");

    private static final Pattern CPU = Pattern.compile("([0-9]+)m|([0-9]+(?:\\.[0-9]{1,3})?)");
    private static final Pattern SHARE = Pattern.compile("([0-9]{1,9})(%?)");
    private static final Pattern ENV_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

    private InstancesSection() {
    }

    /** The {@code instances} block at {@code node}, its size read against {@code sizing}. */
    static InstancesConfig read(ConfigNode node, Sizing sizing) {
        ConfigMap m = node.map(KEYS);
        List<String> command = command(m.require("command"));
        Map<String, String> env = env(m.get("env"));
        int min = m.integer("min", 1);
        int max = m.integer("max", Math.max(min, 1));
        Size size = size(m, sizing);
        Resources resources = size != null ? size.resources() : resources(m.get("resources"), sizing);
        Cpu sizedCpu = resources.cpu();
        ConfigNode cpuNode = m.get("cpu-request");
        long cpu = cpuNode != null ? cpuMillis(cpuNode)
            : sizedCpu != null ? sizedCpu.millicores() : InstancesConfig.DEFAULT_CPU_REQUEST_MILLIS;
        ConfigNode policyNode = m.get("resize-policy");
        ResizePolicy resizePolicy = policyNode == null ? InstancesConfig.DEFAULT_RESIZE_POLICY
            : policyNode.choice(List.of(ResizePolicy.values()), ResizePolicy::text);
        ConfigNode dirNode = m.get("state-dir");
        Path stateDir = dirNode == null ? InstancesConfig.DEFAULT_STATE_DIR : Path.of(dirNode.text());
        ConfigNode shareNode = m.get("max-unhealthy-replacements");
        Matcher share = null;
        if (shareNode != null) {
            share = SHARE.matcher(shareNode.text());
            if (!share.matches()) {
                throw shareNode.error("'" + shareNode.text() + "' (expected: a count like 1, or a percentage of the "
                    + "desired count like 25%)");
            }
        }
        Matcher shareFound = share;
        return m.build(() -> new InstancesConfig(command, env, min, max,
            m.duration("warmup", InstancesConfig.DEFAULT_WARMUP),
            m.duration("drain-timeout", InstancesConfig.DEFAULT_DRAIN_TIMEOUT),
            m.duration("start-timeout", InstancesConfig.DEFAULT_START_TIMEOUT),
            m.duration("unhealthy-grace", InstancesConfig.DEFAULT_UNHEALTHY_GRACE),
            shareFound == null ? FleetSpec.DEFAULT_MAX_UNHEALTHY_REPLACEMENTS
                : new CountOrPercent(Integer.parseInt(shareFound.group(1)), !shareFound.group(2).isEmpty()), cpu,
            stateDir, resources, size, resizePolicy));
    }

    /** The catalogue's size {@code size} names, refused past this machine; null when {@code size} is absent. */
    private static @Nullable Size size(ConfigMap m, Sizing sizing) {
        ConfigNode node = m.get("size");
        if (node == null) {
            return null;
        }
        if (m.get("resources") != null) {
            throw node.error("set with resources (expected: one of resources, size)");
        }
        String name = node.text();
        Size size = sizing.catalog().named(name).orElseThrow(() -> node.error("'" + name + "' (expected: a size of "
            + "the catalogue: " + sizing.catalog().names() + ")"));
        sizing.requireFits(node, "'" + name + "' is too big: ", size.resources());
        return size;
    }

    /** {@code resources: { cpu, memory }}, either optional, refused past this machine; unlimited when absent. */
    static Resources resources(@Nullable ConfigNode node, Sizing sizing) {
        if (node == null) {
            return Resources.UNLIMITED;
        }
        ConfigMap m = node.map(RESOURCES_KEYS);
        ConfigNode cpuNode = m.get("cpu");
        ConfigNode memoryNode = m.get("memory");
        if (cpuNode == null && memoryNode == null) {
            throw node.error("empty (expected: cpu, memory or both, like { cpu: 500m, memory: 512Mi })");
        }
        Resources resources = new Resources(cpuNode == null ? null : cpuNode.convert(Cpu::parse),
            memoryNode == null ? null : memoryNode.convert(Memory::parse));
        sizing.requireFits(node, "", resources);
        return resources;
    }

    private static List<String> command(ConfigNode node) {
        if (node.isScalar()) {
            throw node.unexpected("a list of arguments, like [java, -jar, app.jar, --port=${PORT}]");
        }
        List<String> argv = new ArrayList<>();
        for (ConfigNode arg : node.list()) {
            argv.add(arg.template(PER_INSTANCE));
        }
        if (argv.isEmpty()) {
            throw node.error("empty (expected: the program and its arguments)");
        }
        return argv;
    }

    private static Map<String, String> env(@Nullable ConfigNode node) {
        if (node == null) {
            return Map.of();
        }
        Map<String, String> env = new LinkedHashMap<>();
        for (Map.Entry<String, ConfigNode> e : node.anyMap().entries().entrySet()) {
            if (!ENV_NAME.matcher(e.getKey()).matches()) {
                throw e.getValue().error("'" + e.getKey() + "' is not a variable name (expected: letters, digits, _)");
            }
            env.put(e.getKey(), e.getValue().template(PER_INSTANCE));
        }
        return env;
    }

    /** {@code 500m} is 500 millicores, {@code 2} or {@code 0.25} are cores. */
    private static long cpuMillis(ConfigNode node) {
        String text = node.text();
        Matcher m = CPU.matcher(text);
        if (!m.matches()) {
            throw node.error("'" + text + "' (expected: millicores like 500m, or cores like 0.5 or 2)");
        }
        try {
            return m.group(1) != null ? Long.parseLong(m.group(1))
                : new BigDecimal(m.group(2)).movePointRight(3).longValueExact();
        } catch (ArithmeticException | NumberFormatException e) {
            throw node.error("'" + text + "' (expected: millicores like 500m, or cores like 0.5 or 2)");
        }
    }
}
