package dev.horizon.sizing;

import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The size of one instance: its CPU limit and its memory limit, either of which may be absent (unlimited), as
 * {@code instances.resources: { cpu: 500m, memory: 512Mi }} writes it.
 *
 * @param cpu    the CPU limit, or null for none
 * @param memory the memory limit, or null for none
 */
public record Resources(@Nullable Cpu cpu, @Nullable Memory memory) {

    /** No limits at all. */
    public static final Resources UNLIMITED = new Resources(null, null);

    /** A size with both limits, parsed: {@code Resources.of("500m", "512Mi")}. */
    public static Resources of(String cpu, String memory) {
        return new Resources(Cpu.parse(cpu), Memory.parse(memory));
    }

    /** Whether neither limit is set. */
    public boolean unlimited() {
        return cpu == null && memory == null;
    }

    /** This size with {@code newCpu}. */
    public Resources withCpu(@Nullable Cpu newCpu) {
        return new Resources(newCpu, memory);
    }

    /** This size with {@code newMemory}. */
    public Resources withMemory(@Nullable Memory newMemory) {
        return new Resources(cpu, newMemory);
    }

    /**
     * What of this size does not fit in {@code ceiling} (a limit there that is null is no ceiling), in words, e.g.
     * {@code cpu 4000m is more than this machine's 2000m}; empty when it fits.
     */
    public List<String> over(Resources ceiling, String whose) {
        List<String> over = new ArrayList<>();
        Cpu c = cpu;
        Cpu maxCpu = ceiling.cpu();
        if (c != null && maxCpu != null && c.compareTo(maxCpu) > 0) {
            over.add("cpu " + c + " is more than " + whose + " " + maxCpu);
        }
        Memory m = memory;
        Memory maxMemory = ceiling.memory();
        if (m != null && maxMemory != null && m.compareTo(maxMemory) > 0) {
            over.add("memory " + m + " is more than " + whose + " " + maxMemory);
        }
        return over;
    }

    /** As the file writes it: {@code cpu 500m, memory 512Mi}, with {@code unlimited} for a missing limit. */
    @Override
    public String toString() {
        return "cpu " + (cpu == null ? "unlimited" : cpu) + ", memory " + (memory == null ? "unlimited" : memory);
    }

    /** Short, for tables and decision lines: {@code 500m/512Mi}, {@code -} for a missing limit. */
    public String brief() {
        return (cpu == null ? "-" : cpu.toString()) + "/" + (memory == null ? "-" : memory.toString());
    }
}
