package dev.horizon.config;

import dev.horizon.sizing.Cpu;
import dev.horizon.sizing.Memory;
import dev.horizon.sizing.Resources;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * The size of this machine: the most an instance may be given here, the seeds' "hardware limit". Its cores are what
 * the JVM may use ({@link Runtime#availableProcessors}, which counts the CPU affinity and a container's quota); its
 * memory is {@code MemTotal} of {@code /proc/meminfo}, rounded down to a mebibyte, or no ceiling where that file cannot
 * be read.
 */
final class Machine {

    private static final Pattern MEM_TOTAL = Pattern.compile("(?m)^MemTotal:\\s+([0-9]+) kB$");

    private Machine() {
    }

    /** This machine's cores and memory. */
    static Resources capacity() {
        return capacity(Runtime.getRuntime().availableProcessors(), Path.of("/proc/meminfo"));
    }

    /** {@code cores} and the memory {@code meminfo} reports, or no memory ceiling when it does not. */
    static Resources capacity(int cores, Path meminfo) {
        return new Resources(Cpu.millicores(cores * 1000L), memTotal(meminfo));
    }

    private static @Nullable Memory memTotal(Path meminfo) {
        try {
            Matcher m = MEM_TOTAL.matcher(Files.readString(meminfo));
            return m.find() ? Memory.mebibytes(Long.parseLong(m.group(1)) >> 10) : null;
        } catch (IOException | IllegalArgumentException e) {
            return null; // not Linux, or a meminfo without MemTotal: the memory has no ceiling, as before this check
        }
    }
}
