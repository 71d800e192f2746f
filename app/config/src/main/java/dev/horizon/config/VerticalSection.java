package dev.horizon.config;

import dev.horizon.autoscale.Strategy;
import dev.horizon.autoscale.VerticalPolicy;
import dev.horizon.sizing.Cpu;
import dev.horizon.sizing.Memory;
import dev.horizon.sizing.Resources;
import dev.horizon.sizing.SizeCatalog;
import java.time.Duration;
import java.util.List;
import java.util.function.Function;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * {@code autoscale.vertical} of {@code horizon.yaml}, read into a {@link VerticalPolicy} for a strategy that changes
 * the instances' size. Every key is documented in {@code docs/autoscale.md}.
 *
 * <p>The bounds default to the instances' own CPU (the floor: a service starts at its smallest) and this machine's
 * cores (the ceiling), and must hold the size the instances start with; a bound past this machine is refused as a
 * size past it is. {@code step: next-size} walks the catalogue's sizes that fit this machine.
 */
final class VerticalSection {

    static final List<String> KEYS = List.of("min-cpu", "max-cpu", "min-memory", "max-memory", "step", "half-life");
    /** The {@code step} that moves to the neighbouring size of the catalogue. */
    static final String NEXT_SIZE = "next-size";
    /** The default {@code step}: double or halve. */
    static final VerticalPolicy.Step DEFAULT_STEP = new VerticalPolicy.Factor(2);

    private static final Pattern FACTOR = Pattern.compile("[0-9]+(?:\\.[0-9]+)?");

    private VerticalSection() {
    }

    /**
     * The vertical policy of the {@code autoscale} block {@code autoscale} for instances of {@code size}; null for
     * {@link Strategy#HORIZONTAL}, which must then have no {@code vertical} block.
     */
    static @Nullable VerticalPolicy read(ConfigMap autoscale, Strategy strategy, Resources size, Sizing sizing) {
        ConfigNode node = autoscale.get("vertical");
        if (strategy == Strategy.HORIZONTAL) {
            if (node != null) {
                throw node.error("set with strategy horizontal, which never changes the size (expected: strategy "
                    + "vertical, vertical-first, horizontal-first or cheapest)");
            }
            return null;
        }
        Cpu start = size.cpu();
        if (start == null) {
            throw autoscale.require("strategy").error(strategy.text() + " changes the instances' CPU, which has no "
                + "size to start from (expected: instances.resources.cpu or instances.size)");
        }
        ConfigMap m = node == null ? null : node.map(KEYS);
        ConfigNode minCpuNode = get(m, "min-cpu");
        Cpu minCpu = minCpuNode == null ? start : bound(minCpuNode, Cpu::parse, start, sizing);
        ConfigNode maxCpuNode = get(m, "max-cpu");
        Cpu maxCpu = maxCpuNode == null ? sizing.machineCpu() : bound(maxCpuNode, Cpu::parse, start, sizing);
        ConfigNode minMemoryNode = get(m, "min-memory");
        Memory minMemory = minMemoryNode == null ? null : bound(minMemoryNode, Memory::parse, size.memory(), sizing);
        ConfigNode maxMemoryNode = get(m, "max-memory");
        Memory maxMemory = maxMemoryNode == null ? null : bound(maxMemoryNode, Memory::parse, size.memory(), sizing);
        VerticalPolicy.Step step = step(get(m, "step"), sizing);
        Duration halfLife = m == null ? VerticalPolicy.DEFAULT_HALF_LIFE
            : m.duration("half-life", VerticalPolicy.DEFAULT_HALF_LIFE);
        return (m == null ? autoscale : m).build(() -> new VerticalPolicy(minCpu, maxCpu, minMemory, maxMemory, step,
            halfLife, start));
    }

    private static @Nullable ConfigNode get(@Nullable ConfigMap m, String key) {
        return m == null ? null : m.get(key);
    }

    /**
     * The bound {@code node} sets: within this machine (for a {@code max-}), and at most (a {@code min-}) or at least
     * (a {@code max-}) {@code start}, the instances' own amount, when they have one.
     */
    private static <T extends Comparable<T>> T bound(ConfigNode node, Function<String, T> parser, @Nullable T start,
            Sizing sizing) {
        T value = node.convert(parser);
        boolean isMin = node.name().startsWith("min-");
        String what = node.name().substring(4);
        if (!isMin) {
            sizing.requireFits(node, "", value instanceof Cpu c ? new Resources(c, null)
                : new Resources(null, (Memory) value));
        }
        if (start != null && (isMin ? value.compareTo(start) > 0 : value.compareTo(start) < 0)) {
            throw node.error(value + " is " + (isMin ? "more" : "less") + " than the instances' " + what + " " + start
                + " (expected: " + (isMin ? "at most" : "at least") + " the size they start with)");
        }
        return value;
    }

    /** {@code step}: a factor above 1, or {@code next-size}; absent, a factor of 2. */
    private static VerticalPolicy.Step step(@Nullable ConfigNode node, Sizing sizing) {
        if (node == null) {
            return DEFAULT_STEP;
        }
        String text = node.text();
        if (text.equals(NEXT_SIZE)) {
            SizeCatalog fitting = sizing.catalog().within(sizing.machine());
            if (fitting.sizes().isEmpty()) {
                throw node.error("no size of the catalogue fits this machine (" + sizing.machine() + ")");
            }
            return new VerticalPolicy.NextSize(fitting);
        }
        double factor = FACTOR.matcher(text).matches() ? Double.parseDouble(text) : Double.NaN;
        if (!(factor > 1) || Double.isInfinite(factor)) {
            throw node.error("'" + text + "' (expected: a factor > 1 like 2, or " + NEXT_SIZE + ")");
        }
        return new VerticalPolicy.Factor(factor);
    }
}
