package dev.horizon.fleet.internal;

import dev.horizon.sizing.Cpu;
import dev.horizon.sizing.Memory;
import dev.horizon.sizing.Resources;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.jspecify.annotations.Nullable;

/**
 * This machine's ceiling for one local instance: its cores ({@link Runtime#availableProcessors()}, which honours
 * Horizon's own CPU affinity and limits) and its memory ({@code MemTotal} of {@code /proc/meminfo}).
 */
final class Machine {

    private Machine() {
    }

    /** The cores and memory; a missing {@code /proc/meminfo} leaves memory without a ceiling. */
    static Resources capacity() {
        Cpu cpu = Cpu.millicores(Runtime.getRuntime().availableProcessors() * 1000L);
        return new Resources(cpu, memTotal(Path.of("/proc/meminfo")));
    }

    /** {@code MemTotal} of a meminfo file, or {@code null} when it cannot be read. */
    static @Nullable Memory memTotal(Path meminfo) {
        try {
            for (String line : Files.readAllLines(meminfo, StandardCharsets.US_ASCII)) {
                if (line.startsWith("MemTotal:")) {
                    String kb = line.substring("MemTotal:".length()).replace("kB", "").strip();
                    return new Memory(Long.parseLong(kb) * 1024);
                }
            }
        } catch (IOException | RuntimeException e) {
            return null;
        }
        return null;
    }
}
