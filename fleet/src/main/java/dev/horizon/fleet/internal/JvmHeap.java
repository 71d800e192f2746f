package dev.horizon.fleet.internal;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.OptionalLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The largest heap a JVM fixed for itself at start: what a memory limit must not go below while it runs.
 *
 * <p>Implementation notes. HotSpot re-reads its container's CPU limit at run time but sizes its heap once, at start
 * (JDK-8146115, container awareness): {@code -Xmx} (or {@code -XX:MaxHeapSize}) when given, else from the memory
 * it saw — the cgroup's limit, or {@code -XX:MaxRAM} when smaller, or the machine's memory when it had no limit — as
 * {@code Arguments::set_heap_size} does: {@code MinRAMPercentage} (default 50) of it when that is less than the default
 * max heap (96 MB scaled by 1.3 for 64-bit words), else {@code MaxRAMPercentage} (default 25) of it but at least that
 * default. So 200 MiB gives 100 MiB, 256 MiB about 125 MiB, 1 GiB 256 MiB. The last occurrence of a flag wins, and
 * {@code JAVA_TOOL_OPTIONS} and {@code JDK_JAVA_OPTIONS} come before the command line. HotSpot then aligns the heap to
 * its alignment (up to a few MiB more); the estimate leaves that out.
 */
final class JvmHeap {

    /** HotSpot's default {@code MaxRAMPercentage}. */
    static final double DEFAULT_MAX_PERCENTAGE = 25;

    /** HotSpot's default {@code MinRAMPercentage}. */
    static final double DEFAULT_MIN_PERCENTAGE = 50;

    /** HotSpot's default {@code MaxHeapSize} on 64-bit: {@code ScaleForWordSize(96M)}, 96 MiB × 13 / 10. */
    static final long DEFAULT_MAX_HEAP = (96L << 20) * 13 / 10 / 8 * 8;

    private static final Pattern SIZE = Pattern.compile("([0-9]+)([kKmMgGtT]?)");

    private JvmHeap() {
    }

    /**
     * The max heap of a process running {@code argv} (options from the environment first), which saw {@code memory}
     * bytes at start; empty when it is not a JVM ({@code java} as its program).
     */
    static OptionalLong maxBytes(List<String> argv, long memory) {
        if (argv.isEmpty() || !Path.of(argv.getFirst()).getFileName().toString().equals("java")) {
            return OptionalLong.empty();
        }
        long xmx = -1;
        long maxRam = -1;
        double percentage = DEFAULT_MAX_PERCENTAGE;
        double minPercentage = DEFAULT_MIN_PERCENTAGE;
        for (String arg : argv.subList(1, argv.size())) {
            if (arg.startsWith("-Xmx")) {
                xmx = bytes(arg.substring(4), xmx);
            } else if (arg.startsWith("-XX:MaxHeapSize=")) {
                xmx = bytes(arg.substring("-XX:MaxHeapSize=".length()), xmx);
            } else if (arg.startsWith("-XX:MaxRAM=")) {
                maxRam = bytes(arg.substring("-XX:MaxRAM=".length()), maxRam);
            } else if (arg.startsWith("-XX:MaxRAMPercentage=")) {
                percentage = percentage(arg.substring("-XX:MaxRAMPercentage=".length()), percentage);
            } else if (arg.startsWith("-XX:MinRAMPercentage=")) {
                minPercentage = percentage(arg.substring("-XX:MinRAMPercentage=".length()), minPercentage);
            } else if (!arg.startsWith("-")) {
                break; // the main class or -jar's file: the rest are the program's arguments
            }
        }
        if (xmx >= 0) {
            return OptionalLong.of(xmx);
        }
        long seen = maxRam >= 0 ? Math.min(maxRam, memory) : memory;
        long small = (long) (seen * minPercentage / 100);
        return OptionalLong.of(small < DEFAULT_MAX_HEAP ? small
            : Math.max((long) (seen * percentage / 100), DEFAULT_MAX_HEAP));
    }

    private static long bytes(String text, long otherwise) {
        Matcher m = SIZE.matcher(text);
        if (!m.matches()) {
            return otherwise;
        }
        int shift = switch (m.group(2).toLowerCase(Locale.ROOT)) {
            case "k" -> 10;
            case "m" -> 20;
            case "g" -> 30;
            case "t" -> 40;
            default -> 0;
        };
        return Long.parseLong(m.group(1)) << shift;
    }

    private static double percentage(String text, double otherwise) {
        try {
            return Double.parseDouble(text);
        } catch (NumberFormatException e) {
            return otherwise;
        }
    }
}
