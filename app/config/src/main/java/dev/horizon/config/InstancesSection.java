package dev.horizon.config;

import dev.horizon.fleet.CountOrPercent;
import dev.horizon.fleet.FleetSpec;
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
        "start-timeout", "unhealthy-grace", "max-unhealthy-replacements", "cpu-request", "state-dir");
    /** The per-instance references a command keeps for the fleet to fill in. */
    static final Set<String> PER_INSTANCE = Set.of("PORT", "INSTANCE_ID", "SERVICE");

    private static final Pattern CPU = Pattern.compile("([0-9]+)m|([0-9]+(?:\\.[0-9]{1,3})?)");
    private static final Pattern SHARE = Pattern.compile("([0-9]{1,9})(%?)");
    private static final Pattern ENV_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

    private InstancesSection() {
    }

    static InstancesConfig read(ConfigNode node) {
        ConfigMap m = node.map(KEYS);
        List<String> command = command(m.require("command"));
        Map<String, String> env = env(m.get("env"));
        int min = m.integer("min", 1);
        int max = m.integer("max", Math.max(min, 1));
        ConfigNode cpuNode = m.get("cpu-request");
        long cpu = cpuNode == null ? InstancesConfig.DEFAULT_CPU_REQUEST_MILLIS : cpuMillis(cpuNode);
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
            stateDir));
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
